namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Syntax of the address-bearing NB columns (ovn-nb(5)): LSP addresses, LSP port_security, address set
/// entries and LRP networks. Each check returns what is wrong with one element, or nothing.
/// </summary>
internal static class AddressRules
{
    private static readonly char[] Blanks = [' ', '\t'];

    /// <summary>An <c>addresses</c> element: "MAC [IP[/PLEN]...]", "unknown", or "router" (type=router only).</summary>
    public static IEnumerable<string> LspAddress(string element, bool isRouterType)
    {
        var tokens = element.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) { yield return "an address must not be empty"; yield break; }
        if (tokens is ["unknown"]) yield break;
        if (tokens is ["router"])
        {
            if (!isRouterType) yield return "\"router\" is only valid on type=router ports";
            yield break;
        }
        if (tokens.Contains("dynamic"))
        {
            yield return "dynamic addresses (IPAM) are not supported; use \"MAC [IP...]\", \"unknown\" or \"router\"";
            yield break;
        }
        if (MacFirst(tokens[0]) is { } bad) { yield return bad; yield break; }
        foreach (var t in tokens.Skip(1))
            if (IpProblem(t) is { } m) yield return m;
    }

    /// <summary>A <c>port_security</c> element: a MAC, then IPs or CIDRs, separated by spaces or commas.</summary>
    public static IEnumerable<string> PortSecurity(string element)
    {
        var tokens = element.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) { yield return "a port security entry must not be empty"; yield break; }
        if (MacFirst(tokens[0]) is { } bad) { yield return bad; yield break; }
        foreach (var t in tokens.Skip(1))
            if (IpProblem(t) is { } m) yield return m;
    }

    /// <summary>An address set entry: a MAC, an IP, or a CIDR without host bits (matches could not use one with).</summary>
    public static string? AddressSetEntry(string entry)
    {
        if (NetAddr.IsMac(entry)) return null;
        if (NetAddr.TryParsePrefix(entry, prefixOptional: true, out var p) is { } err)
            return $"not a MAC, IP address or CIDR: {err}";
        if (p.HasHostBits) return $"has host bits set (the network is {p.NormalizedText})";
        return null;
    }

    /// <summary>A router port network: an address in its network with a prefix length, e.g. 10.0.0.1/24.</summary>
    public static string? RouterNetwork(string network)
    {
        if (NetAddr.TryParsePrefix(network, prefixOptional: false, out var p) is { } err) return err;
        if (p.PrefixLength >= p.Width - 1) return null; // /31, /32 (and /127, /128) have no network or broadcast address
        if (!p.HasHostBits) return $"is a network address; a router port needs a host address in its network (e.g. {WithFirstHost(p)})";
        if (!p.IsIpv6 && p.HostBitsAllOnes) return "is the broadcast address of its network; a router port needs a host address";
        return null;
    }

    /// <summary>The IPv4 addresses an <c>addresses</c> element gives the port (only well-formed ones).</summary>
    public static IEnumerable<IpPrefix> Ipv4Addresses(string element)
    {
        var tokens = element.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2 || !NetAddr.IsMac(tokens[0])) yield break;
        foreach (var t in tokens.Skip(1))
            if (NetAddr.TryParsePrefix(t, prefixOptional: true, out var p) is null && !p.IsIpv6) yield return p;
    }

    // Once the leading MAC is wrong the rest of the element is not worth judging.
    private static string? MacFirst(string first)
    {
        if (NetAddr.IsMac(first)) return null;
        return NetAddr.TryParsePrefix(first, prefixOptional: true, out _) is null
            ? $"a MAC address must come first, before '{first}' (\"MAC [IP...]\")"
            : $"invalid MAC address '{first}'";
    }

    private static string? IpProblem(string token)
    {
        var err = NetAddr.TryParsePrefix(token, prefixOptional: true, out _);
        if (err is null) return null;
        return err.StartsWith("invalid IP address", StringComparison.Ordinal) ? err : $"'{token}': {err}";
    }

    private static string WithFirstHost(IpPrefix p) => (p with { Address = p.Network + 1 }).ToString();
}
