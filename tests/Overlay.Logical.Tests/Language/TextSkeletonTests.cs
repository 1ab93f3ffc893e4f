using Overlay.Logical;

namespace Overlay.Logical.Tests.Language;

/// <summary>
/// Skeletons tell texts that differ only in top-level constants from texts that differ in anything else, and hand
/// out those constants as the parser reads them.
/// </summary>
public class TextSkeletonTests
{
    private static string Skeleton(string text, bool setElements = false)
    {
        var s = new TextSkeleton();
        Assert.True(s.Scan(text, setElements), text);
        return s.Chars.ToString();
    }

    [Theory]
    [InlineData("ip4.src == {10.0.0.1}", "ip4.src == {10.9.9.9}")]
    [InlineData("ip4.dst == {10.0.0.5, 255.255.255.255, 224.0.0.0/4} && eth.dst == 0a:00:00:00:00:01", "ip4.dst == {10.0.0.6, 10.0.0.7, 224.0.0.0/4} && eth.dst == 0a:00:00:00:00:02")]
    [InlineData("ip.ttl == {0, 1} && reg0 == 4", "ip.ttl == {7, 9} && reg0 == 5")]
    public void Matches_scanned_with_their_sets_share_a_skeleton_when_only_set_integers_differ(string a, string b)
    {
        Assert.Equal(Skeleton(a, setElements: true), Skeleton(b, setElements: true));
        Assert.NotEqual(Skeleton(a), Skeleton(b));
    }

    [Theory]
    [InlineData("ip.ttl == {0, 1}", "ip.ttl == {0, 1, 2}")] // the count of elements stays
    [InlineData("ip4.src == {10.0.0.0/8, 10.0.0.1}", "ip4.src == {10.1.0.0/16, 10.0.0.1}")] // masked elements stay
    [InlineData("outport == {\"a\", \"b\"}", "outport == {\"a\", \"c\"}")] // strings in a set stay
    [InlineData("(ip.ttl == {0, 1})", "(ip.ttl == {0, 2})")] // a set inside parentheses stays
    [InlineData("ip4.src == {$as1, 10.0.0.1}", "ip4.src == {$as2, 10.0.0.1}")]
    public void Matches_scanned_with_their_sets_differ_in_anything_else(string a, string b) =>
        Assert.NotEqual(Skeleton(a, setElements: true), Skeleton(b, setElements: true));

    [Fact]
    public void Set_integers_come_out_in_text_order_among_the_other_constants()
    {
        var s = new TextSkeleton();
        Assert.True(s.Scan("reg0 == 7 && ip4.dst == {10.0.0.5, 224.0.0.0/4, 0x10} && outport == \"p\"", setElements: true));
        var literals = s.Literals.ToArray();
        Assert.Equal([7, 0x0a000005, 0x10], literals.Where(l => l.Kind == TokenKind.Integer).Select(l => (int)l.Value));
        Assert.Equal([IntFormat.Decimal, IntFormat.IPv4, IntFormat.Hex], literals.Where(l => l.Kind == TokenKind.Integer).Select(l => l.Format));
        Assert.Equal("p", literals[3].Chars.ToString());
        Assert.Equal(4, literals.Length);
    }

    [Theory]
    [InlineData("eth.dst == 0a:00:00:00:00:01", "eth.dst == 0a:00:00:00:00:ff")]
    [InlineData("outport == \"vm1\" && reg0 == 10.0.0.1", "outport == \"a \\\"quoted\\\" name\" && reg0 == 10.9.9.9")]
    [InlineData("outport = \"vm1\"; output;", "outport = \"vm2\"; output;")]
    [InlineData("reg0 == 5 && ip.ttl == 0", "reg0 == 70000 && ip.ttl == 255")] // too wide, still lexes
    [InlineData("xreg0[0..47] = 02:00:00:00:00:01; next;", "xreg0[0..47] = 02:00:00:00:00:02; next;")]
    [InlineData("outport == @pg_t0 && icmp4", "outport == @pg_t97 && icmp4")]
    [InlineData("outport == @pg_t0 && ip4 && ip4.src == $as_t0", "outport == @pg_t1 && ip4 && ip4.src == $as_t1")]
    public void Texts_that_differ_only_in_top_level_constants_share_a_skeleton(string a, string b) =>
        Assert.Equal(Skeleton(a), Skeleton(b));

