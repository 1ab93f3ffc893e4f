using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>
/// Builds NB databases for tests directly on the model records. Keys are allocated like the NB
/// transaction does: a new datapath takes the smallest unused key, a new port the smallest unused
/// key on its datapath.
/// </summary>
internal static class NbEdit
{
    private static readonly ImmutableSortedDictionary<string, string> NoOptions = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public static NbDatabase Switch(this NbDatabase db, string name) =>
        db with { Switches = db.Switches.SetItem(name, LogicalSwitch.Create(name, FreeDatapathKey(db))) };

    public static NbDatabase Router(this NbDatabase db, string name) =>
        db with { Routers = db.Routers.SetItem(name, LogicalRouter.Create(name, FreeDatapathKey(db))) };

    public static NbDatabase Vif(this NbDatabase db, string sw, string name, string[] addresses, string[]? portSecurity = null, bool enabled = true) =>
        db.Lsp(sw, name, PortTypes.Vif, addresses, portSecurity ?? [], NoOptions, enabled);

    /// <summary>A router-type switch port with addresses "router" attaching <paramref name="lrp"/>.</summary>
    public static NbDatabase RouterLink(this NbDatabase db, string sw, string name, string lrp, bool enabled = true) =>
        db.Lsp(sw, name, PortTypes.Router, ["router"], [], NoOptions.SetItem("router-port", lrp), enabled);

    public static NbDatabase Lsp(this NbDatabase db, string sw, string name, string type, string[] addresses, string[] portSecurity,
        ImmutableSortedDictionary<string, string> options, bool enabled = true)
    {
        var s = db.Switches[sw];
        uint key = s.Ports.TryGetValue(name, out var existing) ? existing.TunnelKey : FreePortKey(s.Ports.Values.Select(p => p.TunnelKey));
        var port = new SwitchPort(name, type, addresses.ToValueArray(), portSecurity.ToValueArray(), options, key, enabled);
        return db with { Switches = db.Switches.SetItem(sw, s with { Ports = s.Ports.SetItem(name, port) }) };
    }

    public static NbDatabase Lrp(this NbDatabase db, string router, string name, string mac, string[] networks, string? peer = null, bool enabled = true)
    {
        var r = db.Routers[router];
        uint key = r.Ports.TryGetValue(name, out var existing) ? existing.TunnelKey : FreePortKey(r.Ports.Values.Select(p => p.TunnelKey));
        var port = new RouterPort(name, mac, networks.ToValueArray(), peer, key, enabled);
        return db with { Routers = db.Routers.SetItem(router, r with { Ports = r.Ports.SetItem(name, port) }) };
    }

    public static NbDatabase Route(this NbDatabase db, string router, string prefix, string nexthop, string? outputPort = null, string policy = "dst-ip")
    {
        var r = db.Routers[router];
        var routes = r.StaticRoutes.Items.Add(new StaticRoute(prefix, nexthop, outputPort, policy));
        return db with { Routers = db.Routers.SetItem(router, r with { StaticRoutes = routes }) };
    }

    public static NbDatabase SwitchAcl(this NbDatabase db, string sw, string direction, int priority, string match, string action)
    {
        var s = db.Switches[sw];
        return db with { Switches = db.Switches.SetItem(sw, s with { Acls = s.Acls.Items.Add(new Acl(direction, priority, match, action)) }) };
    }

    public static NbDatabase PortGroup(this NbDatabase db, string name, string[] ports, params Acl[] acls) =>
        db with { PortGroups = db.PortGroups.SetItem(name, new PortGroup(name, ports.ToValueArray(), acls.ToValueArray())) };

    public static NbDatabase AddressSet(this NbDatabase db, string name, params string[] addresses) =>
        db with { AddressSets = db.AddressSets.SetItem(name, new AddressSet(name, addresses.ToValueArray())) };

    public static uint FreeDatapathKey(NbDatabase db) =>
        FreePortKey(db.Switches.Values.Select(s => s.TunnelKey).Concat(db.Routers.Values.Select(r => r.TunnelKey)));

    private static uint FreePortKey(IEnumerable<uint> used)
    {
        var set = used.ToHashSet();
        uint k = 1;
        while (set.Contains(k)) k++;
        return k;
    }
}
