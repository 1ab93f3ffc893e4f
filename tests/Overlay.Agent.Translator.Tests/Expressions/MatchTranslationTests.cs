using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Expressions;

public class MatchTranslationTests
{
    [Fact]
    public void Prerequisites_split_a_transport_match_into_ipv4_and_ipv6()
    {
        var (flows, _) = OneFlow.Of("tcp.dst == 80");
        Assert.Equal(
            ["tcp,metadata=0x1,tp_dst=80 actions=resubmit(,11)", "tcp6,metadata=0x1,tp_dst=80 actions=resubmit(,11)"],
            OneFlow.Lines(flows).Order());
    }

    [Fact]
    public void Ordinal_inequalities_become_prefix_matches()
    {
        var (flows, _) = OneFlow.Of("ip4 && tcp.dst >= 1024");
        Assert.Equal(
            ["0x400/0xfc00", "0x800/0xf800", "0x1000/0xf000", "0x2000/0xe000", "0x4000/0xc000", "0x8000/0x8000"],
            flows.Select(f => TpDst(f.Flow.Match)).OrderBy(s => Convert.ToUInt32(s.Split('/')[0], 16)));
    }

    private static string TpDst(Match m)
    {
        var f = m.Get(OfFields.TcpDst)!;
        return $"0x{f.ValueAsUInt64:x}/0x{f.MaskAsUInt64:x}";
    }

    [Fact]
    public void Not_equal_is_one_flow_per_bit()
    {
        var (flows, _) = OneFlow.Of("ip4.src != 10.0.0.1");
        Assert.Equal(32, flows.Length);
        Assert.All(flows, f => Assert.Equal(1, (int)UInt128.PopCount(f.Flow.Match.Get(OfFields.Ipv4Src)!.Mask!.Value.ToUInt128())));
    }

    [Fact]
    public void Negations_of_one_field_combine_without_blowing_up()
    {
        // 16 x 16 single-bit pairs, but tp_dst != 80 && != 81 is just "bits 1..15 differ from 80's".
        var (flows, _) = OneFlow.Of("ip4 && tcp.dst != 80 && tcp.dst != 81");
        Assert.Equal(15, flows.Length);
    }

    [Fact]
    public void A_large_cross_product_becomes_a_conjunctive_match()
    {
        // The example of reference §6.3 (OVN 23.03.1): 3 x 3 would be 9 flows; conjunction makes it 1 + 3 + 3.
        var (flows, _) = OneFlow.Of("reg0[7] == 1 && (ip4.src == {10.0.0.3, 10.0.0.4, 10.0.0.5} && tcp.dst == {80, 443, 8080})", "reg0[1] = 1; next;");
        var head = Assert.Single(flows, f => f.Flow.Match.Contains(OfFields.ConjId));
        uint id = (uint)head.Flow.Match.Get(OfFields.ConjId)!.ValueAsUInt64;
        Assert.Equal($"conj_id={id},tcp,reg0=0x80/0x80,metadata=0x1 actions=set_field:0x2/0x2->reg0,resubmit(,11)", OneFlow.Lines([head])[0]);
        var clauses = flows.Where(f => f != head).ToList();
        Assert.Equal(6, clauses.Count);
        Assert.All(clauses, f => Assert.StartsWith("tcp,reg0=0x80/0x80,metadata=0x1,", f.Flow.Match.ToString()));
        Assert.Equal(3, clauses.Count(f => f.Flow.Actions.Single() is ConjunctionAction { Clause: 1, Clauses: 2 } c && c.Id == id && f.Flow.Match.Contains(OfFields.Ipv4Src)));
        Assert.Equal(3, clauses.Count(f => f.Flow.Actions.Single() is ConjunctionAction { Clause: 2, Clauses: 2 } c && c.Id == id && f.Flow.Match.Contains(OfFields.TcpDst)));
    }

