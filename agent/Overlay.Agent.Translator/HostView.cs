using System.Collections.Frozen;
using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>
/// Another chassis as this host sees it: its name, Geneve encap IP and, once the agent has created the tunnel
/// port toward it, that port's OpenFlow number (null: the translator picks one to request with ofport_request).
/// </summary>
public sealed record RemoteChassis(string Name, string EncapIp, uint? TunnelOfPort = null);

/// <summary>
/// Everything one host's translation depends on: the chassis' own name and encap IP, the other chassis,
/// the logical network from northd, which chassis each logical port is bound to, and the OpenFlow port
/// of every logical port bound here. Ports missing from <see cref="PortChassis"/> are unbound.
/// </summary>
public sealed record HostView(
    string Chassis,
    string EncapIp,
    ImmutableArray<RemoteChassis> Remotes,
    LogicalNetwork Network,
    IReadOnlyDictionary<string, string> PortChassis,
    IReadOnlyDictionary<string, uint> OfPorts)
{
    /// <summary>
    /// Builds a view from binding lines as the CLI reads them: (logical port, chassis, ofport if local).
    /// Ports bound to <paramref name="chassis"/> need an ofport to get physical flows.
    /// </summary>
    public static HostView Create(
        string chassis,
        string encapIp,
        IEnumerable<RemoteChassis> remotes,
        LogicalNetwork network,
        IEnumerable<(string Port, string Chassis, uint? OfPort)> bindings)
    {
        var where = new Dictionary<string, string>(StringComparer.Ordinal);
        var ofports = new Dictionary<string, uint>(StringComparer.Ordinal);
        // One string per chassis: a view has a few chassis and thousands of bindings, which then share them (and a
        // binding's chassis compared with this host's is mostly the same string, or one of a few in cache).
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [chassis] = chassis };
        foreach (var (port, on, ofport) in bindings)
        {
            if (!names.TryGetValue(on, out var shared)) names[on] = shared = on;
            where[port] = shared;
            if (ReferenceEquals(shared, chassis) && ofport is { } n) ofports[port] = n;
        }
        return new HostView(chassis, encapIp, [.. remotes.Where(r => r.Name != chassis).OrderBy(r => r.Name, StringComparer.Ordinal)],
            network, where.ToFrozenDictionary(StringComparer.Ordinal), ofports.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The same host with another logical network (bindings and chassis unchanged).</summary>
    public HostView WithNetwork(LogicalNetwork network) => this with { Network = network };

    /// <summary>
    /// True when <paramref name="other"/> differs from this view at most in its logical flows, address sets and port
    /// groups: what an incremental translation can take as a flow change.
    /// </summary>
    public bool DiffersOnlyInFlowsAndSets(HostView other) => SameNames(this, other) && SameBindings(this, other);

    /// <summary>The same datapaths, ports and multicast groups (by content).</summary>
    internal static bool SameNames(HostView a, HostView b) =>
        Same(a.Network.Datapaths, b.Network.Datapaths) && Same(a.Network.Ports, b.Network.Ports)
        && Same(a.Network.MulticastGroups, b.Network.MulticastGroups);

    /// <summary>The same chassis, encap IP, remote chassis, port bindings and OpenFlow ports (by content).</summary>
    internal static bool SameBindings(HostView a, HostView b) =>
        a.Chassis == b.Chassis && a.EncapIp == b.EncapIp && Same(a.Remotes, b.Remotes)
        && SameMap(a.PortChassis, b.PortChassis) && SameMap(a.OfPorts, b.OfPorts);

    private static bool Same<T>(ImmutableArray<T> x, ImmutableArray<T> y) => x == y || x.AsSpan().SequenceEqual(y.AsSpan());

    private static bool SameMap<T>(IReadOnlyDictionary<string, T> x, IReadOnlyDictionary<string, T> y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x.Count != y.Count) return false;
        var cmp = EqualityComparer<T>.Default;
        foreach (var (k, v) in x)
            if (!y.TryGetValue(k, out var w) || !cmp.Equals(v, w)) return false;
        return true;
    }
}
