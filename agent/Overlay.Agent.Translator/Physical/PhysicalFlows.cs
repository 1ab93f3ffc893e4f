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
    public static void OfDatapath(HostIndex index, uint dp, List<DesiredFlow> flows)
    {
        foreach (var port in index.PortsOf[dp]) Port(index, port, flows);
        foreach (var group in index.GroupsOf[dp]) Multicast.Group(index, group, flows);
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
            flows.Add(Flow(P.PhysicalToLogical, 100, new ChassisOrigin(t.Chassis), Match.Builder().InPort(t.OfPort).Build(),
                new CopyFieldAction(Subfield.Range(OfFields.TunId, 0, 23), Subfield.Range(RegisterMap.Datapath.Field, 0, 23)),
                new CopyFieldAction(Subfield.Range(tm0, 16, 16 + Geneve.InportBits - 1), Subfield.Range(RegisterMap.Inport.Field, 0, Geneve.InportBits - 1)),
                new CopyFieldAction(Subfield.Range(tm0, 0, Geneve.OutportBits - 1), Subfield.Range(RegisterMap.Outport.Field, 0, Geneve.OutportBits - 1)),
                Resubmit(P.LocalOutput)));
    }

    private static void Port(HostIndex index, PortBinding port, List<DesiredFlow> flows)
    {
        var origin = new PortBindingOrigin(port);
        uint dp = port.Datapath;
        if (port.IsPatch)
        {
            // Patch ports exist on every chassis: deliver locally, then re-enter the peer datapath in one pass.
            flows.Add(Flow(P.LocalOutput, 100, origin, To(dp, port.Key).Build(), Resubmit(P.CheckLoopback)));
            flows.Add(Loopback(origin, dp, port.Key));
            if (index.PeerOf(port) is { } peer && index.IsRelevant(peer.Datapath))
                flows.Add(Flow(P.LogicalToPhysical, 100, origin, To(dp, port.Key).Build(), new CloneAction(new ActionList(EnterPeer(peer)))));
            return;
        }
        if (index.IsLocal(port.Name))
        {
            flows.Add(Flow(P.LocalOutput, 100, origin, To(dp, port.Key).Build(), Resubmit(P.CheckLoopback)));
            flows.Add(Loopback(origin, dp, port.Key));
            if (index.OfPortOf(port.Name) is not { } ofport) return;
            flows.Add(Flow(P.PhysicalToLogical, 100, origin, Match.Builder().InPort(ofport).Build(),
                SetMetadata(dp), Set(RegisterMap.Inport, port.Key), Resubmit(P.Tables.First(t => t.Role == TableRole.LogicalIngress))));
            flows.Add(Flow(P.LogicalToPhysical, 100, origin, To(dp, port.Key).Build(), new OutputAction(ofport)));
            // OpenFlow never outputs to the in_port; a packet the pipeline sends back where it came from (loopback
            // allowed by check_loopback, or routed back) goes out IN_PORT instead.
            flows.Add(Flow(P.LogicalToPhysical, 110, origin, To(dp, port.Key).InPort(ofport).Build(), new OutputAction(OfPort.InPort)));
            return;
        }
        if (index.ChassisOf(port.Name) is { } chassis && index.TunnelByChassis.TryGetValue(chassis, out var tunnel))
            flows.Add(Flow(P.RemoteOutput, 100, origin, To(dp, port.Key).Build(), [.. Tunnel(dp, port.Key, tunnel)]));
    }

    /// <summary>Drop a packet headed back to its own inport unless flags.loopback is set.</summary>
    private static DesiredFlow Loopback(FlowOrigin origin, uint dp, uint key) =>
        Flow(P.CheckLoopback, 100, origin,
            To(dp, key).Reg(Reg(RegisterMap.Inport), key).Reg(Reg(RegisterMap.Flags), 0, 1).Build());

    /// <summary>What a patch port's peer sees: a packet arriving on it, with fresh logical state.</summary>
    private static IEnumerable<OfAction> EnterPeer(PortBinding peer)
    {
        yield return SetMetadata(peer.Datapath);
        yield return Set(RegisterMap.Inport, peer.Key);
        yield return Set(RegisterMap.Flags, 0);
        yield return Set(RegisterMap.Outport, 0);
        foreach (var a in ClearLogicalRegisters()) yield return a;
        yield return Resubmit(P.Tables.First(t => t.Role == TableRole.LogicalIngress));
    }
}
