using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Flows;

/// <summary>The fields and registers the generated flows use, built once (immutable values).</summary>
internal static class Fields
{
    public static readonly FieldRef Inport = new("inport");
    public static readonly FieldRef Outport = new("outport");

    public static readonly FieldRef EthSrc = new("eth.src");
    public static readonly FieldRef EthDst = new("eth.dst");
    public static readonly FieldRef EthSrcMcastBit = FieldRef.Bit("eth.src", 40);
    public static readonly FieldRef EthMcast = new("eth.mcast");
    public static readonly FieldRef EthBcast = new("eth.bcast");
    public static readonly FieldRef VlanPresent = new("vlan.present");

    public static readonly FieldRef Ip = new("ip");
    public static readonly FieldRef Ip4 = new("ip4");
    public static readonly FieldRef IpTtl = new("ip.ttl");
    public static readonly FieldRef Ip4Src = new("ip4.src");
    public static readonly FieldRef Ip4Dst = new("ip4.dst");
    public static readonly FieldRef Ip4Mcast = new("ip4.mcast");
    public static readonly FieldRef Ip4SrcMcast = new("ip4.src_mcast");
    public static readonly FieldRef Ip6Src = new("ip6.src");
    public static readonly FieldRef Ip6Dst = new("ip6.dst");
    public static readonly FieldRef Icmp4Type = new("icmp4.type");
    public static readonly FieldRef Icmp4Code = new("icmp4.code");
    public static readonly FieldRef UdpSrc = new("udp.src");
    public static readonly FieldRef UdpDst = new("udp.dst");

    public static readonly FieldRef Arp = new("arp");
    public static readonly FieldRef ArpOp = new("arp.op");
    public static readonly FieldRef ArpSpa = new("arp.spa");
    public static readonly FieldRef ArpTpa = new("arp.tpa");
    public static readonly FieldRef ArpSha = new("arp.sha");
    public static readonly FieldRef ArpTha = new("arp.tha");

    public static readonly FieldRef FlagsLoopback = new("flags.loopback");

    /// <summary>Switch: reg0[15] = 1 means "port security says drop" (checked in the apply stage).</summary>
    public static readonly FieldRef PortSecDrop = FieldRef.Bit("reg0", 15);

    /// <summary>Router: reg0 = IPv4 next hop, reg1 = source IP for the next hop (OVN's contract).</summary>
    public static readonly FieldRef NextHop = new("reg0");
    public static readonly FieldRef NextHopSource = new("reg1");

    /// <summary>Router: the MAC of the ingress router port, set in lr_in_admission.</summary>
    public static readonly FieldRef InportMac = FieldRef.Range("xreg0", 0, 47);
}
