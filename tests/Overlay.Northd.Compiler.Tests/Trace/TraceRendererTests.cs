using Overlay.Logical;
using Overlay.Northd.Compiler.Trace;
using static Overlay.Northd.Compiler.Tests.Trace.Networks;

namespace Overlay.Northd.Compiler.Tests.Trace;

/// <summary>
/// Golden layouts of the three formats. The minimal outputs marked "as real ovn-trace" are what ovn-trace 23.03.1
/// printed for the same packet on the OVN-built equivalent of the topology; the detailed and summary layouts follow
/// ovn-trace's printers (blank line and dashes under sections, tail calls unindented, "next(...)" hidden in summaries).
/// </summary>
public class TraceRendererTests
{
    private const string ToP4Flow = "tcp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:ff:01,nw_src=10.0.0.1,nw_dst=10.0.1.4,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=0,tp_dst=80,tcp_flags=0";

    private static (LogicalNetwork Net, TraceResult Result) Trace(NetworkBuilder b, string microflow)
    {
        var net = b.Build();
        var r = LogicalTracer.Trace(net, "sw0", microflow);
        Assert.True(r.Ok, r.Error);
        return (net, r);
    }

    private static string U(LogicalNetwork net, string dp, string stage, int priority, string? match = null) =>
        NetworkBuilder.Uuid(net, dp, stage, priority, match);

    [Fact]
    public void Detailed_switch_router_switch()
    {
        var (net, r) = Trace(TwoTier(), FromP1ToP4);
        var expected = $$"""
            # {{ToP4Flow}}

            ingress(dp="sw0", inport="p1")
            ------------------------------
             4. ls_in_l2_lkup (test): eth.dst == 00:00:00:00:ff:01, priority 50, uuid {{U(net, "sw0", "ls_in_l2_lkup", 50, "eth.dst == 00:00:00:00:ff:01")}}
                outport = "sw0-lr0";
                output;

            egress(dp="sw0", inport="p1", outport="sw0-lr0")
            ------------------------------------------------
             2. ls_out_apply_port_sec (default): 1, priority 0, uuid {{U(net, "sw0", "ls_out_apply_port_sec", 0)}}
                output;
                /* output to "sw0-lr0", type "patch" */

            ingress(dp="lr0", inport="lrp0")
            --------------------------------
             0. lr_in_admission (test): eth.dst == 00:00:00:00:ff:01 && inport == "lrp0", priority 50, uuid {{U(net, "lr0", "lr_in_admission", 50, "eth.dst == 00:00:00:00:ff:01 && inport == \"lrp0\"")}}
                xreg0[0..47] = 00:00:00:00:ff:01;
                next;
             2. lr_in_ip_routing (test): ip4.dst == 10.0.1.0/24, priority 74, uuid {{U(net, "lr0", "lr_in_ip_routing", 74, "ip4.dst == 10.0.1.0/24")}}
                ip.ttl--;
                reg0 = ip4.dst;
                reg1 = 10.0.1.254;
                eth.src = 00:00:00:00:ff:02;
                outport = "lrp1";
                flags.loopback = 1;
                next;
             3. lr_in_arp_resolve (test): outport == "lrp1" && reg0 == 10.0.1.4, priority 100, uuid {{U(net, "lr0", "lr_in_arp_resolve", 100)}}
                eth.dst = 00:00:00:00:00:04;
                next;
             4. lr_in_arp_request (default): 1, priority 0, uuid {{U(net, "lr0", "lr_in_arp_request", 0)}}
                output;

            egress(dp="lr0", inport="lrp0", outport="lrp1")
            -----------------------------------------------
             0. lr_out_delivery (test): outport == "lrp1", priority 100, uuid {{U(net, "lr0", "lr_out_delivery", 100, "outport == \"lrp1\"")}}
                output;
                /* output to "lrp1", type "patch" */

            ingress(dp="sw1", inport="sw1-lr0")
            -----------------------------------
             4. ls_in_l2_lkup (test): eth.dst == 00:00:00:00:00:04, priority 50, uuid {{U(net, "sw1", "ls_in_l2_lkup", 50, "eth.dst == 00:00:00:00:00:04")}}
                outport = "p4";
                output;

            egress(dp="sw1", inport="sw1-lr0", outport="p4")
            ------------------------------------------------
             2. ls_out_apply_port_sec (default): 1, priority 0, uuid {{U(net, "sw1", "ls_out_apply_port_sec", 0)}}
                output;
                /* output to "p4", type "" */

            """;
        Assert.Equal(expected, TraceRenderer.Render(r));
    }

