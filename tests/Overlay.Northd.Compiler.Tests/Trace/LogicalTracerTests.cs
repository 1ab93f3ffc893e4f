using Overlay.Logical;
using Overlay.Northd.Compiler.Trace;
using static Overlay.Northd.Compiler.Tests.Trace.Networks;

namespace Overlay.Northd.Compiler.Tests.Trace;

public class LogicalTracerTests
{
    private static TraceResult Trace(NetworkBuilder b, string dp, string microflow, TraceOptions? options = null)
    {
        var r = LogicalTracer.Trace(b.Build(), dp, microflow, options);
        Assert.True(r.Ok, r.Error);
        return r;
    }

    private static IEnumerable<TraceNode> Descendants(TraceNode n) => n.Children.SelectMany(c => Descendants(c).Prepend(c));

    private static string L2(string from, string src, string dst) => $"inport == \"{from}\" && eth.src == {src} && eth.dst == {dst}";

    [Fact]
    public void Unicast_on_one_switch_reaches_the_destination_only()
    {
        var r = Trace(OneSwitch(), "sw0", L2("p1", P1, P2));
        var d = Assert.Single(r.Verdicts);
        var delivery = Assert.IsType<Delivery>(d);
        Assert.Equal(("sw0", "p2"), (delivery.Datapath, delivery.Port));
        Assert.Equal("p2", delivery.Packet.Outport);
        Assert.Equal((UInt128)0x000000000002, delivery.Packet.Get("eth.dst"));
    }

    [Fact]
    public void Flood_reaches_every_member_but_the_inport()
    {
        var r = Trace(OneSwitch(), "sw0", L2("p1", P1, "ff:ff:ff:ff:ff:ff"));
        Assert.Equal(["p2", "p3"], r.Deliveries.Select(d => d.Port));
        Assert.Empty(r.Drops);
        var mc = Descendants(r.Root[0]).Single(n => n.Text.StartsWith("multicast(", StringComparison.Ordinal));
        Assert.Equal("multicast(dp=\"sw0\", mcgroup=\"_MC_flood\")", mc.Text);
        // Members in name order; the inport's copy is omitted, the others are traced (and always indented).
        Assert.Equal(["p1", "p2", "p3"], mc.Children.Select(c => c.Text.Split("outport=\"")[1].TrimEnd(')', '"')));
        Assert.Equal([false, true, true], mc.Children.Select(c => c.AlwaysIndent));
        Assert.Equal("/* omitting output because inport == outport && !flags.loopback */", mc.Children[0].Children.Single().Text);
    }

    [Fact]
    public void Switch_router_switch_decrements_ttl_and_rewrites_macs()
    {
        var r = Trace(TwoTier(), "sw0", FromP1ToP4);
        var d = Assert.IsType<Delivery>(Assert.Single(r.Verdicts));
        Assert.Equal(("sw1", "p4"), (d.Datapath, d.Port));
        Assert.Equal((UInt128)63, d.Packet.Get("ip.ttl"));
        Assert.Equal((UInt128)0x00000000ff02, d.Packet.Get("eth.src"));
        Assert.Equal((UInt128)0x000000000004, d.Packet.Get("eth.dst"));
        Assert.Equal((UInt128)0x0a000104, d.Packet.Get("ip4.dst"));
        // Crossing the patch port: the peer is the inport, registers and flags start from zero.
        Assert.Equal(("sw1-lr0", "p4"), (d.Packet.Inport, d.Packet.Outport));
        Assert.Equal((UInt128)0, d.Packet.GetStorage("xxreg0"));
        Assert.Equal((UInt128)0, d.Packet.Get("flags"));
    }