    [Theory]
    [InlineData("reg0 == 5", "reg1 == 5")]
    [InlineData("reg0 == 5", "reg0 != 5")]
    [InlineData("reg0 == 5", "reg0 == 0x5")] // written another way: another skeleton
    [InlineData("reg0 == 10.0.0.1", "reg0 == 10.0.0.0/8")] // a masked constant stays in the skeleton
    [InlineData("reg0[1] == 1", "reg0[2] == 1")] // subfield bits stay
    [InlineData("ip.ttl == {0, 1}", "ip.ttl == {0, 2}")] // set elements stay
    [InlineData("next(pipeline=egress, table=1);", "next(pipeline=egress, table=2);")] // arguments stay
    [InlineData("reg0 == 1 && reg1 == 2", "reg0 == 1 && reg1 == 2 && 1")]
    [InlineData("outport == \"p\"", "outport == @p")]
    [InlineData("outport == @p && ip4", "outport == {@p} && ip4")] // a group in a set stays
    [InlineData("outport = \"vm1\"; output;", "outport  =  \"vm2\" ;output;")] // spaced otherwise: kept as written
    [InlineData("reg0 == 5 && ip.ttl == 0", "reg0 == 5 /* a comment */ && ip.ttl == 0")]
    public void Texts_that_differ_otherwise_do_not(string a, string b) =>
        Assert.NotEqual(Skeleton(a), Skeleton(b));

    [Fact]
    public void Constants_come_out_in_order_as_the_parser_reads_them()
    {
        var s = new TextSkeleton();
        Assert.True(s.Scan("inport == \"a\\\"b\" && arp.tpa == 10.0.0.12 && reg0[0..3] == 5 && reg1 == 0x1f && eth.src == 0a:00:00:00:00:02"));
        var parsed = (AndExpr)LogicalSyntax.ParseMatch("inport == \"a\\\"b\" && arp.tpa == 10.0.0.12 && reg0[0..3] == 5 && reg1 == 0x1f && eth.src == 0a:00:00:00:00:02").Value!;
        var literals = s.Literals.ToArray();
        Assert.Equal(5, literals.Length);
        Assert.Equal("a\"b", literals[0].Chars.ToString());
        for (int i = 0; i < 5; i++) Assert.True(literals[i].Is(((CmpExpr)parsed.Terms[i]).Value), $"constant {i}");
        Assert.Equal(IntFormat.IPv4, literals[1].Format);
        Assert.Equal((UInt128)5, literals[2].Value);
        Assert.Equal(IntFormat.Hex, literals[3].Format);
        Assert.False(literals[2].Is(new IntOperand(5, 7, IntFormat.Decimal)), "a masked operand is not the constant");
        Assert.False(literals[0].Is(new StringOperand("ab")));
    }

    [Theory]
    [InlineData("inport == @pg_1 && ip4", TokenKind.PortGroup, "pg_1")]
    [InlineData("ip4.src == $as_1", TokenKind.AddressSet, "as_1")]
    public void Group_and_address_set_names_come_out_as_the_parser_reads_them(string text, TokenKind kind, string name)
    {
        var s = new TextSkeleton();
        Assert.True(s.Scan(text));
        var named = s.Literals[^1];
        Assert.Equal(kind, named.Kind);
        Assert.Equal(name, named.Name);
        Operand Named(string n) => kind == TokenKind.PortGroup ? new PortGroupOperand(n) : new AddressSetOperand(n);
        Assert.True(named.Is(Named(name)));
        Assert.False(named.Is(Named(name + "x")));
        Assert.False(named.Is(kind == TokenKind.PortGroup ? new AddressSetOperand(name) : new PortGroupOperand(name)));
        Assert.False(named.Is(new StringOperand(name)));
    }

    [Fact]
    public void Scans_append_until_cleared_and_start_from_nothing_after()
    {
        var s = new TextSkeleton();
        s.Append('x');
        Assert.True(s.Scan("reg0 == 1"));
        Assert.True(s.Scan("outport = \"p\"; next;"));
        Assert.Equal(2, s.Literals.Length);
        Assert.Equal(2, s.CountOf(TokenKind.Semicolon)); // of the last text
        string both = s.Chars.ToString();
        s.Clear();
        Assert.Equal(0, s.Literals.Length);
        s.Append('x');
        Assert.True(s.Scan("reg0 == 9"));
        Assert.True(s.Scan("outport = \"q\"; next;"));
        Assert.Equal(both, s.Chars.ToString());
    }

    [Theory]
    [InlineData("reg0 == 01")] // a lexer error
    [InlineData("outport == \"a\u0001b\"")] // a control character, which the markers use
    [InlineData("reg0 == \"unterminated")]
    public void Texts_that_do_not_lex_have_no_skeleton(string text) =>
        Assert.False(new TextSkeleton().Scan(text));

