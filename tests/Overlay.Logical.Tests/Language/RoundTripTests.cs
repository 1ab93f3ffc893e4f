using Overlay.Logical;

namespace Overlay.Logical.Tests.Language;

/// <summary>Canonical text parses back to the same value, and formats back to the same text.</summary>
public class RoundTripTests
{
    public static TheoryData<string> Matches() => new()
    {
        "1",
        "0",
        "eth.src[40]",
        "vlan.present",
        "reg0[15] == 1",
        "eth.mcast",
        "!ip4",
        "!(arp.op == 1)",
        "eth.dst == 00:00:00:00:ff:01 && inport == \"lrp-t0-s0\"",
        "arp.tpa == 10.0.0.10 && arp.op == 1 && inport == \"vif-t0-s0-p0\"",
        "ip4.src == {10.0.0.1, 10.0.0.255} && reg9[0] == 0",
        "ip4.src_mcast || ip4.src == 255.255.255.255 || ip4.src == 127.0.0.0/8 || ip4.dst == 0.0.0.0/8",
        "ip6.dst == {fe80::ff:fe00:1, ff02::1:ff00:1} && nd_ns && nd.target == fe80::ff:fe00:1",
        "ip.ttl == {0, 1} && !ip.later_frag && (ip4.mcast || ip6.mcast)",
        "outport == @pg_web && ip4 && tcp.dst == 80",
        "ip4.src == $as_web",
        "xreg0[0..47] == 00:00:00:00:ff:01",
        "eth.dst == 01:00:00:00:00:00/01:00:00:00:00:00",
        "ip4.dst == 10.0.0.0/255.0.255.0",
        "tcp.src >= 1024 && tcp.src <= 49151",
        "reg0 == 0x10/0xf0",
        "ct.est && !ct.rel && !ct.new && !ct.inv && ct.rpl && ct_mark.blocked == 0",
        "is_chassis_resident(\"cr-lr0-public\")",
        "inport == \"a\\\"b\"",
        "ip6.src == ::",
        "ip6.dst == 2001:db8::/32",
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void Match_text_is_canonical(string text)
    {
        var parsed = LogicalSyntax.ParseMatch(text);
        Assert.True(parsed.Ok, parsed.Error?.ToString());
        var printed = Formatter.Format(parsed.Value!);
        Assert.Equal(text, printed);
        var reparsed = ExprParser.Parse(printed);
        Assert.Equal(parsed.Value, reparsed.Value);
    }

    public static TheoryData<string> Actions() => new()
    {
        "next;",
        "drop;",
        "output;",
        "reg0[15] = 1; next;",
        "xreg0[0..47] = 02:00:00:00:00:01; next;",
        "eth.dst = eth.src; eth.src = fa:16:3e:00:00:01; arp.op = 2; arp.tha = arp.sha; arp.sha = fa:16:3e:00:00:01; arp.tpa = arp.spa; arp.spa = 10.0.0.10; outport = inport; flags.loopback = 1; output;",
        "ip.ttl--; reg0 = ip4.dst; reg1 = 10.0.1.1; eth.src = 02:00:00:00:00:02; outport = \"lrp-t0-s1\"; flags.loopback = 1; next;",
        "ip4.dst <-> ip4.src; ip.ttl = 255; icmp4.type = 0; flags.loopback = 1; next;",
        "arp { eth.dst = ff:ff:ff:ff:ff:ff; arp.spa = reg1; arp.tpa = reg0; arp.op = 1; output; };",
        "reg9[2] = lookup_arp(inport, arp.spa, arp.sha); next;",
        "get_arp(outport, reg0); next;",
        "next(pipeline=ingress, table=4);",
        "next(3);",
        "ct_next;",
        "clone { outport = \"rp-t0-s0\"; output; }; outport = \"_MC_flood_l2\"; output;",
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void Action_text_is_canonical(string text)
    {
        var parsed = LogicalSyntax.ParseActions(text);
        Assert.True(parsed.Ok, parsed.Error?.ToString());
        Assert.Equal(text, Formatter.Format(parsed.Value!));
    }

    [Theory]
    [InlineData("ip4.src==10.0.0.1&&ip4.dst==10.0.0.2", "ip4.src == 10.0.0.1 && ip4.dst == 10.0.0.2")]
    [InlineData("80 == tcp.dst", "tcp.dst == 80")]
    [InlineData("1024 <= tcp.src <= 49151", "tcp.src >= 1024 && tcp.src <= 49151")]
    [InlineData("ip4.src == {10.0.0.1 10.0.0.2,}", "ip4.src == {10.0.0.1, 10.0.0.2}")]
    [InlineData("((ip4))", "ip4")]
    [InlineData("ip4 // trailing comment", "ip4")]
    [InlineData("ip4 /* inline */ && tcp", "ip4 && tcp")]
    [InlineData("ip4.dst == 10.0.0.0/24", "ip4.dst == 10.0.0.0/24")]
    [InlineData("ip4.dst == 10.0.0.7/32", "ip4.dst == 10.0.0.7/32")]
    [InlineData("eth.src == FA:16:3E:00:00:01", "eth.src == fa:16:3e:00:00:01")]
    [InlineData("(ip4 && tcp) || arp", "(ip4 && tcp) || arp")]
    public void Accepted_spellings_normalize(string text, string canonical)
    {
        var parsed = LogicalSyntax.ParseMatch(text);
        Assert.True(parsed.Ok, parsed.Error?.ToString());
        Assert.Equal(canonical, Formatter.Format(parsed.Value!));
    }

    [Fact]
    public void Typed_builders_print_ovn_syntax()
    {
        var m = Expr.And(
            Expr.Eq("arp.tpa", IntOperand.Ipv4(0x0a00000a)),
            Expr.Eq("arp.op", IntOperand.Of(1)),
            Expr.Eq("inport", new StringOperand("p1")));
        Assert.Equal("arp.tpa == 10.0.0.10 && arp.op == 1 && inport == \"p1\"", m.ToString());
        Assert.Equal("ip4.dst == 10.0.0.0/24", Expr.Eq("ip4.dst", IntOperand.Ipv4Prefix(0x0a000005, 24)).ToString());
        Assert.Equal("eth.dst == fa:16:3e:00:00:01", Expr.Eq("eth.dst", IntOperand.Mac(0xfa163e000001)).ToString());
        LAction[] acts = [new AssignAction(FieldRef.Range("xreg0", 0, 47), IntOperand.Mac(0x020000000001)), new NextAction()];
        Assert.Equal("xreg0[0..47] = 02:00:00:00:00:01; next;", Formatter.Format(acts));
    }

    [Fact]
    public void Nested_or_inside_and_is_parenthesized_and_reparses_equal()
    {
        var e = Expr.And(Expr.Bit("ip4"), Expr.Or(Expr.Bit("tcp"), Expr.Bit("udp")));
        Assert.Equal("ip4 && (tcp || udp)", e.ToString());
        Assert.Equal(e, ExprParser.Parse(e.ToString()).Value);
    }
}
