using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Addressing;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>
/// lr_in_arp_resolve: the next hop's MAC for every neighbour the NB knows: the addresses of the ports on
/// the switch a router port attaches to (VIFs and other routers' ports) and, on a router–router link,
/// the peer port. A next hop the NB does not know is dropped (no dynamic ARP yet).
/// </summary>
internal static class NeighbourFlows
{
    /// <summary>Neighbour <paramref name="neighbour"/> (a port on the attached switch) as seen from router port <paramref name="lrp"/>.</summary>
    public static UnitOutput ViaSwitch(LogicalRouter router, string lrp, string neighbour, NbTopology topology, FlowSink sink)
    {
        if (!router.Ports.TryGetValue(lrp, out var port) || !port.Enabled) return UnitOutput.Empty;
        // A disabled switch port stays a known neighbour (its switch drops what is sent to it), as in L2 lookup.
        if (topology.AttachmentOf(lrp) is not { } att || !att.Switch.Ports.TryGetValue(neighbour, out var lsp))
            return UnitOutput.Empty;
        // The switch port that attaches this router port is the router itself, not a neighbour.
        if (lsp.Type == PortTypes.Router && lsp.RouterPort == lrp) return UnitOutput.Empty;
        if (lsp.Type is not (PortTypes.Vif or PortTypes.Router)) return UnitOutput.Empty;
        return Emit(router, lrp, topology.EntriesOf(lsp), SwitchPortFlows.SourceOf(lsp), sink);
    }

    /// <summary>The peer router port of a router–router link.</summary>
    public static UnitOutput ViaPeer(LogicalRouter router, string lrp, NbTopology topology, FlowSink sink)
    {
        if (!router.Ports.TryGetValue(lrp, out var port) || !port.Enabled || port.Peer is not { } peerName) return UnitOutput.Empty;
        if (topology.FindRouterPort(peerName) is not { Port: { Enabled: true } peer }) return UnitOutput.Empty;
        if (AddressEntry.OfRouterPort(peer.Mac, peer.Networks) is not { } entry) return UnitOutput.Empty;
        return Emit(router, lrp, [entry], RouterPortFlows.SourceOf(peer), sink);
    }

    private static UnitOutput Emit(LogicalRouter router, string lrp, List<AddressEntry> entries, string source, FlowSink sink)
    {
        sink.Begin(router.TunnelKey, source);
        var outport = Match.Port(Fields.Outport, lrp);
        foreach (var e in entries)
        {
            if (e.Ipv4.IsEmpty) continue;
            var resolve = new ActionList([Act.Assign(Fields.EthDst, Match.Mac(e.Mac)), Act.Next]);
            foreach (var ip in e.Ipv4)
                sink.Add(Stages.LrInArpResolve, 100, Match.And(outport, Match.Eq(Fields.NextHop, Match.Ip4(ip.Address))), resolve);
        }
        return new UnitOutput(sink.Take());
    }
}
