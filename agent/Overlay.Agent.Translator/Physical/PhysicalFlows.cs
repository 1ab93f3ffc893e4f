using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using OutputAction = Overlay.OpenFlow.Actions.OutputAction;
using static Overlay.Agent.Translator.Physical.FlowFactory;
using P = Overlay.Agent.Translator.Layout.PhysicalPipeline;

namespace Overlay.Agent.Translator.Physical;

/// <summary>
/// The flows of the physical tables, from port bindings, multicast groups and tunnels (OVN controller/physical.c,
/// 23.03.1 shape). Only the host's relevant datapaths get flows.
/// </summary>
internal static class PhysicalFlows
{
    public static List<DesiredFlow> Generate(HostIndex index)
    {
        var flows = new List<DesiredFlow>();
        Classification(index, flows);
        foreach (uint dp in index.Relevant) OfDatapath(index, dp, flows);
        Defaults(flows);
        return flows;
    }

    /// <summary>The flows of one relevant datapath's port bindings and multicast groups (its share of <see cref="Generate"/>).</summary>
    public static void OfDatapath(HostIndex index, uint dp, List<DesiredFlow> flows, MatchInterner? fields = null)
    {
        foreach (var port in index.PortsOf[dp]) Port(index, port, flows, fields);
        foreach (var group in index.GroupsOf[dp]) Multicast.Group(index, group, flows, fields);
    }

    /// <summary>What <see cref="Generate"/> gives besides <see cref="OfDatapath"/>: tunnel classification first, table defaults last.</summary>
    public static (List<DesiredFlow> First, List<DesiredFlow> Last) Fixed(HostIndex index)
    {
        var first = new List<DesiredFlow>();
        Classification(index, first);
        var last = new List<DesiredFlow>();
        Defaults(last);
        return (first, last);
    }

    private static void Defaults(List<DesiredFlow> flows)
    {
        flows.Add(Default(P.PhysicalToLogical));
        flows.Add(Default(P.RemoteOutput, Resubmit(P.LocalOutput)));
        flows.Add(Default(P.LocalOutput));
        flows.Add(Default(P.CheckLoopback, [.. ClearLogicalRegisters(), Resubmit(P.Tables.First(t => t.Role == TableRole.LogicalEgress))]));
        flows.Add(Default(P.SaveInport, Resubmit(P.LogicalToPhysical)));
        flows.Add(Default(P.LogicalToPhysical));
    }

    /// <summary>Table 0 for tunnels: the sender already ran ingress, so go straight to local output (never back into a tunnel).</summary>
    private static void Classification(HostIndex index, List<DesiredFlow> flows)
    {
        var tm0 = OfFields.TunMetadata(Geneve.OptionIndex);
        foreach (var t in index.Tunnels)
            flows.Add(Flow(P.PhysicalToLogical, 100, new ChassisOrigin(t.Chassis), InPort(null, t.OfPort),
                new CopyFieldAction(Subfield.Range(OfFields.TunId, 0, 23), Subfield.Range(RegisterMap.Datapath.Field, 0, 23)),
                new CopyFieldAction(Subfield.Range(tm0, 16, 16 + Geneve.InportBits - 1), Subfield.Range(RegisterMap.Inport.Field, 0, Geneve.InportBits - 1)),
                new CopyFieldAction(Subfield.Range(tm0, 0, Geneve.OutportBits - 1), Subfield.Range(RegisterMap.Outport.Field, 0, Geneve.OutportBits - 1)),
                Resubmit(P.LocalOutput)));
    }

    /// <summary>The first logical ingress table, where a packet from a VIF starts.</summary>
    private static readonly PhysicalTable LogicalIngress = P.Tables.First(t => t.Role == TableRole.LogicalIngress);

    /// <summary><c>output:IN_PORT</c>: one list for every port's hairpin flow.</summary>
    private static readonly ActionList ToInPort = ActionList.Of(new OutputAction(OfPort.InPort));

    private static void Port(HostIndex index, PortBinding port, List<DesiredFlow> flows, MatchInterner? fields)
    {
        var origin = new PortBindingOrigin(port);
        var origins = ValueArray.Create<FlowOrigin>(origin);
        ulong cookie = FlowCookies.For(origin);
        uint dp = port.Datapath;
        // reg15=key,metadata=datapath: what most of the port's flows match.
        var to = To(fields, dp, port.Key);
        if (port.IsPatch)
        {
            // Patch ports exist on every chassis: deliver locally, then re-enter the peer datapath in one pass.
            flows.Add(Flow(P.LocalOutput, 100, origins, cookie, to, ToCheckLoopback));
            flows.Add(Flow(P.CheckLoopback, 100, origins, cookie, Loopback(fields, dp, port.Key), ActionList.Drop));
            if (index.PeerOf(port) is { } peer && index.IsRelevant(peer.Datapath))
                flows.Add(Flow(P.LogicalToPhysical, 100, origins, cookie, to, ActionList.Of(new CloneAction(new ActionList(EnterPeer(peer))))));
            return;
        }
        // One lookup of where the port is bound: here, on a chassis with a tunnel, or nowhere.
        var chassis = index.ChassisOf(port.Name);
        if (chassis == index.View.Chassis)
        {
            flows.Add(Flow(P.LocalOutput, 100, origins, cookie, to, ToCheckLoopback));
            flows.Add(Flow(P.CheckLoopback, 100, origins, cookie, Loopback(fields, dp, port.Key), ActionList.Drop));
            if (!index.View.OfPorts.TryGetValue(port.Name, out var ofport)) return;
            flows.Add(Flow(P.PhysicalToLogical, 100, origins, cookie, InPort(fields, ofport),
                ActionList.Of(SetMetadata(dp), Set(RegisterMap.Inport, port.Key), Resubmit(LogicalIngress))));
            flows.Add(Flow(P.LogicalToPhysical, 100, origins, cookie, to, ActionList.Of(new OutputAction(ofport))));
            // OpenFlow never outputs to the in_port; a packet the pipeline sends back where it came from (loopback
            // allowed by check_loopback, or routed back) goes out IN_PORT instead.
            flows.Add(Flow(P.LogicalToPhysical, 110, origins, cookie, To(fields, dp, port.Key, ofport), ToInPort));
            return;
        }
        if (chassis is not null && index.TunnelByChassis.TryGetValue(chassis, out var tunnel))
            flows.Add(Flow(P.RemoteOutput, 100, origins, cookie, to, new ActionList(Tunnel(dp, port.Key, tunnel))));
    }


    /// <summary>What a patch port's peer sees: a packet arriving on it, with fresh logical state.</summary>
    private static IEnumerable<OfAction> EnterPeer(PortBinding peer)
    {
        yield return SetMetadata(peer.Datapath);
        yield return Set(RegisterMap.Inport, peer.Key);
        yield return Set(RegisterMap.Flags, 0);
        yield return Set(RegisterMap.Outport, 0);
        foreach (var a in ClearLogicalRegisters()) yield return a;
        yield return Resubmit(LogicalIngress);
    }
}