    [Fact]
    public void Arp_responder_hairpins_to_the_inport_with_loopback()
    {
        var r = Trace(OneSwitch(), "sw0",
            L2("p1", P1, "ff:ff:ff:ff:ff:ff") + $" && arp.op == 1 && arp.sha == {P1} && arp.spa == 10.0.0.1 && arp.tpa == 10.0.0.2");
        var d = Assert.IsType<Delivery>(Assert.Single(r.Verdicts));
        Assert.Equal("p1", d.Port);
        Assert.Equal((UInt128)2, d.Packet.Get("arp.op"));
        Assert.Equal((UInt128)0x000000000002, d.Packet.Get("arp.sha"));
        Assert.Equal((UInt128)0x000000000001, d.Packet.Get("arp.tha"));
        Assert.Equal((UInt128)0x0a000002, d.Packet.Get("arp.spa"));
        Assert.Equal((UInt128)0x0a000001, d.Packet.Get("arp.tpa"));
        Assert.Equal((UInt128)0x000000000001, d.Packet.Get("eth.dst"));
        // ovn-trace clears flags between ingress and egress too.
        Assert.Equal((UInt128)0, d.Packet.Get("flags.loopback"));
    }

    [Fact]
    public void A_flood_with_no_member_but_the_inport_drops()
    {
        var b = new NetworkBuilder().Switch("sw0", 1).Vif("sw0", "p1", 1).Group("sw0", Keys.McFloodName, Keys.McFlood, "p1")
            .Defaults("sw0").Flow("sw0", "ls_in_l2_lkup", 70, "eth.mcast", $"outport = \"{Keys.McFloodName}\"; output;");
        var r = Trace(b, "sw0", L2("p1", P1, "ff:ff:ff:ff:ff:ff"));
        var drop = Assert.IsType<Drop>(Assert.Single(r.Verdicts));
        Assert.Equal((DropReason.EmptyGroup, "ls_in_l2_lkup"), (drop.Reason, drop.Stage));
    }

    [Fact]
    public void Output_to_the_inport_without_loopback_is_omitted()
    {
        var r = Trace(OneSwitch(), "sw0", L2("p1", P1, P1));
        var drop = Assert.IsType<Drop>(Assert.Single(r.Verdicts));
        Assert.Equal((DropReason.Loopback, "ls_in_l2_lkup"), (drop.Reason, drop.Stage));
    }

    [Fact]
    public void A_drop_flow_drops_and_names_its_stage()
    {
        // From p2, which has no port security, so the ACL is what stops it.
        var r = Trace(OneSwitch(), "sw0", L2("p2", P2, P1) + " && ip4.src == 10.0.0.66 && ip4.dst == 10.0.0.1 && udp");
        var drop = Assert.IsType<Drop>(Assert.Single(r.Verdicts));
        Assert.Equal((DropReason.DropAction, "ls_in_acl", 2, Pipeline.Ingress), (drop.Reason, drop.Stage, drop.Table, drop.Pipeline));
        Assert.Equal("ip4.src == 10.0.0.66", drop.Flow!.Match);
    }

    [Fact]
    public void Port_security_is_evaluated_from_the_port_binding()
    {
        // p1 allows only 00:00:00:00:00:01 with 10.0.0.1.
        var spoofed = Trace(OneSwitch(), "sw0", L2("p1", P3, P2));
        Assert.Equal("ls_in_apply_port_sec", Assert.IsType<Drop>(Assert.Single(spoofed.Verdicts)).Stage);
        var badIp = Trace(OneSwitch(), "sw0", L2("p1", P1, P2) + " && ip4.src == 10.0.0.9 && udp");
        Assert.Equal("ls_in_apply_port_sec", Assert.IsType<Drop>(Assert.Single(badIp.Verdicts)).Stage);
        var fine = Trace(OneSwitch(), "sw0", L2("p1", P1, P2) + " && ip4.src == 10.0.0.1 && udp");
        Assert.Equal("p2", Assert.IsType<Delivery>(Assert.Single(fine.Verdicts)).Port);
        // p2 has no port security: anything goes.
        var open = Trace(OneSwitch(), "sw0", L2("p2", P3, P1));
        Assert.Equal("p1", Assert.IsType<Delivery>(Assert.Single(open.Verdicts)).Port);
    }

