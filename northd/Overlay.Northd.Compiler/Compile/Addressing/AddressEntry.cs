using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Addressing;

/// <summary>
/// One "MAC [IP...]" element, as found in a switch port's addresses or port_security, or made from a
/// router port (its MAC and networks). IPv4 entries keep their prefix length (port security CIDRs).
/// </summary>
internal sealed record AddressEntry(ulong Mac, ImmutableArray<Ipv4Cidr> Ipv4, ImmutableArray<Ipv6Cidr> Ipv6)
{
    public const string Unknown = "unknown";
    public const string Router = "router";

    /// <summary>Parses "MAC [IP[/PLEN]...]"; words that are not addresses are skipped; null if the MAC is malformed.</summary>
    public static AddressEntry? Parse(string element, bool commas)
    {
        var text = element.AsSpan();
        var words = new WordCursor(text, commas);
        if (!words.Next(out var first) || !Addresses.TryParseMac(text[first], out ulong mac)) return null;
        int v4Count = 0, v6Count = 0;
        var rest = words;
        while (rest.Next(out var w))
        {
            if (Addresses.TryParseIpv4Cidr(text[w], out _)) v4Count++;
            else if (Addresses.TryParseIpv6Cidr(text[w], out _)) v6Count++;
        }
        if (v4Count + v6Count == 0) return new AddressEntry(mac, [], []);
        var v4 = v4Count == 0 ? [] : new Ipv4Cidr[v4Count];
        var v6 = v6Count == 0 ? [] : new Ipv6Cidr[v6Count];
        int i4 = 0, i6 = 0;
        while (words.Next(out var w))
        {
            if (Addresses.TryParseIpv4Cidr(text[w], out var c4)) v4[i4++] = c4;
            else if (Addresses.TryParseIpv6Cidr(text[w], out var c6)) v6[i6++] = c6;
        }
        return new AddressEntry(mac, ImmutableCollectionsMarshal.AsImmutableArray(v4), ImmutableCollectionsMarshal.AsImmutableArray(v6));
    }

    /// <summary>Steps through the words of an element (separated by spaces, and commas for port security) without allocating.</summary>
    private ref struct WordCursor(ReadOnlySpan<char> text, bool commas)
    {
        private readonly ReadOnlySpan<char> text = text;
        private int position;

        public bool Next(out Range word)
        {
            while (position < text.Length && IsSeparator(text[position])) position++;
            int start = position;
            while (position < text.Length && !IsSeparator(text[position])) position++;
            word = start..position;
            return position > start;
        }

        private readonly bool IsSeparator(char c) => c is ' ' or '\t' || (commas && c == ',');
    }

    /// <summary>The "MAC IP..." elements of an addresses column, skipping "unknown", "router" and malformed ones.</summary>
    public static List<AddressEntry> ParseAll(ValueArray<string> elements, bool commas)
    {
        var list = new List<AddressEntry>(elements.Count);
        foreach (var e in elements)
        {
            if (IsWord(e, Unknown) || IsWord(e, Router)) continue;
            if (Parse(e, commas) is { } entry) list.Add(entry);
        }
        return list;
    }

    public static bool Contains(ValueArray<string> elements, string word)
    {
        foreach (var e in elements)
            if (IsWord(e, word)) return true;
        return false;
    }

    private static bool IsWord(string element, string word) => element.AsSpan().Trim().SequenceEqual(word);

    /// <summary>A router port as an address entry: its MAC and the addresses of its networks (prefix lengths kept).</summary>
    public static AddressEntry? OfRouterPort(string mac, ValueArray<string> networks)
    {
        if (!Addresses.TryParseMac(mac.AsSpan().Trim(), out ulong m)) return null;
        var v4 = ImmutableArray.CreateBuilder<Ipv4Cidr>();
        var v6 = ImmutableArray.CreateBuilder<Ipv6Cidr>();
        foreach (var n in networks)
        {
            var t = n.AsSpan().Trim();
            if (Addresses.TryParseIpv4Cidr(t, out var c4)) v4.Add(c4);
            else if (Addresses.TryParseIpv6Cidr(t, out var c6)) v6.Add(c6);
        }
        return new AddressEntry(m, v4.ToImmutable(), v6.ToImmutable());
    }
}
