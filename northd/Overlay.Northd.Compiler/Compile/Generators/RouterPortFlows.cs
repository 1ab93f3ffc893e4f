using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Addressing;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>
/// A router port's binding and flows: admission for its MAC, the router's own-address handling in
/// lr_in_ip_input (ARP replies, ICMP echo replies, drops), its connected routes and egress delivery.
/// </summary>
internal static class RouterPortFlows
{
    public static string SourceOf(RouterPort port) => "Logical_Router_Port " + port.Name;

    /// <summary>Route priority: longest prefix first; at equal length connected beats static dst-ip beats src-ip.</summary>
    public static int RoutePriority(int prefixLength, int kind) => prefixLength * 3 + kind;

    public const int ConnectedRoute = 2;

    private static readonly Expr EchoRequest = Match.And(Match.Eq(Fields.Icmp4Type, 8), Match.Eq(Fields.Icmp4Code, 0));

    public static UnitOutput Generate(LogicalRouter router, RouterPort port, NbTopology topology, FlowSink sink)
    {
        var binding = BindingOf(router, port, topology);
        if (!port.Enabled || AddressEntry.OfRouterPort(port.Mac, port.Networks) is not { } self)
            return new UnitOutput([], port: binding);

        sink.Begin(router.TunnelKey, SourceOf(port));
        var mac = Match.Mac(self.Mac);
        var inport = Match.Port(Fields.Inport, port.Name);
        var admit = new ActionList([Act.Assign(Fields.InportMac, mac), Act.Next]);
        sink.Add(Stages.LrInAdmission, 50, Match.And(Match.Eq(Fields.EthDst, mac), inport), admit);
        sink.Add(Stages.LrInAdmission, 50, Match.And(Match.Bit(Fields.EthMcast), inport), admit);

        if (!self.Ipv4.IsEmpty) OwnAddresses(self, inport, sink);
        foreach (var net in self.Ipv4) ConnectedRouteFlow(port.Name, self.Mac, net, sink);

        sink.Add(Stages.LrOutDelivery, 100, Match.Port(Fields.Outport, port.Name), Act.OutputOnly);
        return new UnitOutput(sink.Take(), port: binding);
    }

    private static void OwnAddresses(AddressEntry self, Expr inport, FlowSink sink)
    {
        var ips = new List<Operand>(self.Ipv4.Length);
        var sources = new List<Operand>(self.Ipv4.Length * 2);
        foreach (var net in self.Ipv4)
        {
            var ip = Match.Ip4(net.Address);
            if (!ips.Contains(ip)) ips.Add(ip);
        }
        sources.AddRange(ips);
        foreach (var net in self.Ipv4)
        {
            var bcast = Match.Ip4(net.Broadcast);
            if (net.HasBroadcast && !sources.Contains(bcast)) sources.Add(bcast);
        }
        // A packet claiming to come from the router itself (or its subnets' broadcast) is spoofed.
        sink.Add(Stages.LrInIpInput, 100, Match.Eq(Fields.Ip4Src, Match.Set(sources)), Act.DropOnly);

        foreach (var net in self.Ipv4)
        {
            var ip = Match.Ip4(net.Address);
            sink.Add(Stages.LrInIpInput, 90, Match.And(
                    inport,
                    Match.Eq(Fields.ArpOp, 1),
                    Match.Eq(Fields.ArpTpa, ip),
                    Match.Eq(Fields.ArpSpa, Match.Ip4(new Ipv4Cidr(net.Network, net.PrefixLength)))),
                Act.RouterArpReply);
            sink.Add(Stages.LrInIpInput, 90, Match.And(Match.Eq(Fields.Ip4Dst, ip), EchoRequest), Act.EchoReply);
        }
        // Anything else addressed to the router is not for forwarding.
        sink.Add(Stages.LrInIpInput, 60, Match.Eq(Fields.Ip4Dst, Match.Set(ips)), Act.DropOnly);
    }

    private static void ConnectedRouteFlow(string port, ulong mac, Ipv4Cidr net, FlowSink sink)
    {
        sink.Add(Stages.LrInIpRouting, RoutePriority(net.PrefixLength, ConnectedRoute),
            Match.Eq(Fields.Ip4Dst, Match.Ip4(new Ipv4Cidr(net.Network, net.PrefixLength))),
            RouteActions(Act.NextHopIsDestination, net.Address, mac, port));
    }

    /// <summary><c>ip.ttl--; reg0 = NEXTHOP; reg1 = SOURCE; eth.src = MAC; outport = PORT; flags.loopback = 1; next;</c></summary>
    public static LAction[] RouteActions(AssignAction nextHop, uint source, ulong mac, string port) =>
    [
        DecrementTtlAction.Instance,
        nextHop,
        Act.Assign(Fields.NextHopSource, Match.Ip4(source)),
        Act.Assign(Fields.EthSrc, Match.Mac(mac)),
        Act.SetPort(Fields.Outport, port),
        Act.Loopback,
        Act.Next,
    ];

    private static PortBinding BindingOf(LogicalRouter router, RouterPort port, NbTopology topology)
    {
        string? peer = topology.AttachmentOf(port.Name) is { } att ? att.Port.Name : port.Peer;
        var addresses = port.Networks.Count == 0 ? port.Mac : port.Mac + " " + string.Join(' ', port.Networks);
        return new PortBinding(port.Name, router.TunnelKey, port.TunnelKey, SwitchPortFlows.PatchType, peer,
            ValueArray.Create(addresses), ValueArray<string>.Empty);
    }
}