    [Fact]
    public void A_stage_without_a_matching_flow_drops_implicitly()
    {
        var b = new NetworkBuilder().Switch("sw0", 1).Vif("sw0", "p1", 1).Defaults("sw0", "ls_in_l2_lkup")
            .Flow("sw0", "ls_in_l2_lkup", 50, $"eth.dst == {P2}", "outport = \"p2\"; output;");
        var r = Trace(b, "sw0", L2("p1", P1, P3));
        var drop = Assert.IsType<Drop>(Assert.Single(r.Verdicts));
        Assert.Equal((DropReason.NoMatch, "ls_in_l2_lkup", 4), (drop.Reason, drop.Stage, drop.Table));
        Assert.Null(drop.Flow);
        Assert.Equal(" 4. ls_in_l2_lkup: no match (implicit drop)", r.Root[0].Children.Single().Text);
    }

    [Fact]
    public void Ttl_expiring_at_the_router_drops()
    {
        var r = Trace(TwoTier(), "sw0", FromP1ToP4.Replace("ip.ttl == 64", "ip.ttl == 1"));
        var drop = Assert.IsType<Drop>(Assert.Single(r.Verdicts));
        Assert.Equal((DropReason.TtlExpired, "lr0", "lr_in_ip_routing"), (drop.Reason, drop.Datapath, drop.Stage));
    }

    [Fact]
    public void Unresolved_next_hop_becomes_an_arp_request_flooded_on_the_far_switch()
    {
        var r = Trace(TwoTier(), "sw0", FromP1ToP4.Replace("10.0.1.4", "10.0.1.99"));
        var d = Assert.IsType<Delivery>(Assert.Single(r.Verdicts));
        Assert.Equal("p4", d.Port);
        Assert.Equal((UInt128)0x806, d.Packet.Get("eth.type"));
        Assert.Equal((UInt128)1, d.Packet.Get("arp.op"));
        Assert.Equal((UInt128)0x0a0001fe, d.Packet.Get("arp.spa"));
        Assert.Equal((UInt128)0x0a000163, d.Packet.Get("arp.tpa"));
        Assert.Equal((UInt128)0x00000000ff02, d.Packet.Get("arp.sha"));
        Assert.Equal((UInt128)0xffffffffffff, d.Packet.Get("eth.dst"));
    }

    [Fact]
    public void A_known_mac_binding_resolves_the_next_hop()
    {
        var options = new TraceOptions { MacBindings = ValueArray.Create(new MacBinding("lrp1", "10.0.1.99", "00:00:00:00:00:99")) };
        var r = Trace(TwoTier(), "sw0", FromP1ToP4.Replace("10.0.1.4", "10.0.1.99"), options);
        // sw1 has no L2 entry for that MAC, so its lookup falls to the default drop: what matters is eth.dst.
        var drop = Assert.IsType<Drop>(Assert.Single(r.Verdicts));
        Assert.Equal((UInt128)0x000000000099, drop.Packet.Get("eth.dst"));
        Assert.Equal(("sw1", "ls_in_l2_lkup"), (drop.Datapath, drop.Stage));
    }

    [Fact]
    public void A_loop_inside_a_pipeline_is_cut_and_reported()
    {
        var b = new NetworkBuilder().Switch("sw0", 1).Vif("sw0", "p1", 1).Defaults("sw0", "ls_in_l2_lkup")
            .Flow("sw0", "ls_in_l2_lkup", 0, "1", "reg0 = 1; next(0);");
        var r = Trace(b, "sw0", L2("p1", P1, P2), new TraceOptions { MaxDepth = 40 });
        var drop = Assert.IsType<Drop>(Assert.Single(r.Verdicts));
        Assert.Equal(DropReason.Loop, drop.Reason);
        Assert.Contains("*** maximum depth of 40 stages reached", TraceRenderer.Render(r));
    }

    [Fact]
    public void A_loop_between_datapaths_is_cut_and_reported()
    {
        // The router sends 10.9/16 back out of the port it came in, addressed to itself, with no TTL decrement,
        // and the switch hairpins such packets back to the router.
        var b = TwoTier()
            .Flow("lr0", "lr_in_ip_routing", 100, "ip4.dst == 10.9.0.0/16", $"eth.dst = {Lrp0}; outport = \"lrp0\"; flags.loopback = 1; output;")
            .Flow("sw0", "ls_in_l2_lkup", 60, $"inport == \"sw0-lr0\" && eth.dst == {Lrp0}", "outport = \"sw0-lr0\"; flags.loopback = 1; output;");
        var r = Trace(b, "sw0", FromP1ToP4.Replace("10.0.1.4", "10.9.0.1"));
        Assert.Equal(DropReason.Loop, Assert.IsType<Drop>(Assert.Single(r.Verdicts)).Reason);
    }

