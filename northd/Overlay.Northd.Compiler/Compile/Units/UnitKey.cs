namespace Overlay.Northd.Compiler.Compile.Units;

/// <summary>The kinds of compile unit: the flows (and bindings) one NB object produces on one datapath.</summary>
internal enum UnitKind : byte
{
    /// <summary>A switch's datapath binding and fixed flows (A = switch).</summary>
    Switch,
    /// <summary>A switch's multicast groups and its L2 unknown-destination default (A = switch).</summary>
    SwitchFlood,
    /// <summary>The ACLs declared on a switch (A = switch).</summary>
    SwitchAcls,
    /// <summary>A switch port's binding and flows (A = switch, B = port).</summary>
    SwitchPort,
    /// <summary>A port group's ACLs on one switch holding a member (A = switch, B = port group).</summary>
    PortGroupAcls,
    /// <summary>A router's datapath binding and fixed flows (A = router).</summary>
    Router,
    /// <summary>A router's static routes (A = router).</summary>
    RouterRoutes,
    /// <summary>A router port's binding and flows (A = router, B = router port).</summary>
    RouterPort,
    /// <summary>ARP resolution for one neighbour on the switch a router port attaches to (A = router, B = router port, C = switch port).</summary>
    Neighbour,
    /// <summary>ARP resolution for a router port's peer router port (A = router, B = router port).</summary>
    PeerNeighbour,
}

/// <summary>Identifies a compile unit by NB names, so it survives tunnel-key and content changes.</summary>
internal readonly record struct UnitKey(UnitKind Kind, string A, string B = "", string C = "")
{
    public override string ToString() => Kind switch
    {
        UnitKind.Switch or UnitKind.SwitchFlood or UnitKind.SwitchAcls or UnitKind.Router or UnitKind.RouterRoutes => $"{Kind}({A})",
        UnitKind.Neighbour => $"{Kind}({A}, {B}, {C})",
        _ => $"{Kind}({A}, {B})",
    };
}
