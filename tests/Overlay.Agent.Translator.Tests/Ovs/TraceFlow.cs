using System.Globalization;
using System.Net;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Ovs;

/// <summary>A test packet in the flow syntax ofproto/trace takes.</summary>
internal static class TraceFlow
{
    public static string Format(OfPacket p, string? tunnelSource = null)
    {
        var parts = new List<string> { $"in_port={p.InPort}" };
        if (tunnelSource is not null)
        {
            parts.Add($"tun_id=0x{(ulong)p[OfFields.TunId]:x}");
            parts.Add($"tun_src={tunnelSource}");
            parts.Add("tun_dst=192.168.0.254");
            parts.Add($"tun_metadata0=0x{(uint)p[OfFields.TunMetadata(0)]:x}");
        }
        parts.Add("dl_src=" + Mac(p[OfFields.EthSrc]));
        parts.Add("dl_dst=" + Mac(p[OfFields.EthDst]));
        uint type = (uint)p[OfFields.EthType];
        parts.Add($"dl_type=0x{type:x4}");
        if (type == 0x0800)
        {
            uint proto = (uint)p[OfFields.IpProto];
            parts.Add("nw_src=" + Ip(p[OfFields.Ipv4Src]));
            parts.Add("nw_dst=" + Ip(p[OfFields.Ipv4Dst]));
            parts.Add($"nw_proto={proto}");
            parts.Add($"nw_ttl={(uint)p[OfFields.IpTtl]}");
            if (proto == 6) parts.AddRange([$"tp_src={(uint)p[OfFields.TcpSrc]}", $"tp_dst={(uint)p[OfFields.TcpDst]}"]);
            if (proto == 1) parts.AddRange([$"icmp_type={(uint)p[OfFields.Icmpv4Type]}", $"icmp_code={(uint)p[OfFields.Icmpv4Code]}"]);
        }
        else if (type == 0x0806)
        {
            parts.Add($"arp_op={(uint)p[OfFields.ArpOp]}");
            parts.Add("arp_spa=" + Ip(p[OfFields.ArpSpa]));
            parts.Add("arp_tpa=" + Ip(p[OfFields.ArpTpa]));
            parts.Add("arp_sha=" + Mac(p[OfFields.ArpSha]));
            parts.Add("arp_tha=" + Mac(p[OfFields.ArpTha]));
        }
        return string.Join(',', parts);
    }

    private static string Mac(UInt128 v) => string.Join(':', Enumerable.Range(0, 6).Select(i => ((ulong)(v >> (8 * (5 - i))) & 0xff).ToString("x2", CultureInfo.InvariantCulture)));

    private static string Ip(UInt128 v) => new IPAddress(new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToString();
}
