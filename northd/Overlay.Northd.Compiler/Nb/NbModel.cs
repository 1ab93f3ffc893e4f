using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// The northbound database: what operators declare. Immutable; every change makes a new value.
/// Tunnel keys are allocated when an object is created and stored with it, so they never move
/// while the object lives and every replica agrees on them.
/// Collections are keyed by name with ordinal ordering, which makes every walk deterministic.
/// </summary>
public sealed record NbDatabase(
    long Revision,
    ImmutableSortedDictionary<string, LogicalSwitch> Switches,
    ImmutableSortedDictionary<string, LogicalRouter> Routers,
    ImmutableSortedDictionary<string, AddressSet> AddressSets,
    ImmutableSortedDictionary<string, PortGroup> PortGroups)
{
    public static NbDatabase Empty { get; } = new(
        0,
        ImmutableSortedDictionary.Create<string, LogicalSwitch>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, LogicalRouter>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, AddressSet>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, PortGroup>(StringComparer.Ordinal));

    // Records compare dictionaries by reference; the model compares by content so two databases
    // built by different paths (script, YAML, store) are equal when they say the same thing.
    public bool Equals(NbDatabase? other) =>
        ReferenceEquals(this, other) || other is not null && Revision == other.Revision
        && SortedMaps.ContentEquals(Switches, other.Switches) && SortedMaps.ContentEquals(Routers, other.Routers)
        && SortedMaps.ContentEquals(AddressSets, other.AddressSets) && SortedMaps.ContentEquals(PortGroups, other.PortGroups);

    public override int GetHashCode() =>
        HashCode.Combine(Revision, SortedMaps.ContentHash(Switches), SortedMaps.ContentHash(Routers),
            SortedMaps.ContentHash(AddressSets), SortedMaps.ContentHash(PortGroups));
}

/// <summary>A logical switch: a broadcast domain. Ports and ACLs live inside it.</summary>
public sealed record LogicalSwitch(
    string Name,
    uint TunnelKey,
    ImmutableSortedDictionary<string, SwitchPort> Ports,
    ValueArray<Acl> Acls)
{
    public static LogicalSwitch Create(string name, uint key) =>
        new(name, key, ImmutableSortedDictionary.Create<string, SwitchPort>(StringComparer.Ordinal), ValueArray<Acl>.Empty);

    public bool Equals(LogicalSwitch? other) =>
        ReferenceEquals(this, other) || other is not null && Name == other.Name && TunnelKey == other.TunnelKey
        && SortedMaps.ContentEquals(Ports, other.Ports) && Acls == other.Acls;

    public override int GetHashCode() => HashCode.Combine(Name, TunnelKey, SortedMaps.ContentHash(Ports), Acls);
}

/// <summary>Switch port types: "" (VIF), "router" (attached to a router port via options:router-port).</summary>
public static class PortTypes
{
    public const string Vif = "";
    public const string Router = "router";
    public static readonly ImmutableArray<string> Supported = [Vif, Router];
}

/// <summary>
/// A logical switch port. Addresses: "MAC [IP...]", "unknown" or "router". PortSecurity: "MAC [IP[/PLEN]...]".
/// Options: for type router, router-port=LRP.
/// </summary>
public sealed record SwitchPort(
    string Name,
    string Type,
    ValueArray<string> Addresses,
    ValueArray<string> PortSecurity,
    ImmutableSortedDictionary<string, string> Options,
    uint TunnelKey,
    bool Enabled = true)
{
    public static SwitchPort Create(string name, uint key) =>
        new(name, PortTypes.Vif, ValueArray<string>.Empty, ValueArray<string>.Empty,
            ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), key);

    public string? RouterPort => Options.GetValueOrDefault("router-port");

    public bool Equals(SwitchPort? other) =>
        ReferenceEquals(this, other) || other is not null && Name == other.Name && Type == other.Type && Addresses == other.Addresses
        && PortSecurity == other.PortSecurity && SortedMaps.ContentEquals(Options, other.Options)
        && TunnelKey == other.TunnelKey && Enabled == other.Enabled;

    public override int GetHashCode() =>
        HashCode.Combine(Name, Type, Addresses, PortSecurity, SortedMaps.ContentHash(Options), TunnelKey, Enabled);
}

/// <summary>A logical router with its ports and static routes.</summary>
public sealed record LogicalRouter(
    string Name,
    uint TunnelKey,
    ImmutableSortedDictionary<string, RouterPort> Ports,
    ValueArray<StaticRoute> StaticRoutes)
{
    public static LogicalRouter Create(string name, uint key) =>
        new(name, key, ImmutableSortedDictionary.Create<string, RouterPort>(StringComparer.Ordinal), ValueArray<StaticRoute>.Empty);

    public bool Equals(LogicalRouter? other) =>
        ReferenceEquals(this, other) || other is not null && Name == other.Name && TunnelKey == other.TunnelKey
        && SortedMaps.ContentEquals(Ports, other.Ports) && StaticRoutes == other.StaticRoutes;

    public override int GetHashCode() => HashCode.Combine(Name, TunnelKey, SortedMaps.ContentHash(Ports), StaticRoutes);
}

/// <summary>A router port: MAC, networks ("10.0.0.1/24"), optional peer router port for router–router links.</summary>
public sealed record RouterPort(string Name, string Mac, ValueArray<string> Networks, string? Peer, uint TunnelKey, bool Enabled = true);

/// <summary>A static route: IPv4 prefix → next hop, optionally pinned to an output port. Policy "dst-ip" (default) or "src-ip".</summary>
public sealed record StaticRoute(string IpPrefix, string Nexthop, string? OutputPort = null, string Policy = "dst-ip");

/// <summary>ACL directions and verdicts, as in OVN.</summary>
public static class AclValues
{
    public const string FromLport = "from-lport";
    public const string ToLport = "to-lport";
    public static readonly ImmutableArray<string> Directions = [FromLport, ToLport];
    public static readonly ImmutableArray<string> Actions = ["allow", "allow-related", "allow-stateless", "drop", "reject"];
    public const int MaxPriority = 32767;
}

/// <summary>An ACL on a switch or a port group. Priority 0..32767; Match in OVN syntax.</summary>
public sealed record Acl(string Direction, int Priority, string Match, string Action, string? Name = null);

/// <summary>A named set of addresses (IPv4/IPv6/MAC, CIDRs allowed), referenced in matches as $name.</summary>
public sealed record AddressSet(string Name, ValueArray<string> Addresses);

/// <summary>A named set of switch ports with ACLs that apply to every switch the group touches; referenced as @name.</summary>
public sealed record PortGroup(string Name, ValueArray<string> Ports, ValueArray<Acl> Acls);
