using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Addressing;
using Overlay.Northd.Compiler.Compile.Flows;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>
/// Port security expanded into logical flows (OVN 23.03 leaves this to ovn-controller; we keep it in the
/// pipeline so the tracer sees it). The check stages set reg0[15] = 1 for a violation and the apply
/// stages drop on it. Broadcast and multicast delivery is always allowed (ls_out_check_port_sec p100).
/// </summary>
internal static class PortSecurityFlows
{
    private static readonly Operand Limited = Match.Ip4(0xffffffffu);
    private static readonly Operand Ip4Multicast = IntOperand.Ipv4Prefix(0xe0000000u, 4);
    private static readonly Operand Ip6Multicast = Match.Ip6(new Ipv6Cidr((UInt128)0xff << 120, 8));
    private static readonly Operand Zero = Match.Ip4(0u);
    private static readonly Expr AnyIp = Match.Bit(Fields.Ip);
    private static readonly Expr DhcpDiscover = Match.And(
        Match.Eq(Fields.Ip4Src, Zero),
        Match.Eq(Fields.Ip4Dst, Limited),
        Match.Eq(Fields.UdpSrc, 68),
        Match.Eq(Fields.UdpDst, 67));

    /// <summary>Checks on what the port sends; <paramref name="inport"/> is <c>inport == "P"</c>.</summary>
    public static void Ingress(Expr inport, List<AddressEntry> entries, FlowSink sink)
    {
        foreach (var e in entries)
        {
            var mac = Match.Mac(e.Mac);
            var fromMac = Match.And(inport, Match.Eq(Fields.EthSrc, mac));
            if (e.Ipv4.IsEmpty && e.Ipv6.IsEmpty)
            {
                sink.Add(Stages.LsInCheckPortSec, 90, fromMac, Act.NextOnly);
                continue;
            }
            if (!e.Ipv4.IsEmpty)
            {
                var ips = Match.Set(Ip4Items(e, broadcasts: false));
                sink.Add(Stages.LsInCheckPortSec, 90, Match.And(fromMac, Match.Eq(Fields.Ip4Src, ips)), Act.NextOnly);
                sink.Add(Stages.LsInCheckPortSec, 90, Match.And(fromMac, DhcpDiscover), Act.NextOnly);
                sink.Add(Stages.LsInCheckPortSec, 90,
                    Match.And(fromMac, Match.Eq(Fields.ArpSha, mac), Match.Eq(Fields.ArpSpa, ips)), Act.NextOnly);
            }
            if (!e.Ipv6.IsEmpty)
                sink.Add(Stages.LsInCheckPortSec, 90, Match.And(fromMac, Match.Eq(Fields.Ip6Src, Match.Set(Ip6Items(e, multicast: false)))), Act.NextOnly);
        }
        sink.Add(Stages.LsInCheckPortSec, 80, inport, Act.MarkPortSecDrop);
    }

    /// <summary>Checks on what the port receives; <paramref name="outport"/> is <c>outport == "P"</c>.</summary>
    public static void Egress(Expr outport, List<AddressEntry> entries, FlowSink sink)
    {
        foreach (var e in entries)
        {
            var toMac = Match.And(outport, Match.Eq(Fields.EthDst, Match.Mac(e.Mac)));
            if (e.Ipv4.IsEmpty && e.Ipv6.IsEmpty)
            {
                sink.Add(Stages.LsOutCheckPortSec, 90, toMac, Act.NextOnly);
                continue;
            }
            if (!e.Ipv4.IsEmpty)
                sink.Add(Stages.LsOutCheckPortSec, 90, Match.And(toMac, Match.Eq(Fields.Ip4Dst, Match.Set(Ip4Items(e, broadcasts: true)))), Act.NextOnly);
            if (!e.Ipv6.IsEmpty)
                sink.Add(Stages.LsOutCheckPortSec, 90, Match.And(toMac, Match.Eq(Fields.Ip6Dst, Match.Set(Ip6Items(e, multicast: true)))), Act.NextOnly);
            // IP to any other address is refused; non-IP (ARP) to the MAC passes.
            sink.Add(Stages.LsOutCheckPortSec, 85, Match.And(toMac, AnyIp), Act.MarkPortSecDrop);
            sink.Add(Stages.LsOutCheckPortSec, 80, toMac, Act.NextOnly);
        }
        sink.Add(Stages.LsOutCheckPortSec, 70, outport, Act.MarkPortSecDrop);
    }

    /// <summary>The entry's addresses (a CIDR stands for its subnet); for egress also the broadcasts and 224.0.0.0/4.</summary>
    private static List<Operand> Ip4Items(AddressEntry e, bool broadcasts)
    {
        var items = new List<Operand>(e.Ipv4.Length + 3);
        foreach (var c in e.Ipv4) AddUnique(items, Match.Ip4(c));
        if (!broadcasts) return items;
        AddUnique(items, Limited);
        AddUnique(items, Ip4Multicast);
        foreach (var c in e.Ipv4)
            if (!c.IsHost && c.HasBroadcast) AddUnique(items, Match.Ip4(c.Broadcast));
        return items;
    }

    private static List<Operand> Ip6Items(AddressEntry e, bool multicast)
    {
        var items = new List<Operand>(e.Ipv6.Length + 1);
        foreach (var c in e.Ipv6) AddUnique(items, Match.Ip6(c));
        if (multicast) AddUnique(items, Ip6Multicast);
        return items;
    }

    private static void AddUnique(List<Operand> items, Operand item)
    {
        if (!items.Contains(item)) items.Add(item);
    }
}
