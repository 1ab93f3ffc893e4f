using System.Net;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>Header-only test packets.</summary>
internal static class Packets
{
    public static UInt128 Mac(string mac) => Convert.ToUInt64(mac.Replace(":", "", StringComparison.Ordinal), 16);

    public static UInt128 Ip(string ip)
    {
        var b = IPAddress.Parse(ip).GetAddressBytes();
        UInt128 v = 0;
        foreach (var x in b) v = v << 8 | x;
        return v;
    }

    public static OfPacket Ethernet(string src, string dst, ushort type)
    {
        var p = new OfPacket();
        p[OfFields.EthSrc] = Mac(src);
        p[OfFields.EthDst] = Mac(dst);
        p[OfFields.EthType] = type;
        return p;
    }

    public static OfPacket Icmp4(string srcMac, string dstMac, string src, string dst, byte type = 8, byte ttl = 64)
    {
        var p = Ethernet(srcMac, dstMac, 0x0800);
        p[OfFields.Ipv4Src] = Ip(src);
        p[OfFields.Ipv4Dst] = Ip(dst);
        p[OfFields.IpProto] = 1;
        p[OfFields.IpTtl] = ttl;
        p[OfFields.Icmpv4Type] = type;
        return p;
    }

    public static OfPacket Tcp4(string srcMac, string dstMac, string src, string dst, ushort dport, byte ttl = 64)
    {
        var p = Ethernet(srcMac, dstMac, 0x0800);
        p[OfFields.Ipv4Src] = Ip(src);
        p[OfFields.Ipv4Dst] = Ip(dst);
        p[OfFields.IpProto] = 6;
        p[OfFields.IpTtl] = ttl;
        p[OfFields.TcpSrc] = 40000;
        p[OfFields.TcpDst] = dport;
        return p;
    }

    /// <summary>A broadcast ARP request: who has <paramref name="target"/>, tell <paramref name="sender"/>.</summary>
    public static OfPacket ArpRequest(string srcMac, string sender, string target)
    {
        var p = Ethernet(srcMac, "ff:ff:ff:ff:ff:ff", 0x0806);
        p[OfFields.ArpOp] = 1;
        p[OfFields.ArpSha] = Mac(srcMac);
        p[OfFields.ArpSpa] = Ip(sender);
        p[OfFields.ArpTpa] = Ip(target);
        return p;
    }
}
