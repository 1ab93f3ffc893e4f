using System.Globalization;
using System.Text;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// The packet in OpenFlow microflow syntax, as ovn-trace prints it on its first line (OVS flow_format):
/// <c>tcp,reg14=0x1,vlan_tci=0x0000,dl_src=..,dl_dst=..,nw_src=..,nw_dst=..,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=0,tp_dst=80,tcp_flags=0</c>.
/// Zero registers and conntrack fields are left out; which L3/L4 fields appear follows the ethertype and protocol.
/// </summary>
internal static class OpenFlowMicroflow
{
    private const int Ip4Type = 0x0800, Ip6Type = 0x86dd, ArpType = 0x0806, RarpType = 0x8035;

    public static string Format(PacketState p, uint inportKey, uint outportKey)
    {
        var sb = new StringBuilder(160);
        UInt128 Get(string f) => p.Get(f);

        Hex(sb, "pkt_mark", Get("pkt.mark"));
        if (Get("ct_state") is var ct && ct != 0) sb.Append("ct_state=").Append(CtState((uint)ct)).Append(',');
        Hex(sb, "ct_mark", Get("ct_mark"));
        Hex(sb, "ct_label", Get("ct_label"));

        int ethType = (int)Get("eth.type");
        int proto = (int)Get("ip.proto");
        var (shortcut, skipProto) = Shortcut(ethType, proto);
        if (shortcut is not null) sb.Append(shortcut).Append(',');

        for (int r = 0; r < 16; r++) Hex(sb, "reg" + r, Register(p, r, inportKey, outportKey));

        var tci = (int)Get("vlan.tci");
        if ((tci & 0x1000) != 0)
            sb.Append("dl_vlan=").Append(tci & 0xfff).Append(",dl_vlan_pcp=").Append(tci >> 13).Append(",vlan_tci1=0x0000,");
        else
            sb.Append("vlan_tci=0x").Append(tci.ToString("x4", CultureInfo.InvariantCulture)).Append(',');
        sb.Append("dl_src=").Append(FieldDisplay.Mac(Get("eth.src"))).Append(',');
        sb.Append("dl_dst=").Append(FieldDisplay.Mac(Get("eth.dst"))).Append(',');
        if (shortcut is null) sb.Append("dl_type=0x").Append(ethType.ToString("x4", CultureInfo.InvariantCulture)).Append(',');

        switch (ethType)
        {
            case ArpType or RarpType:
                sb.Append("arp_spa=").Append(FieldDisplay.Ip4(Get("arp.spa"))).Append(',');
                sb.Append("arp_tpa=").Append(FieldDisplay.Ip4(Get("arp.tpa"))).Append(',');
                sb.Append("arp_op=").Append(Get("arp.op")).Append(',');
                sb.Append("arp_sha=").Append(FieldDisplay.Mac(Get("arp.sha"))).Append(',');
                sb.Append("arp_tha=").Append(FieldDisplay.Mac(Get("arp.tha"))).Append(',');
                break;
            case Ip4Type or Ip6Type:
                IpFields(sb, p, ethType, proto, skipProto);
                break;
        }
        if (sb.Length > 0 && sb[^1] == ',') sb.Length--;
        return sb.ToString();
    }

    private static (string? Shortcut, bool SkipProto) Shortcut(int ethType, int proto) => ethType switch
    {
        Ip4Type => proto switch { 1 => ("icmp", true), 6 => ("tcp", true), 17 => ("udp", true), 132 => ("sctp", true), _ => ("ip", false) },
        Ip6Type => proto switch { 58 => ("icmp6", true), 6 => ("tcp6", true), 17 => ("udp6", true), 132 => ("sctp6", true), _ => ("ipv6", false) },
        ArpType => ("arp", false),
        RarpType => ("rarp", false),
        _ => (null, false),
    };

