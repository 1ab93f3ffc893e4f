using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// How ovn-trace prints field values in its summaries of moves (OVS mf_format): a whole field in its
/// natural form (MAC, IPv4, IPv6, decimal or hex), a part of a field or a register in hex without
/// leading zeros ("0xa0001fe", "0"). Also which symbols live in OpenFlow registers, whose writes
/// ovn-trace does not list as packet modifications.
/// </summary>
internal static class FieldDisplay
{
    private static readonly FrozenSet<string> Ethernet = new[]
    {
        "eth.src", "eth.dst", "arp.sha", "arp.tha", "rarp.sha", "rarp.tha", "nd.sll", "nd.tll",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Ipv4 = new[]
    {
        "ip4.src", "ip4.dst", "arp.spa", "arp.tpa", "rarp.spa", "rarp.tpa",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Ipv6 = new[] { "ip6.src", "ip6.dst", "nd.target" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Decimal = new[]
    {
        "ip.proto", "ip.dscp", "ip.ecn", "ip.ttl", "tcp.src", "tcp.dst", "udp.src", "udp.dst", "sctp.src", "sctp.dst",
        "icmp4.type", "icmp4.code", "icmp6.type", "icmp6.code", "arp.op", "rarp.op",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Storages that are OpenFlow registers on the hosts (reg0..reg10, reg14, reg15).</summary>
    private static readonly FrozenSet<string> RegisterStorages = new[] { "xxreg0", "xxreg1", "xreg4", "flags" }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsRegister(Symbol symbol) => symbol.IsString || RegisterStorages.Contains(symbol.Storage);

    /// <summary>The value read from <paramref name="field"/>, formatted the way ovn-trace's summarize_move does.</summary>
    public static string Format(Symbol symbol, FieldRef field, UInt128 value)
    {
        if (field.HasRange || !IsWholeField(symbol)) return Hex(value);
        if (Ethernet.Contains(symbol.Name)) return Mac(value);
        if (Ipv4.Contains(symbol.Name)) return Ip4(value);
        if (Ipv6.Contains(symbol.Name)) return Ip6(value);
        if (Decimal.Contains(symbol.Name)) return value.ToString(CultureInfo.InvariantCulture);
        if (symbol.Name == "ip.frag") return Frag(value);
        return Hex(value);
    }

    // In OVS, regN/xregN and the rarp.* fields are fields of their own; other subfields are bit ranges.
    private static bool IsWholeField(Symbol s) =>
        s.Kind == SymbolKind.Field
        || (s.Kind == SymbolKind.Subfield && (IsRegisterName(s.Name) || s.Name.StartsWith("rarp.", StringComparison.Ordinal)));

    private static bool IsRegisterName(string n) =>
        (n.StartsWith("reg", StringComparison.Ordinal) && n.Length > 3 && n[3..].All(char.IsAsciiDigit))
        || (n.StartsWith("xreg", StringComparison.Ordinal) && n.Length > 4 && n[4..].All(char.IsAsciiDigit));

    /// <summary>OVS ds_put_hex: "0x" and the value without leading zeros, or "0".</summary>
    public static string Hex(UInt128 v) => v == 0 ? "0" : "0x" + v.ToString("x", CultureInfo.InvariantCulture);

    public static string Mac(UInt128 v)
    {
        var sb = new StringBuilder(17);
        Formatter.WriteValue(sb, v, IntFormat.Ethernet);
        return sb.ToString();
    }

    public static string Ip4(UInt128 v)
    {
        var sb = new StringBuilder(15);
        Formatter.WriteValue(sb, v, IntFormat.IPv4);
        return sb.ToString();
    }

    public static string Ip6(UInt128 v)
    {
        var sb = new StringBuilder(39);
        Formatter.WriteValue(sb, v, IntFormat.IPv6);
        return sb.ToString();
    }

    /// <summary>ip.frag: bit 0 = fragment, bit 1 = later fragment.</summary>
    public static string Frag(UInt128 v) => (int)(v & 3) switch
    {
        0 => "no",
        1 => "first",
        3 => "later",
        _ => "<error>",
    };
}