    [Fact]
    public void Conjunction_ids_are_stable_whatever_else_the_host_has()
    {
        const string m = "ip4.src == {10.0.0.3, 10.0.0.4, 10.0.0.5} && tcp.dst == {80, 443, 8080}";
        var alone = OneFlow.Translate(OneFlow.Network(OneFlow.Flow(m)));
        var crowded = OneFlow.Translate(OneFlow.Network(
            OneFlow.Flow(m), OneFlow.Flow("ip4.dst == {10.0.0.1, 10.0.0.2, 10.0.0.9} && udp.dst == {53, 67, 68}"),
            OneFlow.Flow(m, priority: 200)));
        uint Id(Translation t) => (uint)t.FromLogicalFlow(OneFlow.Flow(m).Id).Single(f => f.Flow.Match.Contains(OfFields.ConjId)).Flow.Match.Get(OfFields.ConjId)!.ValueAsUInt64;
        Assert.Equal(Id(alone), Id(crowded));
        Assert.Equal(3, crowded.Flows.Count(f => f.Flow.Match.Contains(OfFields.ConjId)));
    }

    [Fact]
    public void Ports_become_keys_and_port_groups_their_members_on_this_datapath()
    {
        Assert.Equal(["reg14=0x2,metadata=0x1 actions=resubmit(,11)"], OneFlow.Lines(OneFlow.Of("inport == \"p2\"").Flows));
        // pg = p1, p3, x1; x1 is on another switch.
        Assert.Equal(["reg14=0x1,metadata=0x1", "reg14=0x3,metadata=0x1"],
            OneFlow.Of("inport == @pg").Flows.Select(f => f.Flow.Match.ToString()).Order());
        Assert.Equal(["reg15=0x8000,metadata=0x1"], OneFlow.Of("outport == \"_MC_flood\"").Flows.Select(f => f.Flow.Match.ToString()));
    }

    [Fact]
    public void Address_sets_expand_to_their_entries()
    {
        var (flows, _) = OneFlow.Of("ip4.dst == $as1");
        // 10.0.0.1 lies inside 10.0.0.0/30 and adds nothing.
        Assert.Equal(["ip,metadata=0x1,nw_dst=10.0.0.0/30", "ip,metadata=0x1,nw_dst=10.1.0.0/16"], flows.Select(f => f.Flow.Match.ToString()).Order());
    }

    [Fact]
    public void Is_chassis_resident_is_decided_on_this_chassis()
    {
        Assert.Single(OneFlow.Of("is_chassis_resident(\"p1\") && ip4").Flows);
        Assert.Empty(OneFlow.Of("is_chassis_resident(\"p4\") && ip4").Flows);
        Assert.Single(OneFlow.Of("!is_chassis_resident(\"p4\") && ip4").Flows);
    }

    [Fact]
    public void Flows_pinned_to_a_port_bound_elsewhere_are_skipped()
    {
        // p4 is on hv2: its ingress flows are not needed on hv1, nor egress flows for it as outport.
        Assert.Empty(OneFlow.Of("inport == \"p4\" && ip4").Flows);
        Assert.Empty(OneFlow.Of("outport == \"p4\"", "output;", Stages.LsOutAcl).Flows);
        // ... but an ingress flow may still test the outport, and sets only lose the remote member.
        Assert.Single(OneFlow.Of("outport == \"p4\"", "next;", Stages.LsInAcl).Flows);
        Assert.Equal(["reg14=0x1,metadata=0x1", "reg14=0x2,metadata=0x1"],
            OneFlow.Of("inport == {\"p1\", \"p2\", \"p4\"}").Flows.Select(f => f.Flow.Match.ToString()).Order());
    }

    [Theory]
    // A top-level conjunct pinning the inport to p4 (on hv2), wherever it stands: the flow is skipped before parsing,
    // so even text the parser would refuse costs nothing and reports nothing on this host.
    [InlineData("inport == \"p4\" && ip4 &&& nonsense")]
    [InlineData("ip4 && (tcp || udp) && inport==\"p4\" && eth.src == {00:00:00:00:00:01, 00:00:00:00:00:02} && bogus &&& x")]
    [InlineData("  inport  ==  \"p4\"  ")]
    public void A_flow_pinned_elsewhere_is_skipped_unparsed(string match)
    {
        var (flows, t) = OneFlow.Of(match);
        Assert.Empty(flows);
        Assert.Empty(t.Diagnostics);
    }

