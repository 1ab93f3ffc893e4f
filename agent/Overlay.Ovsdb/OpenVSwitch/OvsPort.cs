using System.Collections.Immutable;

namespace Overlay.Ovsdb.OpenVSwitch;

/// <summary>A Port row with its interfaces.</summary>
public sealed record OvsPort(Guid Uuid, string Name, ImmutableSortedDictionary<string, string> ExternalIds, ImmutableArray<OvsInterface> Interfaces);

/// <summary>
/// An Interface row. <see cref="OfPort"/> is null until ovs-vswitchd has assigned an OpenFlow port number,
/// and when it could not (OVS then reports -1).
/// </summary>
public sealed record OvsInterface(
    Guid Uuid,
    string Name,
    string Type,
    ImmutableSortedDictionary<string, string> Options,
    ImmutableSortedDictionary<string, string> ExternalIds,
    int? OfPort)
{
    internal static readonly ImmutableArray<string> Columns = ["_uuid", "name", "type", "options", "external_ids", "ofport"];

    internal static OvsInterface FromRow(OvsdbRow row) => new(
        row.Uuid ?? throw new OvsdbProtocolException("Interface row without _uuid"),
        row.GetString("name"),
        row.TryGetValue("type", out var type) && type.TryGetSingle(out var t) ? t.AsString : "",
        row.GetStringMap("options"),
        row.GetStringMap("external_ids"),
        ReadOfPort(row));

    /// <summary>Interface.ofport: an empty set until assigned, -1 on failure; both mean "no port".</summary>
    internal static int? ReadOfPort(OvsdbRow row) =>
        row.GetOptional("ofport") is { Kind: AtomKind.Integer } atom && atom.AsInteger is > 0 and <= int.MaxValue
            ? (int)atom.AsInteger
            : null;
}
