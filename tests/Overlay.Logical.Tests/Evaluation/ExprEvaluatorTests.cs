using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Logical.Tests.Evaluation;

public class ExprEvaluatorTests
{
    private static readonly PacketState Empty = PacketState.Empty(SymbolTable.Default);

    private static readonly EvaluationContext Context = new(
        ports: ["p1", "p2", "p3", "_MC_flood"],
        addressSets: [KeyValuePair.Create("web", ImmutableArray.Create("10.0.0.1", "10.0.2.0/24")),
                      KeyValuePair.Create("macs", ImmutableArray.Create("00:00:00:00:00:01", "not-an-address"))],
        portGroups: [KeyValuePair.Create("pg", ImmutableArray.Create("p1", "p3")),
                     KeyValuePair.Create("none", ImmutableArray<string>.Empty)]);

    // A TCP/IPv4 packet from p1: 10.0.0.1:40000 -> 10.0.2.7:80, ttl 64.
    private static readonly PacketState Tcp4 = Empty.WithInport("p1")
        .Set("eth.src", 0x000000000001).Set("eth.dst", 0x00000000ff01).Set("eth.type", 0x800)
        .Set("ip.proto", 6).Set("ip.ttl", 64).Set("ip4.src", 0x0a000001).Set("ip4.dst", 0x0a000207)
        .Set("tcp.src", 40000).Set("tcp.dst", 80);

    private static readonly PacketState Udp6 = Empty.WithInport("p2")
        .Set("eth.type", 0x86dd).Set("ip.proto", 17).Set("udp.dst", 53).Set("ip6.dst", (UInt128)0xff02 << 112);

    private static readonly PacketState Arp = Empty.WithInport("p2").Set("eth.type", 0x806).Set("arp.op", 1)
        .Set("eth.dst", 0xffffffffffff).Set("arp.tpa", 0x0a000002);

    private static bool Eval(string match, PacketState p)
    {
        var e = LogicalSyntax.ParseMatch(match).Unwrap(match);
        return ExprEvaluator.Default.Evaluate(e, p, Context);
    }