    [Fact]
    public void Summary_switch_router_switch()
    {
        var (_, r) = Trace(TwoTier(), FromP1ToP4);
        var expected = $$"""
            # {{ToP4Flow}}
            ingress(dp="sw0", inport="p1") {
                outport = "sw0-lr0";
                output;
                egress(dp="sw0", inport="p1", outport="sw0-lr0") {
                    output;
                    /* output to "sw0-lr0", type "patch" */;
                    ingress(dp="lr0", inport="lrp0") {
                        xreg0[0..47] = 00:00:00:00:ff:01;
                        next;
                        ip.ttl--;
                        reg0 = ip4.dst;
                        reg1 = 10.0.1.254;
                        eth.src = 00:00:00:00:ff:02;
                        outport = "lrp1";
                        flags.loopback = 1;
                        next;
                        eth.dst = 00:00:00:00:00:04;
                        next;
                        output;
                        egress(dp="lr0", inport="lrp0", outport="lrp1") {
                            output;
                            /* output to "lrp1", type "patch" */;
                            ingress(dp="sw1", inport="sw1-lr0") {
                                outport = "p4";
                                output;
                                egress(dp="sw1", inport="sw1-lr0", outport="p4") {
                                    output;
                                    /* output to "p4", type "" */;
                                };
                            };
                        };
                    };
                };
            };

            """;
        Assert.Equal(expected, TraceRenderer.Render(r, TraceFormat.Summary));
    }

    [Fact]
    public void Minimal_switch_router_switch_as_real_ovn_trace()
    {
        var (_, r) = Trace(TwoTier(), FromP1ToP4);
        Assert.Equal($"""
            # {ToP4Flow}
            ip.ttl--;
            eth.src = 00:00:00:00:ff:02;
            eth.dst = 00:00:00:00:00:04;
            output("p4");

            """, TraceRenderer.Render(r, TraceFormat.Minimal));
    }

    [Fact]
    public void Minimal_arp_request_for_an_unresolved_next_hop_as_real_ovn_trace()
    {
        var (_, r) = Trace(TwoTier(), FromP1ToP4.Replace("10.0.1.4", "10.0.1.99"));
        Assert.EndsWith("""
            ip.ttl--;
            eth.src = 00:00:00:00:ff:02;
            eth.dst = 00:00:00:00:00:00;
            arp {
                eth.dst = ff:ff:ff:ff:ff:ff;
                arp.spa = 0xa0001fe;
                arp.tpa = 0xa000163;
                arp.op = 1;
                output("p4");
            };

            """, TraceRenderer.Render(r, TraceFormat.Minimal));
    }

    [Fact]
    public void Detailed_arp_request_shows_the_lookup_and_the_new_packet()
    {
        var (net, r) = Trace(TwoTier(), FromP1ToP4.Replace("10.0.1.4", "10.0.1.99"));
        var text = TraceRenderer.Render(r);
        Assert.Contains($$"""
             3. lr_in_arp_resolve (test): ip4, priority 1, uuid {{U(net, "lr0", "lr_in_arp_resolve", 1)}}
                get_arp(outport, reg0);
                /* No MAC binding. */
                next;
             4. lr_in_arp_request (test): eth.dst == 00:00:00:00:00:00 && ip4, priority 100, uuid {{U(net, "lr0", "lr_in_arp_request", 100)}}
                arp { eth.dst = ff:ff:ff:ff:ff:ff; arp.spa = reg1; arp.tpa = reg0; arp.op = 1; output; };

            arp
            ---
                eth.dst = ff:ff:ff:ff:ff:ff;
                arp.spa = reg1;
                arp.tpa = reg0;
                arp.op = 1;
                output;

            egress(dp="lr0", inport="lrp0", outport="lrp1")
            """, text);
        Assert.Contains("""

            multicast(dp="sw1", mcgroup="_MC_flood")
            ----------------------------------------

                egress(dp="sw1", inport="sw1-lr0", outport="p4")
                ------------------------------------------------
            """, text);
        // The inport's copy comes last here and is not traced, so like in ovn-trace it is not indented.
        Assert.EndsWith("""

            egress(dp="sw1", inport="sw1-lr0", outport="sw1-lr0")
            -----------------------------------------------------
                /* omitting output because inport == outport && !flags.loopback */

            """, text);
    }