    private static void IpFields(StringBuilder sb, PacketState p, int ethType, int proto, bool skipProto)
    {
        if (ethType == Ip6Type)
        {
            sb.Append("ipv6_src=").Append(FieldDisplay.Ip6(p.Get("ip6.src"))).Append(',');
            sb.Append("ipv6_dst=").Append(FieldDisplay.Ip6(p.Get("ip6.dst"))).Append(',');
            sb.Append("ipv6_label=0x").Append(((uint)p.Get("ip6.label")).ToString("x5", CultureInfo.InvariantCulture)).Append(',');
        }
        else
        {
            sb.Append("nw_src=").Append(FieldDisplay.Ip4(p.Get("ip4.src"))).Append(',');
            sb.Append("nw_dst=").Append(FieldDisplay.Ip4(p.Get("ip4.dst"))).Append(',');
        }
        if (!skipProto) sb.Append("nw_proto=").Append(proto).Append(',');
        sb.Append("nw_tos=").Append((int)p.Get("ip.dscp") << 2).Append(',');
        sb.Append("nw_ecn=").Append(p.Get("ip.ecn")).Append(',');
        sb.Append("nw_ttl=").Append(p.Get("ip.ttl")).Append(',');
        var frag = p.Get("ip.frag");
        sb.Append("nw_frag=").Append(FieldDisplay.Frag(frag)).Append(',');
        if ((frag & 2) != 0 || proto is not (1 or 58 or 6 or 17 or 132 or 2)) return;

        if (ethType == Ip4Type && proto == 1)
        {
            sb.Append("icmp_type=").Append(p.Get("icmp4.type")).Append(",icmp_code=").Append(p.Get("icmp4.code")).Append(',');
        }
        else if (ethType == Ip6Type && proto == 58)
        {
            var type = p.Get("icmp6.type");
            var code = p.Get("icmp6.code");
            sb.Append("icmp_type=").Append(type).Append(",icmp_code=").Append(code).Append(',');
            if ((type == 135 || type == 136) && code == 0)
            {
                sb.Append("nd_target=").Append(FieldDisplay.Ip6(p.Get("nd.target"))).Append(',');
                sb.Append("nd_sll=").Append(FieldDisplay.Mac(p.Get("nd.sll"))).Append(',');
                sb.Append("nd_tll=").Append(FieldDisplay.Mac(p.Get("nd.tll"))).Append(',');
            }
        }
        else
        {
            string l4 = proto switch { 6 => "tcp", 17 => "udp", 132 => "sctp", _ => "" };
            UInt128 src = l4.Length > 0 ? p.Get(l4 + ".src") : 0, dst = l4.Length > 0 ? p.Get(l4 + ".dst") : 0;
            sb.Append("tp_src=").Append(src).Append(",tp_dst=").Append(dst).Append(',');
            if (proto == 6) sb.Append("tcp_flags=").Append(TcpFlags((uint)p.Get("tcp.flags"))).Append(',');
        }
    }

    private static UInt128 Register(PacketState p, int r, uint inportKey, uint outportKey) => r switch
    {
        < 10 => p.Get("reg" + r),
        10 => p.Get("flags"),
        14 => inportKey,
        15 => outportKey,
        _ => 0,
    };

    private static void Hex(StringBuilder sb, string name, UInt128 v)
    {
        if (v != 0) sb.Append(name).Append('=').Append(FieldDisplay.Hex(v)).Append(',');
    }

    private static readonly string[] CtNames = ["new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"];

    private static readonly string[] TcpNames = ["fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns"];

    public static string CtState(uint state) => Flags(state, CtNames);

    public static string TcpFlags(uint flags) => Flags(flags, TcpNames);

    /// <summary>OVS format_flags: names of the set bits from the lowest, '|'-separated; "0" for none.</summary>
    private static string Flags(uint value, string[] names)
    {
        if (value == 0) return "0";
        var parts = new List<string>();
        for (int bit = 0; bit < 32; bit++)
            if ((value & (1u << bit)) != 0)
                parts.Add(bit < names.Length ? names[bit] : "0x" + (1u << bit).ToString("x", CultureInfo.InvariantCulture));
        return string.Join('|', parts);
    }
}