    public static TheoryData<string, bool, bool, bool> Cases => new()
    {
        // match                                   tcp4   udp6   arp
        { "1",                                     true,  true,  true },
        { "0",                                     false, false, false },
        // Predicates and prerequisites.
        { "ip4",                                   true,  false, false },
        { "ip",                                    true,  true,  false },
        { "tcp",                                   true,  false, false },
        { "udp",                                   false, true,  false },
        { "arp",                                   false, false, true },
        { "!ip4",                                  false, true,  true },
        { "tcp.dst == 80",                         true,  false, false },
        { "udp.dst == 53",                         false, true,  false },
        // Negation reaches the relation first, then the prerequisite is added: tcp && tcp.dst != 80.
        { "!(tcp.dst == 80)",                      false, false, false },
        { "tcp.dst != 80",                         false, false, false },
        { "!(tcp.dst == 22)",                      true,  false, false },
        { "!(udp.dst == 53)",                      false, false, false },
        { "!(ip4 && tcp.dst == 80)",               false, true,  true },
        { "!tcp",                                  false, true,  true },
        { "!(ip4.src == 10.0.0.1 || ip6)",         false, false, false },
        // Ordinal inequalities and ranges.
        { "tcp.dst < 1024",                        true,  false, false },
        { "tcp.src >= 40000",                      true,  false, false },
        { "tcp.src > 40000",                       false, false, false },
        { "1024 <= tcp.src <= 49151",              true,  false, false },
        { "!(tcp.src < 40000)",                    true,  false, false },
        { "ip.ttl == 64",                          true,  false, false },
        // Sets.
        { "tcp.dst == {22, 80, 443}",              true,  false, false },
        { "tcp.dst != {22, 80}",                   false, false, false },
        { "tcp.dst != {22, 443}",                  true,  false, false },
        { "!(tcp.dst == {22, 443})",               true,  false, false },
        { "eth.type == {0x800, 0x806}",            true,  false, true },
        // Masks and bit ranges.
        { "ip4.dst == 10.0.2.0/24",                true,  false, false },
        { "ip4.dst == 10.0.3.0/24",                false, false, false },
        { "ip4.dst != 10.0.3.0/24",                true,  false, false },
        { "ip4.dst == 0.0.2.0/0.0.255.0",          true,  false, false },
        { "eth.mcast",                             false, false, true },
        { "eth.bcast",                             false, false, true },
        { "!eth.mcast",                            true,  true,  false },
        { "ip4.dst[24..31] == 10",                 true,  false, false },
        { "ip6.mcast",                             false, true,  false },
        { "arp.tpa == 10.0.0.2 && arp.op == 1",    false, false, true },
        // Address sets (CIDR entries are masked; unparsable entries never match) and port groups.
        { "ip4.src == $web",                       true,  false, false },
        { "ip4.dst == $web",                       true,  false, false },
        { "ip4.src != $web",                       false, false, false },
        { "eth.src == $macs",                      true,  false, false },
        { "ip4.src == {$web, 192.168.0.1}",        true,  false, false },
        { "inport == @pg",                         true,  false, false },
        { "inport != @pg",                         false, true,  true },
        { "inport == @none",                       false, false, false },
        { "inport != @none",                       true,  true,  true },
        // Port names: unknown names never match, whatever the operator.
        { "inport == \"p1\"",                      true,  false, false },
        { "inport != \"p1\"",                      false, true,  true },
        { "inport == {\"p1\", \"p2\"}",            true,  true,  true },
        { "inport == \"ghost\"",                   false, false, false },
        { "inport != \"ghost\"",                   false, false, false },
        { "outport == \"\"",                       false, false, false },
        { "is_chassis_resident(\"p1\")",           true,  true,  true },
        { "is_chassis_resident(\"ghost\")",        false, false, false },
        { "!is_chassis_resident(\"p1\")",          false, false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_with_ovn_semantics(string match, bool tcp4, bool udp6, bool arp)
    {
        Assert.Equal(tcp4, Eval(match, Tcp4));
        Assert.Equal(udp6, Eval(match, Udp6));
        Assert.Equal(arp, Eval(match, Arp));
    }

    [Fact]
    public void Flags_and_registers_are_plain_bits()
    {
        var p = Tcp4.Set("flags.loopback", 1).Set(FieldRef.Bit("reg0", 15), 1);
        Assert.True(Eval("flags.loopback && reg0[15] == 1", p));
        Assert.True(Eval("reg0[15]", p));
        Assert.False(Eval("!reg0[15]", p));
        Assert.True(Eval("xxreg0[111] == 1", p));
        Assert.False(Eval("flags.loopback", Tcp4));
    }

    [Fact]
    public void Conntrack_bits_need_ct_trk()
    {
        var est = Tcp4.Set("ct.est", 1);
        Assert.False(Eval("ct.est", est));
        Assert.True(Eval("ct.est", est.Set("ct.trk", 1)));
        // !ct.new still needs the prerequisite: ct.new == 0 && ct.trk.
        Assert.False(Eval("!ct.new", est));
        Assert.True(Eval("!ct.new", est.Set("ct.trk", 1)));
    }

    [Fact]
    public void Predicate_definitions_are_parsed_once_from_the_table()
    {
        Assert.Equal("eth.type == 0x800", ExprEvaluator.Default.ExpansionOf("ip4")!.ToString());
        Assert.Equal("tcp", ExprEvaluator.Default.PrerequisiteOf("tcp.dst")!.ToString());
        Assert.Null(ExprEvaluator.Default.PrerequisiteOf("eth.src"));
        Assert.Null(ExprEvaluator.Default.ExpansionOf("eth.src"));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "11.1.2.3", false)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("fe80::/64", "fe80::1", true)]
    public void Address_entries_are_masked_values(string entry, string address, bool matches)
    {
        Assert.True(AddressValue.TryParse(entry, out var e));
        Assert.True(AddressValue.TryParse(address, out var a));
        Assert.Equal(matches, e.Matches(a.Value, address.Contains(':') ? 128 : 32));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.1 10.0.0.2")]
    [InlineData("web")]
    [InlineData("\"p1\"")]
    public void Address_entries_must_be_one_constant(string text) =>
        Assert.False(AddressValue.TryParse(text, out _));

    [Fact]
    public void An_ipv6_entry_never_matches_an_ipv4_field()
    {
        Assert.True(AddressValue.TryParse("::1", out var e));
        Assert.False(e.Matches(1, 32));
    }
}
