using Overlay.Agent.Translator.Layout;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Encoding;

public class ActionTranslationTests
{
    private static string Actions(string actions, Stage? stage = null, string match = "1") =>
        OneFlow.Of(match, actions, stage).Flows.Select(f => f.Flow.Actions.ToString()).Distinct().Single();

    [Theory]
    [InlineData("next;", "resubmit(,12)")]
    [InlineData("next(4);", "resubmit(,12)")]
    [InlineData("drop;", "drop")]
    [InlineData("output;", "resubmit(,39)")]
    [InlineData("outport = \"p2\"; output;", "set_field:0x2->reg15,resubmit(,39)")]
    [InlineData("outport = \"_MC_flood\"; output;", "set_field:0x8000->reg15,resubmit(,39)")]
    [InlineData("outport = inport; flags.loopback = 1; output;", "move:NXM_NX_REG14[]->NXM_NX_REG15[],set_field:0x1/0x1->reg10,resubmit(,39)")]
    [InlineData("reg0[15] = 1; next;", "set_field:0x8000/0x8000->reg0,resubmit(,12)")]
    [InlineData("reg9 = 7; next;", "set_field:0x7->reg9,resubmit(,12)")]
    [InlineData("xreg0[0..47] = 02:00:00:00:00:01; next;", "set_field:0x200000000010000000000000000/0xffffffffffff0000000000000000->xxreg0,resubmit(,12)")]
    [InlineData("eth.dst = eth.src; next;", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],resubmit(,12)")]
    [InlineData("eth.src = 00:00:00:00:ff:01; next;", "set_field:00:00:00:00:ff:01->eth_src,resubmit(,12)")]
    [InlineData("next(pipeline=egress, table=1);", "resubmit(,43)")]
    [InlineData("clone { outport = \"p1\"; output; }; next;", "clone(set_field:0x1->reg15,resubmit(,39)),resubmit(,12)")]
    // ls_in_arp_rsp is ingress table 11.
    public void Ingress_actions(string logical, string openflow) => Assert.Equal(openflow, Actions(logical, Stages.LsInArpRsp));

    [Fact]
    public void Egress_output_goes_to_save_inport()
    {
        Assert.Equal("resubmit(,64)", Actions("output;", Stages.LsOutApplyPortSec));
        Assert.Equal("resubmit(,43)", Actions("next;", Stages.LsOutAcl));
    }

    [Fact]
    public void Ttl_decrement_is_dec_ttl_and_adds_ip_to_the_match()
    {
        var (flows, _) = OneFlow.Of("1", "ip.ttl--; next;");
        Assert.Equal(["ip,metadata=0x1 actions=dec_ttl,resubmit(,11)", "ipv6,metadata=0x1 actions=dec_ttl,resubmit(,11)"], OneFlow.Lines(flows).Order());
    }

    [Fact]
    public void Assigning_a_field_adds_its_prerequisites()
    {
        var (flows, _) = OneFlow.Of("1", "arp.op = 2; next;");
        Assert.Equal(["arp,metadata=0x1 actions=set_field:2->arp_op,resubmit(,11)"], OneFlow.Lines(flows));
    }

    [Fact]
    public void Next_past_the_last_stage_is_reported()
    {
        var (flows, t) = OneFlow.Of("1", "next;", Stages.LsInL2Lkup);
        Assert.Empty(flows);
        Assert.Equal(DiagnosticKind.Unsupported, Assert.Single(t.Diagnostics).Kind);
    }

    [Fact]
    public void Controller_actions_are_reported()
    {
        var (flows, t) = OneFlow.Of("arp", "arp { eth.dst = ff:ff:ff:ff:ff:ff; output; };");
        Assert.Empty(flows);
        Assert.Contains("packet-in", Assert.Single(t.Diagnostics).Message);
    }

    [Theory]
    [InlineData("arp.tpa", "arp.spa", 0x0806)]
    [InlineData("ip4.dst", "ip4.src", 0x0800)]
    [InlineData("eth.src", "eth.dst", 0x0800)]
    [InlineData("ip6.src", "ip6.dst", 0x86dd)]
    public void Exchange_swaps_through_the_scratch_register(string a, string b, ushort ethType)
    {
        var (flows, _) = OneFlow.Of(ethType == 0x86dd ? "ip6" : ethType == 0x0806 ? "arp" : "ip4", $"{a} <-> {b}; next;");
        var flow = Assert.Single(flows).Flow;
        var sw = new OfSwitch([flow]);
        var p = new OfPacket();
        p[OfFields.Metadata] = 1;
        p[OfFields.EthType] = ethType;
        var fa = FieldOf(a);
        var fb = FieldOf(b);
        UInt128 va = UInt128.MaxValue / 3 & OfPacket.Ones(fa.Bits), vb = UInt128.MaxValue / 5 & OfPacket.Ones(fb.Bits);
        p[fa] = va;
        p[fb] = vb;
        sw.Run(p, flow.Table);
        Assert.Equal(vb, p[fa]);
        Assert.Equal(va, p[fb]);
        // Only the scratch register is used.
        Assert.Contains(RegisterMap.Exchange.Field.NxmName, flow.Actions.ToString());
    }

    private static OfField FieldOf(string logical) => FieldMap.Find(logical)!.Segments.Single().Field;
}
