using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Compile.Units;

namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>
/// The dependency index: which compile units an NB change touches, read from one revision's topology.
/// The engine asks it twice per change, against the old and the new revision, so units that stop
/// existing and units that start existing are both regenerated.
/// </summary>
internal static class Dependencies
{
    public static void Collect(NbChange c, NbTopology t, HashSet<UnitKey> dirty)
    {
        var index = t.Index;
        switch (c.Kind)
        {
            case NbChangeKind.SwitchHeader:
                dirty.Add(new UnitKey(UnitKind.Switch, c.Owner));
                dirty.Add(new UnitKey(UnitKind.SwitchFlood, c.Owner));
                dirty.Add(new UnitKey(UnitKind.SwitchAcls, c.Owner));
                if (t.Switch(c.Owner) is { } sw)
                    foreach (var port in sw.Ports.Keys) dirty.Add(new UnitKey(UnitKind.SwitchPort, c.Owner, port));
                foreach (var pg in index.PortGroupsOnSwitch(c.Owner)) dirty.Add(new UnitKey(UnitKind.PortGroupAcls, c.Owner, pg));
                break;
            case NbChangeKind.SwitchAcls:
                dirty.Add(new UnitKey(UnitKind.SwitchAcls, c.Owner));
                break;
            case NbChangeKind.SwitchMembership:
                dirty.Add(new UnitKey(UnitKind.SwitchFlood, c.Owner));
                break;
            case NbChangeKind.SwitchPort:
                dirty.Add(new UnitKey(UnitKind.SwitchPort, c.Owner, c.Name));
                AddNeighbourOfRouters(c.Owner, c.Name, t, dirty);
                if (c.Existence)
                    foreach (var pg in index.PortGroupsOf(c.Name)) dirty.Add(new UnitKey(UnitKind.PortGroupAcls, c.Owner, pg));
                if (c.LinkBefore is { } linkBefore) AddAttachmentDependents(linkBefore, t, dirty);
                if (c.LinkAfter is { } linkAfter && linkAfter != c.LinkBefore) AddAttachmentDependents(linkAfter, t, dirty);
                break;
            case NbChangeKind.RouterHeader:
                dirty.Add(new UnitKey(UnitKind.Router, c.Owner));
                dirty.Add(new UnitKey(UnitKind.RouterRoutes, c.Owner));
                if (t.Router(c.Owner) is { } router)
                    foreach (var name in router.Ports.Keys) AddRouterPortUnits(c.Owner, name, t, dirty);
                break;
            case NbChangeKind.RouterRoutes:
                dirty.Add(new UnitKey(UnitKind.RouterRoutes, c.Owner));
                break;
            case NbChangeKind.RouterPort:
                // Static routes pick their output port among the router's ports.
                dirty.Add(new UnitKey(UnitKind.RouterRoutes, c.Owner));
                AddRouterPortUnits(c.Owner, c.Name, t, dirty);
                // The switch side answers ARP for it and delivers to its MAC; other routers on that switch resolve it.
                foreach (var att in index.AttachmentsOf(c.Name))
                {
                    dirty.Add(new UnitKey(UnitKind.SwitchPort, att.Owner, att.Port));
                    AddNeighbourOfRouters(att.Owner, att.Port, t, dirty);
                }
                foreach (var peer in index.PeersOf(c.Name)) dirty.Add(new UnitKey(UnitKind.PeerNeighbour, peer.Owner, peer.Port));
                break;
            case NbChangeKind.PortGroupPorts:
            case NbChangeKind.PortGroupAcls:
                foreach (var sw2 in index.SwitchesOfPortGroup(c.Owner)) dirty.Add(new UnitKey(UnitKind.PortGroupAcls, sw2, c.Owner));
                break;
            case NbChangeKind.AddressSet:
                // Matches name sets ($name); the set itself travels on its own, no flow changes.
                break;
        }
    }

    private static void AddRouterPortUnits(string router, string lrp, NbTopology t, HashSet<UnitKey> dirty)
    {
        dirty.Add(new UnitKey(UnitKind.RouterPort, router, lrp));
        dirty.Add(new UnitKey(UnitKind.PeerNeighbour, router, lrp));
        UnitEnumerator.AddNeighbours(router, lrp, t, dirty);
    }

    /// <summary>Switch port <paramref name="lsp"/> on <paramref name="sw"/> as a neighbour of every router port attached to that switch.</summary>
    private static void AddNeighbourOfRouters(string sw, string lsp, NbTopology t, HashSet<UnitKey> dirty)
    {
        foreach (var attached in t.Index.RouterPortsOn(sw))
            foreach (var router in t.Index.RoutersOf(attached.Port))
                dirty.Add(new UnitKey(UnitKind.Neighbour, router, attached.Port, lsp));
    }

    /// <summary>Which switch a router port attaches to may have changed: its binding's peer and all its neighbours.</summary>
    private static void AddAttachmentDependents(string lrp, NbTopology t, HashSet<UnitKey> dirty)
    {
        foreach (var router in t.Index.RoutersOf(lrp))
        {
            dirty.Add(new UnitKey(UnitKind.RouterPort, router, lrp));
            UnitEnumerator.AddNeighbours(router, lrp, t, dirty);
        }
    }
}
