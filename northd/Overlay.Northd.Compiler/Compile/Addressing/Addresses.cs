using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Overlay.Northd.Compiler.Compile.Addressing;

/// <summary>An IPv4 address with a prefix length: a host address (/32) or a network as written ("10.0.0.1/24").</summary>
internal readonly record struct Ipv4Cidr(uint Address, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);

    public uint Network => Address & Mask;

    public uint Broadcast => Address | ~Mask;

    public bool IsHost => PrefixLength == 32;

    /// <summary>Networks of /30 and wider have a broadcast address distinct from their hosts.</summary>
    public bool HasBroadcast => PrefixLength <= 30;

    public bool Contains(uint ip) => (ip & Mask) == Network;
}

/// <summary>An IPv6 address with a prefix length (128 for a host).</summary>
internal readonly record struct Ipv6Cidr(UInt128 Address, int PrefixLength)
{
    public UInt128 Mask => PrefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - PrefixLength);

    public UInt128 Network => Address & Mask;

    public bool IsHost => PrefixLength == 128;
}

/// <summary>
/// Parsers for the address forms NB columns use: MACs, IPv4/IPv6 addresses and CIDRs. Total functions:
/// malformed text yields false, never an exception (the validator reports bad input; the compiler skips it).
/// </summary>
internal static class Addresses
{
    public static bool TryParseMac(ReadOnlySpan<char> s, out ulong mac)
    {
        mac = 0;
        if (s.Length != 17) return false;
        for (int i = 0; i < 6; i++)
        {
            int p = i * 3;
            if (i > 0 && s[p - 1] != ':') return false;
            int hi = HexValue(s[p]), lo = HexValue(s[p + 1]);
            if (hi < 0 || lo < 0) return false;
            mac = (mac << 8) | (uint)(hi << 4 | lo);
        }
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public static bool TryParseIpv4(ReadOnlySpan<char> s, out uint ip)
    {
        ip = 0;
        int octets = 0, value = 0, digits = 0;
        foreach (char c in s)
        {
            if (c == '.')
            {
                if (digits == 0 || octets == 3) return false;
                ip = (ip << 8) | (uint)value;
                octets++;
                value = 0;
                digits = 0;
            }
            else if (c is >= '0' and <= '9')
            {
                if (digits > 0 && value == 0) return false; // no leading zeros
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return false;
            }
            else return false;
        }
        if (digits == 0 || octets != 3) return false;
        ip = (ip << 8) | (uint)value;
        return true;
    }

    public static bool TryParseIpv6(ReadOnlySpan<char> s, out UInt128 ip)
    {
        ip = 0;
        if (s.IndexOf(':') < 0 || !IPAddress.TryParse(s, out var a) || a.AddressFamily != AddressFamily.InterNetworkV6 || a.ScopeId != 0)
            return false;
        Span<byte> bytes = stackalloc byte[16];
        a.TryWriteBytes(bytes, out _);
        foreach (byte b in bytes) ip = (ip << 8) | b;
        return true;
    }

    /// <summary>"10.0.0.5" (as /32) or "10.0.0.5/24"; the address keeps its host bits.</summary>
    public static bool TryParseIpv4Cidr(ReadOnlySpan<char> s, out Ipv4Cidr cidr)
    {
        cidr = default;
        int slash = s.IndexOf('/');
        int plen = 32;
        if (slash >= 0)
        {
            if (!int.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out plen) || plen > 32) return false;
            s = s[..slash];
        }
        if (!TryParseIpv4(s, out uint ip)) return false;
        cidr = new Ipv4Cidr(ip, plen);
        return true;
    }

    public static bool TryParseIpv6Cidr(ReadOnlySpan<char> s, out Ipv6Cidr cidr)
    {
        cidr = default;
        int slash = s.IndexOf('/');
        int plen = 128;
        if (slash >= 0)
        {
            if (!int.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out plen) || plen > 128) return false;
            s = s[..slash];
        }
        if (!TryParseIpv6(s, out var ip)) return false;
        cidr = new Ipv6Cidr(ip, plen);
        return true;
    }
}