    [Fact]
    public void A_total_budget_stops_exploding_traces()
    {
        var r = Trace(OneSwitch(), "sw0", L2("p1", P1, "ff:ff:ff:ff:ff:ff"), new TraceOptions { MaxTableVisits = 3 });
        Assert.Contains(r.Drops, d => d.Reason == DropReason.Loop);
        Assert.Contains("*** trace stopped after 3 stages", TraceRenderer.Render(r));
    }

    [Fact]
    public void Equal_priority_matches_pick_the_lowest_id_and_warn()
    {
        var b = OneSwitch().Flow("sw0", "ls_in_l2_lkup", 50, "eth.src == 00:00:00:00:00:01", "outport = \"p3\"; output;");
        var net = b.Build();
        var r = LogicalTracer.Trace(net, "sw0", L2("p1", P1, P2));
        var candidates = net.Flows.Where(f => f.Stage.Name == "ls_in_l2_lkup" && f.Priority == 50
            && f.Match is "eth.dst == 00:00:00:00:00:02" or "eth.src == 00:00:00:00:00:01").OrderBy(f => f.Id).ToList();
        var expected = candidates[0].Actions.Contains("p3") ? "p3" : "p2";
        Assert.Equal(expected, Assert.Single(r.Deliveries).Port);
        var warning = Assert.Single(r.Warnings);
        Assert.Contains($"flows {candidates[0].IdText[..8]} and {candidates[1].IdText[..8]} both match at priority 50", warning);
    }

    [Fact]
    public void Clone_traces_a_copy_and_the_original_continues()
    {
        var b = OneSwitch().Flow("sw0", "ls_in_l2_lkup", 60, $"eth.dst == {P2}",
            "clone { outport = \"p3\"; output; }; outport = \"p2\"; output;");
        var r = Trace(b, "sw0", L2("p1", P1, P2));
        Assert.Equal(["p3", "p2"], r.Deliveries.Select(d => d.Port));
    }

    [Fact]
    public void Reject_sends_a_tcp_reset_back_to_the_sender()
    {
        var b = OneSwitch().Flow("sw0", "ls_in_acl", 3000, "tcp.dst == 22",
            "reject { outport <-> inport; next(pipeline=ingress, table=4); };");
        var r = Trace(b, "sw0", L2("p2", P2, P1) + " && ip4.src == 10.0.0.2 && ip4.dst == 10.0.0.1 && tcp && tcp.src == 40000 && tcp.dst == 22");
        var d = Assert.IsType<Delivery>(Assert.Single(r.Verdicts));
        Assert.Equal("p2", d.Port);
        Assert.Equal((UInt128)0x004, d.Packet.Get("tcp.flags"));
        Assert.Equal(((UInt128)0x0a000001, (UInt128)0x0a000002), (d.Packet.Get("ip4.src"), d.Packet.Get("ip4.dst")));
        Assert.Equal((UInt128)0x000000000002, d.Packet.Get("eth.dst"));
        Assert.Equal((UInt128)255, d.Packet.Get("ip.ttl"));
        Assert.Contains("\ntcp_reset\n---------\n", TraceRenderer.Render(r));
    }

    [Fact]
    public void Address_sets_and_port_groups_resolve_through_the_network()
    {
        var b = OneSwitch().AddressSet("blocked", "10.0.0.0/28").PortGroup("pg", "p1", "p9-elsewhere")
            .Flow("sw0", "ls_in_acl", 3000, "inport == @pg && ip4.src == $blocked", "drop;");
        Assert.Equal(DropReason.DropAction, Assert.Single(Trace(b, "sw0", L2("p1", P1, P2) + " && ip4.src == 10.0.0.1 && udp").Drops).Reason);
        Assert.Single(Trace(b, "sw0", L2("p2", P2, P3) + " && ip4.src == 10.0.0.1 && udp").Deliveries);
    }

