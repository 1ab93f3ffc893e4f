using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>lr-*, lrp-* and lr-route-* verbs, with ovn-nbctl's --may-exist / --if-exists semantics.</summary>
internal static class RouterCommands
{
    public static void LrAdd(TxState tx, LrAdd c)
    {
        if (DatapathCommands.Add(tx, "lr-add", "router", "lr", c.Router, c.MayExist, n => tx.Router(n) is not null, NbObjects.Router) is { } created)
            tx.Put(LogicalRouter.Create(created.Name, created.Key));
    }

    public static void LrDel(TxState tx, LrDel c)
    {
        if (tx.Router(c.Router) is not { } lr)
        {
            if (!c.IfExists) tx.Error(NbObjects.Router(c.Router), "name", c.Router, "router name not found");
            return;
        }
        tx.Db = tx.Db with { Routers = tx.Db.Routers.Remove(lr.Name) };
        tx.ReleaseDatapathKey(lr.TunnelKey);
        tx.DropPortKeys(true, lr.Name);
        foreach (var p in lr.Ports.Keys) { tx.ReleasePort(p); tx.Sources.Forget(NbObjects.RouterPort(p)); }
        tx.Sources.Forget(NbObjects.Router(lr.Name));
    }

    public static void LrpAdd(TxState tx, LrpAdd c)
    {
        string obj = NbObjects.RouterPort(c.Port);
        if (tx.Router(c.Router) is not { } lr) { tx.Error(obj, "router", c.Router, "router name not found"); return; }
        if (c.Port.Length == 0) { tx.Error("lrp-add", "name", "", "a port name must not be empty"); return; }
        var networks = NbOrder.StringSet(c.Networks);
        if (tx.OwnerOf(c.Port) is { } owner)
        {
            if (!owner.IsRouterPort)
                tx.Error(obj, "name", c.Port, $"a port with this name already exists (switch port on switch {owner.Datapath}); switch and router ports share one namespace");
            else if (!c.MayExist)
                tx.Error(obj, "name", c.Port, "a port with this name already exists");
            else
                CheckSamePort(tx, c, owner.Datapath, networks);
            return;
        }
        if (tx.AllocatePortKey(true, lr.Name, () => lr.Ports.Values.Select(p => p.TunnelKey)) is not { } key)
        {
            tx.Error(obj, "router", lr.Name, $"no free port tunnel key in {Keys.MinPort}..{Keys.MaxPort} on router {lr.Name}");
            return;
        }
        tx.Put(lr with { Ports = lr.Ports.SetItem(c.Port, new RouterPort(c.Port, c.Mac, networks, c.Peer, key)) });
        tx.ClaimPort(c.Port, new PortOwner(true, lr.Name));
        tx.Sources.Created(obj, tx.At);
    }

    // --may-exist on an existing port succeeds only if it says the same thing (ovn-nbctl's checks).
    private static void CheckSamePort(TxState tx, LrpAdd c, string router, ValueArray<string> networks)
    {
        string obj = NbObjects.RouterPort(c.Port);
        var (_, existing) = tx.FindRouterPort(c.Port)!.Value;
        if (router != c.Router)
            tx.Error(obj, "router", c.Router, $"port already exists but in router {router}");
        else if (!string.Equals(existing.Mac, c.Mac, StringComparison.OrdinalIgnoreCase))
            tx.Error(obj, "mac", c.Mac, $"port already exists with mac {existing.Mac}");
        else if (!NetworkKeys(existing.Networks).SetEquals(NetworkKeys(networks)))
            tx.Error(obj, "networks", string.Join(" ", networks), $"port already exists with different network ({string.Join(" ", existing.Networks)})");
        else if (existing.Peer != c.Peer)
            tx.Error(obj, "peer", c.Peer ?? "", "port already exists with mismatching peer");
    }

