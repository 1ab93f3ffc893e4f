using System.Collections.Concurrent;

namespace Overlay.Logical;

/// <summary>
/// A name the language uses over and over (field, action or keyword), with the nodes parsing it makes, shared by
/// every parse: the name's string, its whole-field reference, that reference as an operand and as a 1-bit test, and
/// its subscripted references as they come up. All are immutable records, so sharing them changes no result.
/// </summary>
internal sealed class LexerName
{
    private ConcurrentDictionary<int, FieldRef>? ranges;

    public LexerName(string text)
    {
        Text = text;
        Field = new FieldRef(text);
        Operand = new FieldOperand(Field);
        Bit = new BitExpr(Field);
    }

    public string Text { get; }

    public FieldRef Field { get; }

    public FieldOperand Operand { get; }

    public BitExpr Bit { get; }

    /// <summary><c>name[low..high]</c>, made once per name and range (at most 128 × 128 of them per name).</summary>
    public FieldRef Range(int low, int high)
    {
        var map = ranges;
        if (map is null)
        {
            Interlocked.CompareExchange(ref ranges, new ConcurrentDictionary<int, FieldRef>(), null);
            map = ranges;
        }
        int key = low << 8 | high;
        if (map.TryGetValue(key, out var f)) return f;
        return map.GetOrAdd(key, new FieldRef(Text, low, high));
    }
}

/// <summary>
/// The shared names (see <see cref="LexerName"/>), so lexing them does not allocate a substring each time.
/// Read-only after start-up.
/// </summary>
internal static class LexerNames
{
    private static readonly NameTable<LexerName> Table = Build();

    /// <summary>The shared entry for <paramref name="text"/>, or null.</summary>
    public static LexerName? Find(ReadOnlySpan<char> text) => Table.Find(text);

    private static NameTable<LexerName> Build()
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
        return new NameTable<LexerName>(names.Order(StringComparer.Ordinal).Select(n => KeyValuePair.Create(n, new LexerName(n))));
    }
}
