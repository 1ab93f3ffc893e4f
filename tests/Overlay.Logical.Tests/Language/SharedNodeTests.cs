using Overlay.Logical;

namespace Overlay.Logical.Tests.Language;

/// <summary>
/// Parsing shares nodes between flows (known field references, constants, comparisons and assignments in small
/// lossy tables) and lexes without materialising token text; these pin that sharing never mixes values up, even
/// with more distinct constants than the tables hold and several threads parsing at once, and that the public
/// token form keeps its text.
/// </summary>
public class SharedNodeTests
{
    private static string Mac(int i) => $"0a:00:{i >> 16 & 0xff:x2}:{i >> 8 & 0xff:x2}:{i & 0xff:x2}:01";

    private static string Match(int i) =>
        $"inport == \"vif-{i}\" && eth.src == {Mac(i)} && arp.sha == {Mac(i)} && reg0[{i % 32}] == {i % 2} && ip4.dst == 10.{i >> 16 & 0xff}.{i >> 8 & 0xff}.{i & 0xff}";

    private static string Actions(int i) =>
        $"eth.dst = eth.src; eth.src = {Mac(i)}; arp.op = 2; outport = \"vif-{i}\"; reg0[{i % 32}] = {i % 2}; xreg0[0..47] = {Mac(i + 1)}; output;";

    private static string Result(string text, bool match)
    {
        if (match)
        {
            var r = LogicalSyntax.ParseMatch(text);
            return r.Ok ? Formatter.Format(r.Value!) : r.Error!.ToString();
        }
        var a = LogicalSyntax.ParseActions(text);
        return a.Ok ? string.Join(" ", a.Value!.Select(x => Formatter.Format(x))) : a.Error!.ToString();
    }

    // 20,000 flows: five times the slots of each table, so constants are evicted and made again while others
    // still hold the old nodes.
    [Fact]
    public void Many_distinct_constants_round_trip_in_parallel()
    {
        const int n = 20_000;
        var texts = Enumerable.Range(0, n).SelectMany(i => new[] { (Match(i), true), (Actions(i), false) }).ToArray();
        var results = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => results[k] = Result(texts[k].Item1, texts[k].Item2));
        for (int k = 0; k < texts.Length; k++)
            Assert.Equal(texts[k].Item1, results[k]);
    }

    [Fact]
    public void Equal_texts_give_equal_trees_and_different_texts_different_ones()
    {
        var a = LogicalSyntax.ParseMatch(Match(7)).Value!;
        var b = LogicalSyntax.ParseMatch(new string(Match(7).ToCharArray())).Value!;
        var c = LogicalSyntax.ParseMatch(Match(8)).Value!;
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);

        var x = LogicalSyntax.ParseActions(Actions(7)).Value!;
        var y = LogicalSyntax.ParseActions(Actions(7)).Value!;
        var z = LogicalSyntax.ParseActions(Actions(8)).Value!;
        Assert.Equal(x, y);
        Assert.NotEqual(x.ToArray(), z.ToArray());
    }

    [Fact]
    public void Strings_with_escapes_and_unknown_names_parse_as_before()
    {
        Assert.Equal("inport == \"a\\\"b\"", Result("inport == \"a\\\"b\"", true));
        Assert.Equal("column 1: unknown field 'nosuch' (at 'nosuch')", Result("nosuch == 1", true));
        Assert.Equal("column 1: unknown field 'nosuch' (at 'nosuch')", Result("nosuch[3] == 1", true));
        Assert.Equal("column 1: unknown field 'nosuch' (at 'nosuch')", Result("nosuch = 1;", false));
        Assert.Equal("reg0[3] = reg1[3]; next;", Result("reg0[3] = reg1[3]; next;", false));
        Assert.Equal("outport == @pg_1 && ip4.src == $as_2", Result("outport == @pg_1 && ip4.src == $as_2", true));
    }

    [Fact]
    public void Public_tokens_keep_their_text()
    {
        var toks = Lexer.Tokenize("@pg_1 $as_2 10.0.0.0/8 \"x\" \"a\\\"b\" 0a:00:00:00:00:01 reg0 [ 3 ] 0x10 nosuch").Value!;
        Assert.Equal(
            new[] { "@pg_1", "$as_2", "10.0.0.0/8", "x", "a\"b", "0a:00:00:00:00:01", "reg0", "[", "3", "]", "0x10", "nosuch", "" },
            toks.Select(t => t.Text));
        Assert.Equal(UInt128.MaxValue, toks[5].Mask);
        Assert.Equal((UInt128)0xff000000u, toks[2].Mask);
        Assert.Equal(default, toks[7].Mask);
    }

    [Fact]
    public void Every_symbol_is_found_by_name_and_nothing_else()
    {
        var table = SymbolTable.Default;
        foreach (var s in table.Symbols)
        {
            Assert.Same(s, table.Find(s.Name));
            Assert.Same(s, table.Find(new string(s.Name.ToCharArray())));
            Assert.Null(table.Find(s.Name + "!"));
            Assert.Null(table.Find("!" + s.Name));
        }
        Assert.Null(table.Find(""));
        Assert.Null(table.Find("eth"));
    }
}