    // ovn-nbctl compares networks as normalized prefixes: 10.0.0.1/24 and 10.0.0.2/24 are the same network.
    private static HashSet<string> NetworkKeys(IEnumerable<string> networks) =>
        networks.Select(n => NetAddr.TryParsePrefix(n, true, out var p) is null ? p.NormalizedText : n).ToHashSet(StringComparer.Ordinal);

    public static void LrpDel(TxState tx, LrpDel c)
    {
        if (tx.FindRouterPort(c.Port) is not (var lr, var port))
        {
            if (!c.IfExists) tx.Error(NbObjects.RouterPort(c.Port), "name", c.Port, "port name not found");
            return;
        }
        tx.Put(lr with { Ports = lr.Ports.Remove(c.Port) });
        tx.ReleasePortKey(true, lr.Name, port.TunnelKey);
        tx.ReleasePort(c.Port);
        tx.Sources.Forget(NbObjects.RouterPort(c.Port));
    }

    public static void RouteAdd(TxState tx, LrRouteAdd c)
    {
        var route = new StaticRoute(NormalizePrefix(c.Prefix) ?? c.Prefix, c.Nexthop, c.OutputPort, c.Policy);
        if (tx.Router(c.Router) is not { } lr) { tx.Error(NbObjects.Route(c.Router, route), "router", c.Router, "router name not found"); return; }
        var same = lr.StaticRoutes.Where(r => r.IpPrefix == route.IpPrefix && r.Policy == route.Policy).ToList();
        if (same.Count > 0 && !c.MayExist)
        {
            tx.Error(NbObjects.Route(lr.Name, route), "ip_prefix", route.IpPrefix, $"duplicate prefix: {route.IpPrefix} (policy: {route.Policy})");
            return;
        }
        // --may-exist replaces the route's next hop and output port, as ovn-nbctl does.
        var routes = lr.StaticRoutes.Where(r => !same.Contains(r)).ToValueArray();
        tx.Put(lr with { StaticRoutes = NbOrder.With(routes, route) });
        tx.Sources.Created(NbObjects.Route(lr.Name, route), tx.At);
    }

    public static void RouteDel(TxState tx, LrRouteDel c)
    {
        if (tx.Router(c.Router) is not { } lr) { tx.Error(NbObjects.Router(c.Router), "name", c.Router, "router name not found"); return; }
        string? prefix = null;
        if (c.Prefix is not null && (prefix = NormalizePrefix(c.Prefix)) is null)
        {
            tx.Error(NbObjects.Router(c.Router), "ip_prefix", c.Prefix, $"bad prefix argument: {c.Prefix}");
            return;
        }
        if (c.Nexthop is not null && c.Nexthop != "discard" && NetAddr.ParseAddress(c.Nexthop) is null)
        {
            tx.Error(NbObjects.Router(c.Router), "nexthop", c.Nexthop, $"bad nexthop argument: {c.Nexthop}");
            return;
        }
        bool Matches(StaticRoute r) =>
            (c.Policy is null || r.Policy == c.Policy) && (prefix is null || r.IpPrefix == prefix)
            && (c.Nexthop is null || r.Nexthop == c.Nexthop) && (c.OutputPort is null || r.OutputPort == c.OutputPort);
        var kept = lr.StaticRoutes.Where(r => !Matches(r)).ToValueArray();
        if (prefix is not null && kept.Count == lr.StaticRoutes.Count && !c.IfExists)
        {
            tx.Error(NbObjects.Router(c.Router), "static_routes", c.Prefix!,
                $"no matching route: policy '{c.Policy ?? "any"}', prefix '{prefix}', nexthop '{c.Nexthop ?? "any"}', output_port '{c.OutputPort ?? "any"}'");
            return;
        }
        tx.Put(lr with { StaticRoutes = kept });
    }

    /// <summary>ovn-nbctl's normalize_prefix_str: clear host bits, drop a full-length suffix; null if unparseable.</summary>
    public static string? NormalizePrefix(string text) =>
        NetAddr.TryParsePrefix(text, prefixOptional: true, out var p) is null ? p.NormalizedText : null;
}
