namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Validation of static routes: policy, IPv4 prefix without host bits, next hop (IPv4 or "discard"),
/// output port on the same router, next hop inside a connected network when no output port is given,
/// and one route per (prefix, policy).
/// </summary>
internal static class RouteRules
{
    private static readonly string[] Policies = ["dst-ip", "src-ip"];

    public static void Check(NbDatabase db, List<NbDiagnostic> problems)
    {
        foreach (var lr in db.Routers.Values) CheckRouter(lr, problems);
    }

    /// <summary>One router's routes; they depend only on that router (its routes, port names and networks).</summary>
    public static void CheckRouter(LogicalRouter lr, List<NbDiagnostic> problems)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var route in lr.StaticRoutes)
        {
            CheckRoute(lr, route, problems);
            if (!seen.Add((route.Policy, route.IpPrefix)))
                problems.Add(new(NbObjects.Route(lr.Name, route), "ip_prefix", route.IpPrefix,
                    $"duplicate prefix: {route.IpPrefix} (policy: {route.Policy})"));
        }
    }

    private static void CheckRoute(LogicalRouter lr, StaticRoute route, List<NbDiagnostic> problems)
    {
        string obj = NbObjects.Route(lr.Name, route);
        if (!Policies.Contains(route.Policy))
            problems.Add(new(obj, "policy", route.Policy, "policy must be \"dst-ip\" or \"src-ip\""));

        if (NetAddr.TryParsePrefix(route.IpPrefix, prefixOptional: true, out var prefix) is { } err)
            problems.Add(new(obj, "ip_prefix", route.IpPrefix, $"invalid prefix: {err}"));
        else if (prefix.IsIpv6)
            problems.Add(new(obj, "ip_prefix", route.IpPrefix, "IPv6 static routes are not supported"));
        else if (prefix.HasHostBits)
            problems.Add(new(obj, "ip_prefix", route.IpPrefix, $"prefix has host bits set (the network is {prefix.NormalizedText})"));

        if (route.OutputPort is not null && !lr.Ports.ContainsKey(route.OutputPort))
            problems.Add(new(obj, "output_port", route.OutputPort, $"{route.OutputPort} is not a port of router {lr.Name}"));

        if (route.Nexthop == "discard") return;
        if (!NetAddr.TryParseIpv4(route.Nexthop, out _))
        {
            problems.Add(new(obj, "nexthop", route.Nexthop, "next hop must be an IPv4 address or \"discard\""));
            return;
        }
        if (route.OutputPort is null && !Reachable(lr, NetAddr.ParseAddress(route.Nexthop)!.Value))
            problems.Add(new(obj, "nexthop", route.Nexthop, $"next hop {route.Nexthop} is not in any network of router {lr.Name}"));
    }

    private static bool Reachable(LogicalRouter lr, IpPrefix nexthop) =>
        lr.Ports.Values.SelectMany(p => p.Networks).Any(n =>
            NetAddr.TryParsePrefix(n, prefixOptional: false, out var net) is null && net.Contains(nexthop));
}
