using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// check_in_port_sec() / check_out_port_sec() as ovn-trace computes them from a port's port_security
/// entries ("MAC [IP...]"): the result bit is 1 when the packet must be dropped, 0 when allowed or when the port
/// has no port security. Addresses compare exactly, as in ovn-trace 23.03.
/// </summary>
internal static class PortSecurity
{
    private sealed record Entry(UInt128 Mac, ImmutableArray<UInt128> V4, ImmutableArray<UInt128> V6);

    public static bool DropsIn(PortBinding? port, PacketState p)
    {
        var entries = Parse(port);
        if (entries.IsEmpty) return false;
        var e = entries.FirstOrDefault(x => x.Mac == p.Get("eth.src"));
        if (e is null) return true;
        return (int)p.Get("eth.type") switch
        {
            0x0800 => !In4(e, p),
            0x0806 => !InArp(e, p),
            0x86dd => !In6(e, p),
            _ => false,
        };
    }

    public static bool DropsOut(PortBinding? port, PacketState p)
    {
        var entries = Parse(port);
        if (entries.IsEmpty) return false;
        var e = entries.FirstOrDefault(x => x.Mac == p.Get("eth.dst"));
        if (e is null) return true;
        return (int)p.Get("eth.type") switch
        {
            0x0800 => !Out4(e, p),
            0x86dd => !Out6(e, p),
            _ => false,
        };
    }

    private static bool In4(Entry e, PacketState p)
    {
        if (e.V4.IsEmpty && e.V6.IsEmpty) return true;
        if (e.V4.Contains(p.Get("ip4.src"))) return true;
        // DHCP discovery from 0.0.0.0 to the broadcast address is always allowed.
        return p.Get("ip.proto") == 17 && p.Get("udp.src") == 68 && p.Get("udp.dst") == 67
            && p.Get("ip4.src") == 0 && p.Get("ip4.dst") == 0xffffffff;
    }

    private static bool InArp(Entry e, PacketState p) =>
        p.Get("arp.sha") == e.Mac && (e.V4.IsEmpty || e.V4.Contains(p.Get("arp.spa")));

    private static bool In6(Entry e, PacketState p)
    {
        if (e.V4.IsEmpty && e.V6.IsEmpty) return true;
        UInt128 lla = LinkLocal(e.Mac);
        if (!e.V6.Contains(p.Get("ip6.src")) && p.Get("ip6.src") != lla) return false;
        if (p.Get("ip.proto") != 58) return true;
        var type = p.Get("icmp6.type");
        if (type == 135 && p.Get("nd.sll") != 0 && p.Get("nd.sll") != e.Mac) return false;
        if (type == 136)
        {
            if (p.Get("nd.tll") != 0 && p.Get("nd.tll") != e.Mac) return false;
            if (!e.V6.IsEmpty && !e.V6.Contains(p.Get("nd.target")) && p.Get("nd.target") != lla) return false;
        }
        return true;
    }

    private static bool Out4(Entry e, PacketState p)
    {
        if (e.V4.IsEmpty && e.V6.IsEmpty) return true;
        if (e.V4.IsEmpty) return false;
        var dst = p.Get("ip4.dst");
        return e.V4.Contains(dst) || dst == 0xffffffff || (dst & 0xf0000000) == 0xe0000000;
    }

    private static bool Out6(Entry e, PacketState p)
    {
        if (e.V4.IsEmpty && e.V6.IsEmpty) return true;
        if (e.V6.IsEmpty) return false;
        var dst = p.Get("ip6.dst");
        return e.V6.Contains(dst) || dst == LinkLocal(e.Mac) || (dst >> 120) == 0xff;
    }

    /// <summary>fe80::/64 with the modified EUI-64 of the MAC.</summary>
    private static UInt128 LinkLocal(UInt128 mac)
    {
        ulong m = (ulong)mac;
        ulong eui = ((m >> 24) << 40) | (0xfffeUL << 24) | (m & 0xffffff);
        eui ^= 0x0200000000000000UL;
        return ((UInt128)0xfe80UL << 112) | eui;
    }

    private static ImmutableArray<Entry> Parse(PortBinding? port)
    {
        if (port is null) return [];
        var list = ImmutableArray.CreateBuilder<Entry>();
        foreach (var text in port.PortSecurity)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || Value(words[0]) is not (UInt128 mac, IntFormat.Ethernet)) continue;
            var v4 = new List<UInt128>();
            var v6 = new List<UInt128>();
            foreach (var w in words.Skip(1))
            {
                // "10.0.0.3/24" names the host 10.0.0.3; ovn-trace compares that address.
                var address = w.Split('/')[0];
                switch (Value(address))
                {
                    case (UInt128 v, IntFormat.IPv4): v4.Add(v); break;
                    case (UInt128 v, IntFormat.IPv6): v6.Add(v); break;
                }
            }
            list.Add(new Entry(mac, [.. v4], [.. v6]));
        }
        return list.ToImmutable();
    }

    private static (UInt128, IntFormat)? Value(string text)
    {
        var lexed = Lexer.Tokenize(text);
        if (!lexed.Ok || lexed.Value!.Count != 2 || lexed.Value[0].Kind != TokenKind.Integer) return null;
        return (lexed.Value[0].Value, lexed.Value[0].Format);
    }
}
