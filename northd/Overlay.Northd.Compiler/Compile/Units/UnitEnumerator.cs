using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Units;

/// <summary>Every compile unit of one datapath, for the full compile. All of them emit flows on that datapath.</summary>
internal static class UnitEnumerator
{
    public static void OfSwitch(LogicalSwitch sw, NbTopology t, List<UnitKey> units)
    {
        units.Add(new UnitKey(UnitKind.Switch, sw.Name));
        units.Add(new UnitKey(UnitKind.SwitchFlood, sw.Name));
        units.Add(new UnitKey(UnitKind.SwitchAcls, sw.Name));
        foreach (var port in sw.Ports.Keys) units.Add(new UnitKey(UnitKind.SwitchPort, sw.Name, port));
        foreach (var pg in t.Index.PortGroupsOnSwitch(sw.Name)) units.Add(new UnitKey(UnitKind.PortGroupAcls, sw.Name, pg));
    }

    public static void OfRouter(LogicalRouter router, NbTopology t, List<UnitKey> units)
    {
        units.Add(new UnitKey(UnitKind.Router, router.Name));
        units.Add(new UnitKey(UnitKind.RouterRoutes, router.Name));
        foreach (var port in router.Ports.Keys)
        {
            units.Add(new UnitKey(UnitKind.RouterPort, router.Name, port));
            units.Add(new UnitKey(UnitKind.PeerNeighbour, router.Name, port));
            AddNeighbours(router.Name, port, t, units);
        }
    }

    /// <summary>One Neighbour unit per port on the switch the router port attaches to.</summary>
    public static void AddNeighbours(string router, string lrp, NbTopology t, ICollection<UnitKey> units)
    {
        if (t.AttachmentOf(lrp) is not { } att) return;
        foreach (var lsp in att.Switch.Ports.Keys) units.Add(new UnitKey(UnitKind.Neighbour, router, lrp, lsp));
    }
}