    [Fact]
    public void All_formats_of_a_flood()
    {
        var (net, r) = Trace(OneSwitch(), $"inport == \"p1\" && eth.src == {P1} && eth.dst == ff:ff:ff:ff:ff:ff");
        var apply = U(net, "sw0", "ls_out_apply_port_sec", 0);
        var expected = $$"""
            # reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0000
            # Detailed trace.

            ingress(dp="sw0", inport="p1")
            ------------------------------
             0. ls_in_check_port_sec (test): 1, priority 50, uuid {{U(net, "sw0", "ls_in_check_port_sec", 50)}}
                reg0[15] = check_in_port_sec();
                next;
             4. ls_in_l2_lkup (test): eth.mcast, priority 70, uuid {{U(net, "sw0", "ls_in_l2_lkup", 70)}}
                outport = "_MC_flood";
                output;

            multicast(dp="sw0", mcgroup="_MC_flood")
            ----------------------------------------

                egress(dp="sw0", inport="p1", outport="p1")
                -------------------------------------------
                        /* omitting output because inport == outport && !flags.loopback */

                egress(dp="sw0", inport="p1", outport="p2")
                -------------------------------------------
                     2. ls_out_apply_port_sec (default): 1, priority 0, uuid {{apply}}
                        output;
                        /* output to "p2", type "" */

                egress(dp="sw0", inport="p1", outport="p3")
                -------------------------------------------
                     2. ls_out_apply_port_sec (default): 1, priority 0, uuid {{apply}}
                        output;
                        /* output to "p3", type "" */
            # Summary trace.
            ingress(dp="sw0", inport="p1") {
                reg0[15] = check_in_port_sec();
                next;
                outport = "_MC_flood";
                output;
                multicast(dp="sw0", mcgroup="_MC_flood") {
                    egress(dp="sw0", inport="p1", outport="p1") {
                        /* omitting output because inport == outport && !flags.loopback */;
                    };
                    egress(dp="sw0", inport="p1", outport="p2") {
                        output;
                        /* output to "p2", type "" */;
                    };
                    egress(dp="sw0", inport="p1", outport="p3") {
                        output;
                        /* output to "p3", type "" */;
                    };
                };
            };
            # Minimal trace.
            output("p2");
            output("p3");

            """;
        Assert.Equal(expected, TraceRenderer.Render(r, TraceFormat.All));
    }

    [Fact]
    public void Minimal_icmp_time_exceeded_as_real_ovn_trace()
    {
        var b = TwoTier().Flow("lr0", "lr_in_ip_input", 100, "ip4 && ip.ttl == {0, 1}",
            "icmp4 { eth.dst <-> eth.src; icmp4.type = 11; icmp4.code = 0; ip4.dst = ip4.src; ip4.src = 10.0.0.254; ip.ttl = 254; "
            + "outport = \"lrp0\"; flags.loopback = 1; output; };");
        var (_, r) = Trace(b, FromP1ToP4.Replace("ip.ttl == 64 && tcp && tcp.dst == 80", "ip.ttl == 1 && udp && udp.dst == 53"));
        Assert.Equal("""
            # udp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:ff:01,nw_src=10.0.0.1,nw_dst=10.0.1.4,nw_tos=0,nw_ecn=0,nw_ttl=1,nw_frag=no,tp_src=0,tp_dst=53
            icmp4 {
                eth.dst = 00:00:00:00:00:01;
                eth.src = 00:00:00:00:ff:01;
                icmp4.type = 11;
                icmp4.code = 0;
                ip4.dst = 10.0.0.1;
                ip4.src = 10.0.0.254;
                ip.ttl = 254;
                output("p1");
            };

            """, TraceRenderer.Render(r, TraceFormat.Minimal));
        var d = Assert.Single(r.Deliveries);
        Assert.Equal((UInt128)1, d.Packet.Get("ip.proto"));
        Assert.Equal((UInt128)11, d.Packet.Get("icmp4.type"));
    }

