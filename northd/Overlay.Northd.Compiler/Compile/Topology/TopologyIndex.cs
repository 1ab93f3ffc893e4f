using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Topology;

/// <summary>A (switch, switch port) or (router, router port) pair, by name.</summary>
internal readonly record struct PortRef(string Owner, string Port);

/// <summary>
/// Cross-references the NB does not store directly: which switch holds a port, which switch ports attach
/// to a router port, which router ports name a peer, which switches hold members of a port group.
/// Kept up to date by removing an object's old version and adding its new one, so the same index serves
/// the full compile (built from scratch) and the incremental one (patched per change).
/// Names are expected to be unique per kind (the NB validator enforces it); where they are not, every
/// lookup that must pick one picks the ordinally smallest, so results never depend on history.
/// </summary>
internal sealed class TopologyIndex
{
    private readonly MultiMap<string, string> lspSwitch = new(StringComparer.Ordinal);
    private readonly MultiMap<string, string> lrpRouter = new(StringComparer.Ordinal);
    private readonly MultiMap<string, PortRef> lrpAttachments = new(StringComparer.Ordinal);
    private readonly MultiMap<string, PortRef> switchRouterPorts = new(StringComparer.Ordinal);
    private readonly MultiMap<string, PortRef> peersOf = new(StringComparer.Ordinal);
    private readonly MultiMap<string, string> lspPortGroups = new(StringComparer.Ordinal);
    private readonly PairCounter portGroupSwitches = new();
    private readonly PairCounter switchPortGroups = new();

    public static TopologyIndex Build(NbDatabase db)
    {
        var index = new TopologyIndex();
        foreach (var (name, sw) in db.Switches)
            foreach (var port in sw.Ports.Values) index.AddSwitchPort(name, port);
        foreach (var (name, router) in db.Routers)
            foreach (var port in router.Ports.Values) index.AddRouterPort(name, port);
        foreach (var pg in db.PortGroups.Values) index.AddPortGroupMembers(pg);
        return index;
    }

    /// <summary>Routers a router port of this name is on.</summary>
    public MultiMap<string, string>.Values RoutersOf(string lrp) => lrpRouter.Get(lrp);

    /// <summary>Router-type switch ports (switch, port) whose options:router-port names this router port.</summary>
    public MultiMap<string, PortRef>.Values AttachmentsOf(string lrp) => lrpAttachments.Get(lrp);

    /// <summary>Router-type ports on a switch, as (switch port, router port it names).</summary>
    public MultiMap<string, PortRef>.Values RouterPortsOn(string sw) => switchRouterPorts.Get(sw);

    /// <summary>Router ports (router, port) whose peer is this router port.</summary>
    public MultiMap<string, PortRef>.Values PeersOf(string lrp) => peersOf.Get(lrp);

    /// <summary>Port groups listing a switch port of this name.</summary>
    public MultiMap<string, string>.Values PortGroupsOf(string lsp) => lspPortGroups.Get(lsp);

    /// <summary>How many members of the port group are on the switch.</summary>
    public int MemberCount(string pg, string sw) => portGroupSwitches.Get(pg, sw);

    public IEnumerable<string> SwitchesOfPortGroup(string pg) => portGroupSwitches.Inner(pg);

    public IEnumerable<string> PortGroupsOnSwitch(string sw) => switchPortGroups.Inner(sw);

    public void AddSwitchPort(string sw, SwitchPort port) => ChangeSwitchPort(sw, port, +1);

    public void RemoveSwitchPort(string sw, SwitchPort port) => ChangeSwitchPort(sw, port, -1);

    private void ChangeSwitchPort(string sw, SwitchPort port, int delta)
    {
        Apply(lspSwitch, port.Name, sw, delta);
        if (port.Type == PortTypes.Router && port.RouterPort is { } lrp)
        {
            Apply(lrpAttachments, lrp, new PortRef(sw, port.Name), delta);
            Apply(switchRouterPorts, sw, new PortRef(port.Name, lrp), delta);
        }
        foreach (var pg in lspPortGroups.Get(port.Name)) CountMember(pg, sw, delta);
    }

    public void AddRouterPort(string router, RouterPort port) => ChangeRouterPort(router, port, +1);

    public void RemoveRouterPort(string router, RouterPort port) => ChangeRouterPort(router, port, -1);

    private void ChangeRouterPort(string router, RouterPort port, int delta)
    {
        Apply(lrpRouter, port.Name, router, delta);
        if (port.Peer is { } peer) Apply(peersOf, peer, new PortRef(router, port.Name), delta);
    }

    public void AddPortGroupMembers(PortGroup pg) => ChangePortGroupMembers(pg, +1);

    public void RemovePortGroupMembers(PortGroup pg) => ChangePortGroupMembers(pg, -1);

    private void ChangePortGroupMembers(PortGroup pg, int delta)
    {
        foreach (var lsp in pg.Ports)
        {
            Apply(lspPortGroups, lsp, pg.Name, delta);
            foreach (var sw in lspSwitch.Get(lsp)) CountMember(pg.Name, sw, delta);
        }
    }

    private void CountMember(string pg, string sw, int delta)
    {
        portGroupSwitches.Change(pg, sw, delta);
        switchPortGroups.Change(sw, pg, delta);
    }

    private static void Apply<TValue>(MultiMap<string, TValue> map, string key, TValue value, int delta)
    {
        if (delta > 0) map.Add(key, value);
        else map.Remove(key, value);
    }
}