    /// <summary>Shapes of flow texts, with places for constants ({0}, {1}, …).</summary>
    private static readonly string[] Shapes =
    [
        "arp.tpa == {0} && arp.op == {1} && inport == {2}",
        "eth.dst == {0}",
        "outport == {0} && eth.dst == {1} && ip4.dst == {{{2}, 255.255.255.255, {3}}}",
        "ip4.src == {{{0}, {1}}}",
        "inport == {0} && ip4",
        "reg0[0..3] == {0} && reg1 == {1}",
        "{0} == {1}",
        "eth.dst = eth.src; eth.src = {0}; arp.op = {1}; arp.sha = {0}; arp.spa = {2}; outport = inport; output;",
        "outport = {0}; output;",
        "xreg0[0..47] = {0}; next;",
        "ip.ttl--; reg0 = ip4.dst; reg1 = {0}; eth.src = {1}; outport = {2}; next;",
        "reg0=={0}&&reg1=={1}",
        "reg0 == {0} /* why */ && reg1 == {1}",
        "ct_label.blocked == {0} || {1}",
        "tcp.dst == {{{0}, {1}}} && !({2})",
        "reg{0} == {1}",
        "reg0 == {0}{1}",
        "reg0 == 1{0} && {1}{2}",
        "inport == @pg{0} && ${1}",
    ];

    /// <summary>What goes in a place: constants of every kind and form, and things the lexer reads otherwise or refuses.</summary>
    private static readonly string[] Constants =
    [
        "0", "1", "7", "255", "70000", "01", "0x1f", "0X1F", "0x", "10.0.0.1", "10.0.0.15", "10.0.0.256", "1.2.3",
        "0a:00:00:00:00:01", "0A:00:00:00:00:FF", "02:00:00:00:00:01", "fe80::1", "::1", "::", ":", "ab:cd",
        "10.0.0.0/8", "10.0.0.1/33", "10.0.0.1/255.0.0.0", "0x10/0xf0", "5/1", "1..3",
        "\"p\"", "\"vif-t0-s0-p11\"", "\"a\\\"b\"", "\"a\u0001b\"", "\"unterminated", "\"\"",
        "@pg_t0", "@pg-1:x", "@", "$as_t0", "abc", "eth.src", "ab", "x1", "-", "&", "--", "",
    ];

    /// <summary>One skeleton scanner's answer for a text: whether it scanned, the skeleton, the constants, the counts.</summary>
    private static string Outcome(TextSkeleton s, bool scanned)
    {
        if (!scanned) return "no skeleton";
        var parts = new List<string> { s.Chars.ToString().Replace("\u0001", "<").Replace("\u0002", "|") };
        foreach (var l in s.Literals)
            parts.Add($"{l.Kind}/{l.Format}/{l.Value}/{(l.Kind == TokenKind.Integer ? "" : l.Chars.ToString())}/{(l.Kind == TokenKind.PortGroup ? l.Name : "")}");
        parts.Add(string.Join(",", Enum.GetValues<TokenKind>().Select(k => s.CountOf(k))));
        return string.Join(" ; ", parts);
    }

    [Fact]
    public void Texts_read_one_after_another_come_out_as_the_lexer_reads_each()
    {
        // Texts in runs of one shape, as flows come, with constants of every kind in their places: the scanner,
        // which reads most texts from the last one's shape or in one pass of its own, must give what the lexer's
        // tokens give for each text on its own.
        var random = new Random(20261121);
        var scanner = new TextSkeleton();
        int shaped = 0;
        string shape = Shapes[0];
        string[] previous = [Constants[9], Constants[1], Constants[28]];
        for (int n = 0; n < 20_000; n++)
        {
            if (random.Next(8) == 0) shape = Shapes[random.Next(Shapes.Length)];
            // Mostly realistic constants of the same kind as before; now and then anything.
            var values = Enumerable.Range(0, 4).Select(i => random.Next(4) == 0 ? Constants[random.Next(Constants.Length)]
                : i < previous.Length && random.Next(2) == 0 ? previous[i] : Constants[random.Next(20)]).ToArray();
            string text = string.Format(shape, values);
            bool sets = random.Next(2) == 0;
            scanner.Clear();
            bool scanned = scanner.Scan(text, sets);
            var reference = new TextSkeleton();
            // Control characters are the markers': no skeleton, whatever the lexer says.
            bool expected = !text.Any(c => c < ' ') && reference.ScanTokens(text, sets);
            Assert.True(Outcome(reference, expected) == Outcome(scanner, scanned), $"text {n}: {text}\nexpected {Outcome(reference, expected)}\nscanned  {Outcome(scanner, scanned)}");
            if (scanned) shaped++;
            previous = values;
        }
        Assert.True(shaped > 5_000, $"only {shaped} texts had a skeleton");
    }

