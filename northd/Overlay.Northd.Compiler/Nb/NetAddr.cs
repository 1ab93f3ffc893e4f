using System.Net;
using System.Net.Sockets;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Strict parsers for the address forms NB columns hold: Ethernet (xx:xx:xx:xx:xx:xx), IPv4 dotted quad
/// (no leading zeros, as inet_pton), IPv6, and prefixes. They return values or null; never throw.
/// </summary>
public static class NetAddr
{
    public static bool TryParseMac(string text, out ulong mac)
    {
        mac = 0;
        if (text.Length != 17) return false;
        for (int i = 0; i < 6; i++)
        {
            int at = i * 3;
            if (i > 0 && text[at - 1] != ':') return false;
            if (!char.IsAsciiHexDigit(text[at]) || !char.IsAsciiHexDigit(text[at + 1])) return false;
            mac = (mac << 8) | (ulong)Convert.ToByte(text.Substring(at, 2), 16);
        }
        return true;
    }

    public static bool IsMac(string text) => TryParseMac(text, out _);

    public static bool TryParseIpv4(string text, out uint address)
    {
        address = 0;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)) return false;
            if (p.Length > 1 && p[0] == '0') return false;
            int v = int.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            if (v > 255) return false;
            address = (address << 8) | (uint)v;
        }
        return true;
    }

    public static bool TryParseIpv6(string text, out UInt128 address)
    {
        address = 0;
        // IPAddress.TryParse also takes scope ids, brackets and bare integers; the NB columns do not.
        if (!text.Contains(':') || text.IndexOfAny(['%', '[', ']', '/', ' ']) >= 0) return false;
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) return false;
        foreach (var b in ip.GetAddressBytes()) address = (address << 8) | b;
        return true;
    }

    /// <summary>Parses an IPv4 or IPv6 address without a prefix length.</summary>
    public static IpPrefix? ParseAddress(string text)
    {
        if (TryParseIpv4(text, out var v4)) return new IpPrefix(false, v4, 32, false);
        if (TryParseIpv6(text, out var v6)) return new IpPrefix(true, v6, 128, false);
        return null;
    }

    /// <summary>
    /// Parses "ADDR/PLEN" or (when <paramref name="prefixOptional"/>) "ADDR". Returns an error message
    /// on failure. Host bits are kept; callers decide whether they matter.
    /// </summary>
    public static string? TryParsePrefix(string text, bool prefixOptional, out IpPrefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        string addrText = slash < 0 ? text : text[..slash];
        var addr = ParseAddress(addrText);
        if (addr is null) return $"invalid IP address '{addrText}'";
        if (slash < 0)
        {
            if (!prefixOptional) return "a prefix length is required (e.g. 10.0.0.1/24)";
            prefix = addr.Value;
            return null;
        }
        string plenText = text[(slash + 1)..];
        int width = addr.Value.Width;
        if (plenText.Length is 0 or > 3 || !plenText.All(char.IsAsciiDigit))
            return $"invalid prefix length '{plenText}'";
        int plen = int.Parse(plenText, System.Globalization.CultureInfo.InvariantCulture);
        if (plen > width) return $"prefix length {plen} is longer than {width} bits";
        prefix = addr.Value with { PrefixLength = plen, HasExplicitLength = true };
        return null;
    }
}

/// <summary>An IPv4 or IPv6 address with a prefix length (32/128 when none was written).</summary>
public readonly record struct IpPrefix(bool IsIpv6, UInt128 Address, int PrefixLength, bool HasExplicitLength)
{
    public int Width => IsIpv6 ? 128 : 32;

    public UInt128 Mask => Overlay.Logical.Lexer.PrefixMask(PrefixLength, Width);

    public UInt128 Network => Address & Mask;

    public bool HasHostBits => (Address & ~Mask & AllOnes) != 0;

    public bool HostBitsAllOnes => PrefixLength < Width && (Address | Mask) == AllOnes;

    private UInt128 AllOnes => IsIpv6 ? UInt128.MaxValue : uint.MaxValue;

    public bool Contains(IpPrefix address) =>
        address.IsIpv6 == IsIpv6 && (address.Address & Mask) == Network;

    public bool Overlaps(IpPrefix other)
    {
        if (other.IsIpv6 != IsIpv6) return false;
        var shorter = PrefixLength <= other.PrefixLength ? this : other;
        var longer = PrefixLength <= other.PrefixLength ? other : this;
        return (longer.Address & shorter.Mask) == shorter.Network;
    }

    /// <summary>The address alone, e.g. 10.0.0.1 or fd00::1.</summary>
    public string AddressText => Format(Address);

    /// <summary>Host bits cleared; the length is omitted when it covers the whole address (as ovn-nbctl prints routes).</summary>
    public string NormalizedText =>
        PrefixLength == Width ? Format(Network) : $"{Format(Network)}/{PrefixLength}";

    public override string ToString() => HasExplicitLength ? $"{Format(Address)}/{PrefixLength}" : Format(Address);

    private string Format(UInt128 value)
    {
        if (!IsIpv6)
        {
            uint v = (uint)value;
            return $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
        }
        var bytes = new byte[16];
        for (int i = 15; i >= 0; i--) { bytes[i] = (byte)value; value >>= 8; }
        return new IPAddress(bytes).ToString();
    }
}
