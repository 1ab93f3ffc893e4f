using System.Collections.Immutable;

namespace Overlay.Logical;

/// <summary>Key spaces shared by both compiler stages (OVN's numbering).</summary>
public static class Keys
{
    public const uint MinDatapath = 1;
    public const uint MaxDatapath = (1u << 24) - 1;
    public const uint MinPort = 1;
    public const uint MaxPort = 32767;
    public const uint McFlood = 32768;
    public const uint McUnknown = 32769;
    public const uint McFloodL2 = 32772;
    public const string McFloodName = "_MC_flood";
    public const string McUnknownName = "_MC_unknown";
    public const string McFloodL2Name = "_MC_flood_l2";
}

/// <summary>A logical datapath (one per switch or router) and its 24-bit tunnel key.</summary>
public sealed record DatapathBinding(uint Key, string Name, DatapathKind Kind);

/// <summary>
/// A logical port on a datapath with its 15-bit port key. Type is "" for a VIF and "patch" for either
/// side of a switch–router or router–router link; Peer names the other side of a patch.
/// Addresses and PortSecurity are copied from the NB for tools and hosts.
/// </summary>
public sealed record PortBinding(
    string Name,
    uint Datapath,
    uint Key,
    string Type,
    string? Peer,
    ValueArray<string> Addresses,
    ValueArray<string> PortSecurity)
{
    public bool IsPatch => Type == "patch";
}

/// <summary>A multicast group on a datapath (key ≥ 32768) and its member ports.</summary>
public sealed record MulticastGroup(uint Datapath, string Name, uint Key, ValueArray<string> Ports);

/// <summary>Named sets referenced by matches as $name and @name.</summary>
public sealed record AddressSetBinding(string Name, ValueArray<string> Addresses);

public sealed record PortGroupBinding(string Name, ValueArray<string> Ports);

/// <summary>
/// Everything stage 1 hands to stage 2 and to the tools: datapaths, port bindings, multicast groups,
/// address sets, port groups and logical flows, at one NB revision.
/// </summary>
public sealed record LogicalNetwork(
    long Revision,
    ImmutableArray<DatapathBinding> Datapaths,
    ImmutableArray<PortBinding> Ports,
    ImmutableArray<MulticastGroup> MulticastGroups,
    ImmutableArray<AddressSetBinding> AddressSets,
    ImmutableArray<PortGroupBinding> PortGroups,
    ImmutableArray<LogicalFlow> Flows)
{
    /// <summary>The logical flows, in the order given; setting them (<c>with { Flows = … }</c>) finds <see cref="FlowsByDatapath"/> again.</summary>
    public ImmutableArray<LogicalFlow> Flows
    {
        get;
        init
        {
            field = value;
            FlowsByDatapath = InDatapathOrder(value);
        }
    } = Flows;

    /// <summary>
    /// True when <see cref="Flows"/> come in ascending datapath order, as northd lists them: a host then finds its
    /// datapaths' flows by binary search instead of reading every flow. Found once, when the flows are set (a network
    /// is immutable), where they were just made or read, not again by every host's translation.
    /// </summary>
    public bool FlowsByDatapath { get; private init; } = InDatapathOrder(Flows);

    private static bool InDatapathOrder(ImmutableArray<LogicalFlow> flows)
    {
        var all = flows.AsSpan();
        for (int i = 1; i < all.Length; i++)
            if (all[i - 1].Datapath > all[i].Datapath) return false;
        return true;
    }
}
