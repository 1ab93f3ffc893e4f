using Overlay.Northd.Compiler.Compile.Addressing;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>
/// Static routes in lr_in_ip_routing. The output port is the route's, or the enabled router port with
/// the most specific network containing the next hop; a route with neither is not installed (as OVN).
/// "discard" drops. IPv6 routes wait for IPv6 routing.
/// </summary>
internal static class StaticRouteFlows
{
    public const string Discard = "discard";
    public const string SrcIp = "src-ip";
    private const int DstIpRoute = 1, SrcIpRoute = 0;

    public static UnitOutput Generate(LogicalRouter router, FlowSink sink)
    {
        if (router.StaticRoutes.Count == 0) return UnitOutput.Empty;
        sink.Begin(router.TunnelKey, RouterFlows.SourceOf(router));
        foreach (var route in router.StaticRoutes) Emit(router, route, sink);
        return new UnitOutput(sink.Take());
    }

    public static string SourceOf(StaticRoute route) =>
        $"Logical_Router_Static_Route {route.IpPrefix} {route.Nexthop}" + (route.Policy == SrcIp ? " src-ip" : "");

    private static void Emit(LogicalRouter router, StaticRoute route, FlowSink sink)
    {
        if (!Addresses.TryParseIpv4Cidr(route.IpPrefix.AsSpan().Trim(), out var prefix)) return;
        bool bySource = route.Policy == SrcIp;
        var match = Match.Eq(bySource ? Fields.Ip4Src : Fields.Ip4Dst, Match.Ip4(new Ipv4Cidr(prefix.Network, prefix.PrefixLength)));
        int priority = RouterPortFlows.RoutePriority(prefix.PrefixLength, bySource ? SrcIpRoute : DstIpRoute);
        string source = SourceOf(route);

        if (route.Nexthop.Trim() == Discard)
        {
            sink.Add(Stages.LrInIpRouting, priority, sink.FormatMatch(match), Act.DropOnly.Text, source);
            return;
        }
        if (!Addresses.TryParseIpv4(route.Nexthop.AsSpan().Trim(), out uint nextHop)) return;
        if (OutputFor(router, route, nextHop) is not { } output) return;
        sink.Add(Stages.LrInIpRouting, priority, sink.FormatMatch(match),
            sink.FormatActions(RouterPortFlows.RouteActions(Act.Assign(Fields.NextHop, Match.Ip4(nextHop)), output.Source, output.Mac, output.Port)), source);
    }

    private readonly record struct Output(string Port, ulong Mac, uint Source);

    private static Output? OutputFor(LogicalRouter router, StaticRoute route, uint nextHop)
    {
        if (route.OutputPort is { } name)
        {
            if (!router.Ports.TryGetValue(name, out var port) || !port.Enabled) return null;
            if (AddressEntry.OfRouterPort(port.Mac, port.Networks) is not { Ipv4.IsEmpty: false } e) return null;
            var net = Containing(e, nextHop) ?? e.Ipv4[0];
            return new Output(port.Name, e.Mac, net.Address);
        }
        Output? best = null;
        int bestLength = -1;
        foreach (var port in router.Ports.Values)
        {
            if (!port.Enabled || AddressEntry.OfRouterPort(port.Mac, port.Networks) is not { } e) continue;
            if (Containing(e, nextHop) is { } net && net.PrefixLength > bestLength)
            {
                best = new Output(port.Name, e.Mac, net.Address);
                bestLength = net.PrefixLength;
            }
        }
        return best;
    }

    private static Ipv4Cidr? Containing(AddressEntry e, uint ip)
    {
        Ipv4Cidr? best = null;
        foreach (var net in e.Ipv4)
            if (net.Contains(ip) && (best is null || net.PrefixLength > best.Value.PrefixLength)) best = net;
        return best;
    }
}
