using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using static Overlay.Agent.Translator.Physical.FlowFactory;
using P = Overlay.Agent.Translator.Layout.PhysicalPipeline;

namespace Overlay.Agent.Translator.Physical;

/// <summary>
/// Multicast groups by head-end replication (OVN 23.03.1 tables 39/40): on the sending chassis, each patch
/// member runs egress locally, then one Geneve copy goes to each remote chassis with members (carrying the
/// group key as outport), then local output handles the local VIF members. A chassis receiving the copy
/// starts at local output, so it only expands its own VIF members.
/// </summary>
internal static class Multicast
{
    public static void Group(HostIndex index, MulticastGroup group, List<DesiredFlow> flows, MatchInterner? fields = null)
    {
        var origin = new MulticastGroupOrigin(group);
        uint dp = group.Datapath;
        var patch = new List<PortBinding>();
        var local = new List<PortBinding>();
        var remote = new SortedDictionary<string, TunnelPort>(StringComparer.Ordinal);
        var scope = index.Scopes[dp];
        foreach (var name in group.Ports)
        {
            if (scope.Port(name) is not { } member) continue;
            if (member.IsPatch) patch.Add(member);
            else if (index.IsLocal(member.Name)) local.Add(member);
            else if (index.ChassisOf(member.Name) is { } c && index.TunnelByChassis.TryGetValue(c, out var t)) remote[c] = t;
        }

        Match? to = null;
        if (patch.Count > 0 || remote.Count > 0)
        {
            var actions = new List<OfAction>();
            foreach (var p in patch)
            {
                actions.Add(Set(RegisterMap.Outport, p.Key));
                actions.Add(Resubmit(P.CheckLoopback));
            }
            foreach (var t in remote.Values) actions.AddRange(Tunnel(dp, group.Key, t));
            if (patch.Count > 0) actions.Add(Set(RegisterMap.Outport, group.Key));
            actions.Add(Resubmit(P.LocalOutput));
            flows.Add(Flow(P.RemoteOutput, 100, origin, to ??= To(fields, dp, group.Key), [.. actions]));
        }

        if (local.Count > 0)
        {
            var actions = new List<OfAction>();
            foreach (var p in local)
            {
                actions.Add(Set(RegisterMap.Outport, p.Key));
                actions.Add(Resubmit(P.CheckLoopback));
            }
            actions.Add(Set(RegisterMap.Outport, group.Key));
            flows.Add(Flow(P.LocalOutput, 100, origin, to ?? To(fields, dp, group.Key), [.. actions]));
        }
    }
}
