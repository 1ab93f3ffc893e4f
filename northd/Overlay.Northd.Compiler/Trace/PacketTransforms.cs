using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// The packet changes ovn-trace makes outside the actions: clearing registers between pipelines, and the
/// packets built by arp { }, icmp4 { }, tcp_reset { } ... (execute_arp, execute_icmp4 ... in ovn-trace.c).
/// OVS keeps L3/L4 values in shared slots (arp.spa is nw_src, tcp.dst and icmp4.code are tp_dst); our
/// storages are per symbol, so the copies OVS gets for free are made explicitly here.
/// </summary>
internal static class PacketTransforms
{
    private static readonly string[] RegisterStorages = ["xxreg0", "xxreg1", "xreg4", "flags"];
    private static readonly string[] ConntrackStorages = ["ct_state", "ct_mark", "ct_label"];

    private const int Ip4Type = 0x0800, Ip6Type = 0x86dd;
    private const uint TcpRst = 0x004;

    /// <summary>reg0..reg9 and flags to zero (ovn-trace clears every register but inport and outport).</summary>
    public static PacketState ClearRegisters(PacketState p) => Clear(p, RegisterStorages);

    public static PacketState ClearConntrack(PacketState p) => Clear(p, ConntrackStorages);

    private static PacketState Clear(PacketState p, string[] storages)
    {
        foreach (var s in storages) p = p.SetStorage(s, 0);
        return p;
    }

    public static bool IsIp4(PacketState p) => p.Get("eth.type") == Ip4Type;

    public static bool IsIp6(PacketState p) => p.Get("eth.type") == Ip6Type;

    /// <summary>An ARP request in place of an IPv4 packet: spa/tpa from the IP addresses, sha from eth.src.</summary>
    public static PacketState Arp(PacketState p) => p
        .Set("ip.frag", 0).Set("ip.dscp", 0).Set("ip.ecn", 0).Set("ip.ttl", 0).Set("tcp.flags", 0)
        .Set("eth.type", 0x0806).Set("arp.op", 1)
        .Set("arp.sha", p.Get("eth.src")).Set("arp.tha", 0)
        .Set("arp.spa", p.Get("ip4.src")).Set("arp.tpa", p.Get("ip4.dst"));

    /// <summary>ICMPv4 destination unreachable (type 3, code 1), TTL 255; reversed when looping back. Null: avoid recirculation.</summary>
    public static PacketState? Icmp4(PacketState p, bool loopback)
    {
        if (loopback && p.Get("ip.proto") == 1 && p.Get("icmp4.type") == 3) return null;
        if (loopback) p = SwapL2(SwapIp(p, "ip4"));
        return p.Set("ip.proto", 1).Set("ip.ttl", 255).Set("icmp4.type", 3).Set("icmp4.code", 1);
    }

    /// <summary>ICMPv6 destination unreachable (type 1, code 1), hop limit 255.</summary>
    public static PacketState? Icmp6(PacketState p, bool loopback)
    {
        if (loopback && p.Get("ip.proto") == 58 && p.Get("icmp6.type") == 1) return null;
        if (loopback) p = SwapL2(SwapIp(p, "ip6"));
        return p.Set("ip.proto", 58).Set("ip.ttl", 255).Set("icmp6.type", 1).Set("icmp6.code", 1);
    }

    /// <summary>A TCP RST keeping the ports.</summary>
    public static PacketState? TcpReset(PacketState p, bool loopback)
    {
        if (loopback && p.Get("tcp.flags") == TcpRst) return null;
        if (loopback) p = SwapL2(SwapIp(p, IsIp4(p) ? "ip4" : "ip6"));
        return p.Set("ip.proto", 6).Set("ip.ttl", 255).Set("tcp.flags", TcpRst);
    }

    public static PacketState? SctpAbort(PacketState p, bool loopback)
    {
        if (loopback && p.Get("tcp.flags") == TcpRst) return null;
        if (loopback) p = SwapL2(SwapIp(p, IsIp4(p) ? "ip4" : "ip6"));
        return p.Set("ip.proto", 132).Set("ip.ttl", 255).Set("tcp.flags", TcpRst);
    }

    /// <summary>A neighbour advertisement answering a solicitation.</summary>
    public static PacketState NdNa(PacketState p) => p
        .Set("eth.src", p.Get("eth.dst")).Set("eth.dst", p.Get("eth.src"))
        .Set("ip6.dst", p.Get("ip6.src")).Set("ip6.src", p.Get("nd.target"))
        .Set("icmp6.type", 136).Set("nd.sll", 0).Set("nd.tll", p.Get("eth.dst"));

    /// <summary>A neighbour solicitation sent to the solicited-node multicast address of ip6.dst.</summary>
    public static PacketState NdNs(PacketState p)
    {
        UInt128 low24 = p.Get("ip6.dst") & 0xffffff;
        ulong mac = 0x3333ff000000UL | (ulong)low24;
        return p.Set("eth.dst", mac).Set("icmp6.type", 135).Set("nd.sll", 0).Set("nd.tll", p.Get("eth.dst"));
    }

    private static PacketState SwapL2(PacketState p) => p.Set("eth.src", p.Get("eth.dst")).Set("eth.dst", p.Get("eth.src"));

    private static PacketState SwapIp(PacketState p, string family) =>
        p.Set(family + ".src", p.Get(family + ".dst")).Set(family + ".dst", p.Get(family + ".src"));
}
