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
        foreach (var (port, on, ofport) in bindings)
        {
            where[port] = on;
            if (on == chassis && ofport is { } n) ofports[port] = n;
        }
        return new HostView(chassis, encapIp, [.. remotes.Where(r => r.Name != chassis).OrderBy(r => r.Name, StringComparer.Ordinal)],
            network, where.ToFrozenDictionary(StringComparer.Ordinal), ofports.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The same host with another logical network (bindings and chassis unchanged).</summary>
    public HostView WithNetwork(LogicalNetwork network) => this with { Network = network };
}
