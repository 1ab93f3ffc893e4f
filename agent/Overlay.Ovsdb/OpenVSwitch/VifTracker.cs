using System.Collections.Immutable;

namespace Overlay.Ovsdb.OpenVSwitch;

/// <summary>
/// Turns Interface-table monitor updates into VIF events. Pure: keeps the monitored rows and the current VIFs,
/// and returns the events each batch implies. A changed iface-id is a removal followed by an addition.
/// </summary>
public sealed class VifTracker
{
    public const string IfaceIdKey = "iface-id";

    /// <summary>The Interface columns the tracker needs.</summary>
    public static readonly ImmutableArray<string> Columns = ["name", "external_ids", "ofport"];

    private readonly Dictionary<Guid, OvsdbRow> _rows = [];

    /// <summary>Current VIFs by Interface uuid.</summary>
    public ImmutableDictionary<Guid, Vif> Current { get; private set; } = ImmutableDictionary<Guid, Vif>.Empty;

    public ImmutableArray<VifEvent> Apply(TableUpdates updates)
    {
        var events = ImmutableArray.CreateBuilder<VifEvent>();
        var current = Current.ToBuilder();
        foreach (var update in updates.Rows)
        {
            if (update.Table != "Interface")
                continue;

            current.TryGetValue(update.Uuid, out var before);
            Vif? after = null;
            if (update.New is { } changes)
            {
                // "new" carries every monitored column, but merging also tolerates servers that send fewer.
                var row = _rows.TryGetValue(update.Uuid, out var known) ? known.Merge(changes) : changes;
                _rows[update.Uuid] = row;
                after = ToVif(update.Uuid, row);
            }
            else
            {
                _rows.Remove(update.Uuid);
            }

            if (before is not null && (after is null || after.IfaceId != before.IfaceId))
                events.Add(new VifEvent(VifEventKind.Removed, before));
            if (after is not null && (before is null || after.IfaceId != before.IfaceId))
                events.Add(new VifEvent(VifEventKind.Added, after));
            else if (after is not null && before is not null && after.OfPort != before.OfPort)
                events.Add(new VifEvent(VifEventKind.OfPortChanged, after));

            if (after is null)
                current.Remove(update.Uuid);
            else
                current[update.Uuid] = after;
        }
        Current = current.ToImmutable();
        return events.ToImmutable();
    }

    private static Vif? ToVif(Guid uuid, OvsdbRow row)
    {
        if (!row.GetStringMap("external_ids").TryGetValue(IfaceIdKey, out string? ifaceId) || ifaceId.Length == 0)
            return null;
        return new Vif(uuid, row.TryGetValue("name", out var name) && name.TryGetSingle(out var n) ? n.AsString : "", ifaceId, OvsInterface.ReadOfPort(row));
    }
}