    [Fact]
    public void Flows_that_do_not_parse_are_reported_and_never_match()
    {
        var b = OneSwitch()
            .Flow("sw0", "ls_in_acl", 3000, "ip4.src == $nosuchset", "drop;")
            .Flow("sw0", "ls_in_acl", 3001, "ip4.src ==", "drop;");
        var tracer = new LogicalTracer(b.Build());
        Assert.Equal(2, tracer.FlowWarnings.Length);
        Assert.Contains(tracer.FlowWarnings, w => w.Contains("unknown address set $nosuchset"));
        Assert.Single(tracer.Trace("sw0", L2("p1", P1, P2) + " && ip4.src == 10.0.0.1 && udp").Deliveries);
    }

    [Fact]
    public void Ct_next_uses_the_given_states_then_est()
    {
        var b = OneSwitch()
            .Flow("sw0", "ls_in_check_port_sec", 100, "ip", "ct_next;")
            .Flow("sw0", "ls_in_acl", 3000, "ct.new", "drop;");
        var microflow = L2("p1", P1, P2) + " && ip4.src == 10.0.0.1 && udp";
        var asNew = Trace(b, "sw0", microflow, new TraceOptions { CtStates = ValueArray.Create("new") });
        Assert.Equal(DropReason.DropAction, Assert.Single(asNew.Drops).Reason);
        Assert.Contains("ct_next(ct_state=new|trk)", TraceRenderer.Render(asNew));
        var byDefault = Trace(b, "sw0", microflow);
        Assert.Single(byDefault.Deliveries);
        Assert.Contains("ct_next(ct_state=est|trk /* default (use --ct to customize) */)", TraceRenderer.Render(byDefault));
    }

    [Theory]
    [InlineData("nosuch", "inport == \"p1\"", "unknown datapath \"nosuch\"")]
    [InlineData("sw0", "inport == \"p1\" && tcp.dst == 80", "error parsing flow: column 19: Constraints are ambiguous")]
    [InlineData("sw0", "inport == \"p4\" && ip4", "error parsing flow: column 11: unknown logical port \"p4\"")]
    public void Bad_input_is_reported_not_thrown(string dp, string microflow, string error)
    {
        var r = LogicalTracer.Trace(TwoTier().Build(), dp, microflow);
        Assert.False(r.Ok);
        Assert.StartsWith(error, r.Error);
        Assert.Empty(r.Verdicts);
    }

    [Fact]
    public void Without_a_datapath_the_inport_chooses_it()
    {
        var net = TwoTier().Build();
        var r = LogicalTracer.Trace(net, null, FromP1ToP4.Replace("inport == \"p1\"", "inport == \"p4\""));
        Assert.True(r.Ok, r.Error);
        Assert.Equal("ingress(dp=\"sw1\", inport=\"p4\")", r.Root[0].Text);
        Assert.Equal("unknown port \"p9\"", LogicalTracer.Trace(net, null, "inport == \"p9\"").Error);
        Assert.StartsWith("error parsing flow: the microflow names no inport", LogicalTracer.Trace(net, null, "ip4").Error);
    }

    [Fact]
    public void Unknown_ct_state_flags_are_refused()
    {
        var r = LogicalTracer.Trace(OneSwitch().Build(), "sw0", L2("p1", P1, P2), new TraceOptions { CtStates = ValueArray.Create("new|bogus") });
        Assert.Equal("unknown ct_state flag \"bogus\" in \"new|bogus\"", r.Error);
    }

    [Fact]
    public void A_microflow_without_inport_is_traced_with_a_warning()
    {
        var r = LogicalTracer.Trace(OneSwitch().Build(), "sw0", $"eth.src == {P3} && eth.dst == {P2}");
        Assert.Contains("microflow does not specify ingress port", r.Warnings);
        Assert.Equal("ingress(dp=\"sw0\", inport=\"(unnamed)\")", r.Root[0].Text);
        Assert.Equal("p2", Assert.Single(r.Deliveries).Port);
    }
}