    [Fact]
    public void Minimal_arp_reply_hairpin_as_real_ovn_trace()
    {
        var (_, r) = Trace(OneSwitch(),
            $"inport == \"p1\" && eth.src == {P1} && eth.dst == ff:ff:ff:ff:ff:ff && arp.op == 1 && arp.sha == {P1} && arp.spa == 10.0.0.1 && arp.tpa == 10.0.0.2");
        Assert.Equal("""
            # arp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_op=1,arp_sha=00:00:00:00:00:01,arp_tha=00:00:00:00:00:00
            eth.dst = 00:00:00:00:00:01;
            eth.src = 00:00:00:00:00:02;
            arp.op = 2;
            arp.tha = 00:00:00:00:00:01;
            arp.sha = 00:00:00:00:00:02;
            arp.tpa = 10.0.0.1;
            arp.spa = 10.0.0.2;
            output("p1");

            """, TraceRenderer.Render(r, TraceFormat.Minimal));
    }

    [Fact]
    public void A_drop_prints_drop_and_nothing_in_minimal()
    {
        var (net, r) = Trace(OneSwitch(), $"inport == \"p2\" && eth.src == {P2} && eth.dst == {P1} && ip4.src == 10.0.0.66 && udp");
        var flow = "udp,reg14=0x2,vlan_tci=0x0000,dl_src=00:00:00:00:00:02,dl_dst=00:00:00:00:00:01,nw_src=10.0.0.66,nw_dst=0.0.0.0,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=no,tp_src=0,tp_dst=0";
        Assert.Equal($$"""
            # {{flow}}

            ingress(dp="sw0", inport="p2")
            ------------------------------
             0. ls_in_check_port_sec (test): 1, priority 50, uuid {{U(net, "sw0", "ls_in_check_port_sec", 50)}}
                reg0[15] = check_in_port_sec();
                next;
             2. ls_in_acl (test): ip4.src == 10.0.0.66, priority 2000, uuid {{U(net, "sw0", "ls_in_acl", 2000)}}
                drop;

            """, TraceRenderer.Render(r));
        Assert.Equal($$"""
            # {{flow}}
            ingress(dp="sw0", inport="p2") {
                reg0[15] = check_in_port_sec();
                next;
                drop;
            };

            """, TraceRenderer.Render(r, TraceFormat.Summary));
        Assert.Equal($"# {flow}\n", TraceRenderer.Render(r, TraceFormat.Minimal));
    }

    [Fact]
    public void Ttl_expiry_is_an_error_line_in_every_format()
    {
        var (_, r) = Trace(TwoTier(), FromP1ToP4.Replace("ip.ttl == 64", "ip.ttl == 1"));
        Assert.EndsWith("    ip.ttl--;\n    *** TTL expired (ip.ttl is 1)\n", TraceRenderer.Render(r));
        Assert.EndsWith("\n*** TTL expired (ip.ttl is 1);\n", TraceRenderer.Render(r, TraceFormat.Minimal));
    }

    [Fact]
    public void Next_with_a_table_is_printed_in_ovn_form_and_hidden_in_summaries()
    {
        var b = OneSwitch().Flow("sw0", "ls_in_check_port_sec", 100, $"eth.src == {P3}", "next(3);");
        var (_, r) = Trace(b, $"inport == \"p2\" && eth.src == {P3} && eth.dst == {P1}");
        Assert.Contains("\n    next(3);\n 4. ls_in_l2_lkup", TraceRenderer.Render(r));
        Assert.DoesNotContain("next(3)", TraceRenderer.Render(r, TraceFormat.Summary));
    }

    [Fact]
    public void Errors_render_as_one_line()
    {
        var r = LogicalTracer.Trace(OneSwitch().Build(), "nosuch", "1");
        Assert.Equal("unknown datapath \"nosuch\"\n", TraceRenderer.Render(r, TraceFormat.All));
    }
}
