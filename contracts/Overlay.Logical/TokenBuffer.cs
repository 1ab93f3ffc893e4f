using System.Collections.Frozen;

namespace Overlay.Logical;

/// <summary>
/// A growable token array the parsers lex into and reuse: each thread keeps one, so parsing a flow does not allocate
/// a fresh token list (lexing materialised one per parse and was the largest allocator of a cold translation).
/// </summary>
internal sealed class TokenBuffer
{
    // Buffers that grew past this many tokens are dropped rather than kept for the thread.
    private const int KeepLimit = 4096;

    [ThreadStatic] private static TokenBuffer? cached;

    private Token[] items = new Token[64];

    public int Count { get; private set; }

    public Token this[int index] => items[index];

    /// <summary>The thread's buffer, or a new one if it is in use (a nested parse) or was dropped.</summary>
    public static TokenBuffer Rent()
    {
        var b = cached ?? new TokenBuffer();
        cached = null;
        return b;
    }

    /// <summary>Clears the tokens (so their strings can be collected) and keeps the buffer for the next parse.</summary>
    public void Return()
    {
        Array.Clear(items, 0, Count);
        Count = 0;
        if (items.Length <= KeepLimit) cached = this;
    }

    public void Add(in Token t)
    {
        if (Count == items.Length) Array.Resize(ref items, items.Length * 2);
        items[Count++] = t;
    }

    public Token[] ToArray() => items.AsSpan(0, Count).ToArray();
}

/// <summary>
/// Shared strings for the identifiers and small numbers the language uses over and over (field names, action and
/// keyword names, 0..255), so lexing them does not allocate a substring each time. Read-only after start-up.
/// </summary>
internal static class LexerNames
{
    private static readonly FrozenSet<string> Names = Build();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The shared string equal to <paramref name="text"/>, or a new one.</summary>
    public static string Get(ReadOnlySpan<char> text) => Lookup.TryGetValue(text, out var s) ? s : new string(text);

    private static FrozenSet<string> Build()
    {
        var names = new HashSet<string>(StringComparer.Ordinal)
        {
            "next", "output", "drop", "pipeline", "table", "ingress", "egress", "get_arp", "put_arp", "lookup_arp",
            "lookup_arp_ip", "get_nd", "put_nd", "lookup_nd", "lookup_nd_ip", "get_fdb", "put_fdb", "lookup_fdb",
            "check_in_port_sec", "check_out_port_sec", "handle_svc_check", "log", "check_pkt_larger", "set_queue",
            "chk_lb_hairpin", "chk_lb_hairpin_reply",
        };
        foreach (var s in SymbolTable.Default.Symbols) names.Add(s.Name);
        foreach (var s in SymbolTable.Default.Storages) names.Add(s.Name);
        foreach (var n in ActionParser.NestedActionNames) names.Add(n);
        foreach (var n in ActionParser.BareActionNames) names.Add(n);
        foreach (var n in Checker.MatchFunctions.Keys) names.Add(n);
        for (int i = 0; i < 256; i++) names.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return names.ToFrozenSet(StringComparer.Ordinal);
    }
}
