using System.Collections.Immutable;
using Overlay.Ovsdb;

namespace Overlay.Agent.Ovs;

/// <summary>
/// The OVSDB rows the agent monitors (Open_vSwitch external_ids, Port name/external_ids/interfaces, Interface
/// name/external_ids/ofport), kept up to date from monitor batches. Pure: <see cref="Apply"/> folds a batch
/// in and <see cref="Snapshot"/> derives the <see cref="LocalOvsState"/>.
/// </summary>
public sealed class OvsRows
{
    /// <summary>Port <c>external_ids</c> key marking the tunnel ports the agent created, valued with the remote chassis name.</summary>
    public const string TunnelChassisKey = "overlay-chassis-id";

    public static readonly ImmutableArray<MonitorRequest> Monitors =
    [
        new("Open_vSwitch", ["external_ids"]),
        new("Port", ["name", "external_ids", "interfaces"]),
        new("Interface", ["name", "external_ids", "ofport"]),
    ];

    private readonly Dictionary<string, Dictionary<Guid, OvsdbRow>> _tables = new(StringComparer.Ordinal)
    {
        ["Open_vSwitch"] = [],
        ["Port"] = [],
        ["Interface"] = [],
    };

    public void Apply(TableUpdates updates)
    {
        foreach (RowUpdate update in updates.Rows)
        {
            if (!_tables.TryGetValue(update.Table, out var rows))
                continue;
            if (update.New is { } changes)
                rows[update.Uuid] = rows.TryGetValue(update.Uuid, out var known) ? known.Merge(changes) : changes;
            else
                rows.Remove(update.Uuid);
        }
    }

    public LocalOvsState Snapshot()
    {
        ChassisIdentity? identity = _tables["Open_vSwitch"].Values
            .Select(r => ChassisIdentity.FromExternalIds(r.GetStringMap("external_ids")))
            .FirstOrDefault();
        var vifs = ImmutableSortedDictionary.CreateBuilder<string, uint?>(StringComparer.Ordinal);
        var interfaces = _tables["Interface"];
        foreach (OvsdbRow row in interfaces.Values.OrderBy(r => Name(r), StringComparer.Ordinal))
        {
            if (row.GetStringMap("external_ids").TryGetValue("iface-id", out string? ifaceId) && ifaceId.Length > 0)
                vifs.TryAdd(ifaceId, OfPort(row));
        }

        var tunnels = ImmutableSortedDictionary.CreateBuilder<string, uint?>(StringComparer.Ordinal);
        foreach (OvsdbRow port in _tables["Port"].Values.OrderBy(r => Name(r), StringComparer.Ordinal))
        {
            if (!port.GetStringMap("external_ids").TryGetValue(TunnelChassisKey, out string? chassis) || chassis.Length == 0)
                continue;
            uint? ofport = port.GetUuids("interfaces").Select(u => interfaces.GetValueOrDefault(u)).Select(i => i is null ? null : OfPort(i)).FirstOrDefault();
            if (!tunnels.TryGetValue(chassis, out uint? known) || known is null)
                tunnels[chassis] = ofport;
        }

        return new LocalOvsState(true, identity, vifs.ToImmutable(), tunnels.ToImmutable());
    }

    private static string Name(OvsdbRow row) => row.TryGetValue("name", out var d) && d.TryGetSingle(out var a) ? a.AsString : "";

    /// <summary>Interface.ofport: empty until assigned, -1 when OVS failed; both mean none.</summary>
    private static uint? OfPort(OvsdbRow row) =>
        row.GetOptional("ofport") is { Kind: AtomKind.Integer } atom && atom.AsInteger is > 0 and < 0xff00 ? (uint)atom.AsInteger : null;
}