    [Theory]
    // Not pinned at the top level: translated (and reported when broken) as usual.
    [InlineData("(inport == \"p4\") || ip4 &&& nonsense")]
    [InlineData("(inport == \"p4\" && ip4) || ip6 &&& nonsense")]
    [InlineData("!inport == \"p4\" && ip4 &&& nonsense")]
    [InlineData("eth.src == {00:00:00:00:00:01, \"inport == \\\"p4\\\" && \"} && ip4 &&& nonsense")]
    [InlineData("inport == \"p1\" && ip4 &&& nonsense")]
    public void A_flow_not_pinned_elsewhere_is_parsed(string match)
    {
        var (flows, t) = OneFlow.Of(match);
        Assert.Empty(flows);
        Assert.Equal(DiagnosticKind.Syntax, Assert.Single(t.Diagnostics).Kind);
    }

    [Theory]
    // Same flows with the pre-parse skip as through normalization: an OR keeps the local alternative.
    [InlineData("(inport == \"p4\" && ip4) || (inport == \"p1\" && ip4)", 1)]
    [InlineData("inport == \"p4\" || inport == \"p1\"", 1)]
    [InlineData("(inport == \"p4\") && ip4", 0)]
    [InlineData("ip4 && outport == \"p4\" && inport == \"p2\"", 1)]
    public void Pins_inside_other_forms_give_the_normalized_result(string match, int count) =>
        Assert.Equal(count, OneFlow.Of(match).Flows.Length);

    [Fact]
    public void Fields_ovs_cannot_mask_are_matched_value_by_value()
    {
        var (flows, _) = OneFlow.Of("ip4 && ip.ttl < 4");
        Assert.Equal(["0", "1", "2", "3"], flows.Select(f => f.Flow.Match.Get(OfFields.IpTtl)!.ValueAsUInt64.ToString()).Order());
    }

    [Fact]
    public void Bad_flows_are_reported_with_their_id_and_the_rest_goes_on()
    {
        var good = OneFlow.Flow("ip4", priority: 1);
        var typo = OneFlow.Flow("ip4.dts == 10.0.0.1", priority: 2);
        var unknown = OneFlow.Flow("inport == \"nope\"", priority: 3);
        var badAction = OneFlow.Flow("ip4", "outport = \"nope\"; output;", priority: 4);
        var conntrack = OneFlow.Flow("ct.new", priority: 5);
        var t = OneFlow.Translate(OneFlow.Network(good, typo, unknown, badAction, conntrack));
        Assert.Single(t.FromLogicalFlow(good.Id));
        Assert.Equal(DiagnosticKind.Syntax, Assert.Single(t.Diagnostics, d => d.FlowId == typo.Id).Kind);
        Assert.Equal(DiagnosticKind.UnknownName, Assert.Single(t.Diagnostics, d => d.FlowId == unknown.Id).Kind);
        Assert.Equal(DiagnosticKind.UnknownName, Assert.Single(t.Diagnostics, d => d.FlowId == badAction.Id).Kind);
        Assert.Equal(DiagnosticKind.Unsupported, Assert.Single(t.Diagnostics, d => d.FlowId == conntrack.Id).Kind);
        Assert.Equal(4, t.Diagnostics.Length);
        Assert.Empty(t.FromLogicalFlow(typo.Id).Concat(t.FromLogicalFlow(unknown.Id)).Concat(t.FromLogicalFlow(badAction.Id)));
    }

    [Fact]
    public void Every_translated_match_passes_ovs_prerequisites()
    {
        foreach (var m in new[] { "nd.target == fe80::1", "vlan.pcp == 3", "arp.sha == 00:00:00:00:00:01", "icmp6.type == 135 && nd.sll == 00:00:00:00:00:01", "rarp.op == 3", "udp.dst == 53 && ip6" })
        {
            var (flows, t) = OneFlow.Of(m);
            Assert.Empty(t.Diagnostics);
            Assert.NotEmpty(flows);
            Assert.All(flows, f => Assert.Empty(f.Flow.Match.Validate()));
        }
    }
}