    [Fact]
    public void A_text_of_the_last_shape_with_a_constant_that_reads_otherwise_is_read_on_its_own()
    {
        var s = new TextSkeleton();
        Assert.True(s.Scan("reg0 == 5 && reg1 == 10.0.0.1"));
        // Same characters around the constants, but the lexer reads these otherwise: a mask, a colon, a name.
        s.Clear();
        Assert.True(s.Scan("reg0 == 5 && reg1 == 10.0.0.0/8"));
        Assert.Equal(1, s.Literals.Length);
        s.Clear();
        Assert.True(s.Scan("reg0 == : && reg1 == 10.0.0.1"));
        Assert.Equal(1, s.Literals.Length);
        Assert.Equal(1, s.CountOf(TokenKind.Colon));
        s.Clear();
        Assert.True(s.Scan("reg0 == ab && reg1 == 10.0.0.1"));
        Assert.Equal(1, s.Literals.Length);
        Assert.Equal(2, s.CountOf(TokenKind.Identifier) - 1);
        s.Clear();
        Assert.True(s.Scan("reg0 == 6 && reg1 == 10.0.0.2"));
        Assert.Equal([(UInt128)6, 0x0a000002], s.Literals.ToArray().Select(l => l.Value));
        // A constant right after a name: the name goes on through the next text's constant.
        s.Clear();
        Assert.True(s.Scan("reg::1 == 5"));
        Assert.Equal(2, s.Literals.Length);
        s.Clear();
        Assert.True(s.Scan("regfe80::1 == 5"));
        Assert.Equal([(UInt128)1, 5], s.Literals.ToArray().Select(l => l.Value)); // "regfe80", then ::1
        s.Clear();
        Assert.True(s.Scan("reg0 == 6 && reg1 == 10.0.0.2"));
        Assert.Equal([(UInt128)6, 0x0a000002], s.Literals.ToArray().Select(l => l.Value));
    }

    /// <summary>
    /// A scan's shape names the skeleton it appended: the same for texts that differ only in constants (read again,
    /// or by another scanner), another for any other skeleton, none for a text the lexer reads.
    /// </summary>
    [Fact]
    public void Texts_with_one_skeleton_have_one_shape_and_others_another()
    {
        var s = new TextSkeleton();
        Assert.True(s.Scan("eth.dst == 0a:00:00:00:00:01 && reg0 == 5"));
        long first = s.LastShape;
        Assert.NotEqual(0, first);
        Assert.True(s.Scan("eth.dst == 0a:00:00:00:00:02 && reg0 == 6"));
        Assert.Equal(first, s.LastShape);
        Assert.True(s.Scan("eth.src == 0a:00:00:00:00:02 && reg0 == 6"));
        long other = s.LastShape;
        Assert.NotEqual(0, other);
        Assert.NotEqual(first, other);
        Assert.True(s.Scan("eth.dst == 0a:00:00:00:00:03 && reg0 == 7"));
        Assert.Equal(first, s.LastShape);
        // Another scanner makes its own shape for the same skeleton: a different name, never the same name for another.
        var t = new TextSkeleton();
        Assert.True(t.Scan("eth.dst == 0a:00:00:00:00:04 && reg0 == 8"));
        Assert.NotEqual(0, t.LastShape);
        Assert.NotEqual(other, t.LastShape);
        // Read by the lexer (an escape in a string), or not read at all: no shape.
        Assert.True(s.Scan("outport == \"p\\u0031\""));
        Assert.Equal(0, s.LastShape);
        Assert.False(s.Scan("eth.dst == \"open"));
        Assert.Equal(0, s.LastShape);
    }

    /// <summary>A shape pushed out of the recent ones and made again is a new shape: its old name is never reused.</summary>
    [Fact]
    public void A_skeleton_seen_again_after_others_pushed_it_out_gets_a_new_shape()
    {
        var s = new TextSkeleton();
        Assert.True(s.Scan("reg0 == 1"));
        long first = s.LastShape;
        for (int i = 0; i < 20; i++) Assert.True(s.Scan($"reg{i % 9 + 1} == 1 && ip4.dst == 10.0.0.{i}{new string(' ', i)}"));
        Assert.True(s.Scan("reg0 == 2"));
        Assert.NotEqual(first, s.LastShape);
        long again = s.LastShape;
        Assert.True(s.Scan("reg0 == 3"));
        Assert.Equal(again, s.LastShape);
    }
}
