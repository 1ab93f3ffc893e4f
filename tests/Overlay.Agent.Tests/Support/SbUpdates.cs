using Overlay.Contracts.Sb;
using Overlay.Logical;
using LogicalFlow = Overlay.Logical.LogicalFlow;

namespace Overlay.Agent.Tests.Support;

/// <summary>Southbound updates as northd would send them for the test networks (built with WIRE's SbConvert).</summary>
internal static class SbUpdates
{
    public static readonly (string Name, string Ip)[] Chassis = [("hv1", "192.168.0.1"), ("hv2", "192.168.0.2"), ("hv3", "192.168.0.3")];

    /// <summary>p1 and p2 on hv1, p3 on hv2 (as <see cref="Networks.View"/>).</summary>
    public static readonly Dictionary<string, string> Bound = new() { ["p1"] = "hv1", ["p2"] = "hv1", ["p3"] = "hv2" };

    public static Update Full(long revision, LogicalNetwork network, IReadOnlyDictionary<string, string>? bound = null, IEnumerable<(string Name, string Ip)>? chassis = null)
    {
        bound ??= Bound;
        var u = new Update { Revision = revision, Full = true };
        u.Chassis.AddRange((chassis ?? Chassis).Select(c => new Overlay.Contracts.Sb.Chassis { Name = c.Name, EncapIp = c.Ip }));
        u.Datapaths.AddRange(network.Datapaths.Select(SbConvert.ToProto));
        u.PortBindings.AddRange(network.Ports.Select(p => SbConvert.ToProto(p, bound.GetValueOrDefault(p.Name))));
        u.MulticastGroups.AddRange(network.MulticastGroups.Select(SbConvert.ToProto));
        u.AddressSets.AddRange(network.AddressSets.Select(SbConvert.ToProto));
        u.PortGroups.AddRange(network.PortGroups.Select(SbConvert.ToProto));
        u.LogicalFlows.AddRange(network.Flows.Select(SbConvert.ToProto));
        return u;
    }

    public static Update Delta(long revision, IEnumerable<LogicalFlow>? added = null, IEnumerable<LogicalFlow>? removed = null)
    {
        var u = new Update { Revision = revision };
        u.LogicalFlows.AddRange((added ?? []).Select(SbConvert.ToProto));
        u.RemovedLogicalFlows.AddRange((removed ?? []).Select(f => f.Id));
        return u;
    }

    public static Update Heartbeat(long revision) => new() { Revision = revision, Heartbeat = true };
}
