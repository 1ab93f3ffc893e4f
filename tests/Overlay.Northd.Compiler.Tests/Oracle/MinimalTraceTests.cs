namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>The normalizer on ovn-trace 23.03.1 <c>--minimal</c> outputs captured verbatim on this machine.</summary>
public sealed class MinimalTraceTests
{
    private const string Unicast = """
        # ip,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no
        output("p2");

        """;

    private const string Drop = """
        # ip,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:99,nw_src=10.0.0.1,nw_dst=10.0.0.9,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no

        """;

    private const string Flood = """
        # ip,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,nw_src=10.0.0.1,nw_dst=255.255.255.255,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no
        output("p3");
        output("p2");

        """;

    private const string ArpResponder = """
        # arp,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_op=1,arp_sha=50:54:00:00:00:01,arp_tha=00:00:00:00:00:00
        eth.dst = 50:54:00:00:00:01;
        eth.src = 50:54:00:00:00:02;
        arp.op = 2;
        arp.tha = 50:54:00:00:00:01;
        arp.sha = 50:54:00:00:00:02;
        arp.tpa = 10.0.0.1;
        arp.spa = 10.0.0.2;
        output("p1");

        """;

    private const string Routed = """
        # ip,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:0a:01,dl_dst=00:00:00:00:aa:01,nw_src=10.1.0.10,nw_dst=10.2.0.10,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no
        ip.ttl--;
        eth.src = 00:00:00:00:aa:02;
        eth.dst = 00:00:00:00:bb:02;
        ip.ttl--;
        eth.src = 00:00:00:00:bb:01;
        eth.dst = 50:54:00:00:0b:01;
        output("vb");

        """;

    private const string EchoReply = """
        # icmp,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=00:00:00:00:ff:01,nw_src=10.0.0.1,nw_dst=10.0.0.254,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,icmp_type=8,icmp_code=0
        ip4.dst = 10.0.0.1;
        ip4.src = 10.0.0.254;
        ip.ttl = 255;
        icmp4.type = 0;
        ip.ttl--;
        eth.src = 00:00:00:00:ff:01;
        eth.dst = 50:54:00:00:00:01;
        output("p1");

        """;

    private const string TimeExceeded = """
        # ip,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=00:00:00:00:ff:01,nw_src=10.0.0.1,nw_dst=10.0.1.11,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=1,nw_frag=no
        icmp4 {
            eth.dst = 50:54:00:00:00:01;
            eth.src = 00:00:00:00:ff:01;
            icmp4.type = 11;
            icmp4.code = 0;
            ip4.dst = 10.0.0.1;
            ip4.src = 10.0.0.254;
            ip.ttl = 254;
            output("p1");
        };

        """;

    private const string ArpForNextHop = """
        # ip,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=00:00:00:00:ff:01,nw_src=10.0.0.1,nw_dst=10.0.1.99,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no
        ip.ttl--;
        eth.src = 00:00:00:00:ff:02;
        eth.dst = 00:00:00:00:00:00;
        arp {
            eth.dst = ff:ff:ff:ff:ff:ff;
            arp.spa = 0xa0001fe;
            arp.tpa = 0xa000163;
            arp.op = 1;
            output("q1");
        };

        """;

    private static TraceOutcome Parse(string text) => MinimalTrace.Parse(text);

    [Fact]
    public void Packet_line_gives_the_headers_by_ovn_field_name()
    {
        var tcp = MinimalTrace.ParsePacketLine(
            "# tcp,reg14=0x2,vlan_tci=0x0000,dl_src=50:54:00:00:00:02,dl_dst=50:54:00:00:00:01,nw_src=10.0.0.2,nw_dst=10.0.0.1,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,tp_src=0,tp_dst=22,tcp_flags=0");
        Assert.Equal("22", tcp["tcp.dst"]);
        Assert.Equal("64", tcp["ip.ttl"]);
        Assert.Equal("50:54:00:00:00:02", tcp["eth.src"]);
        Assert.False(tcp.ContainsKey("reg14"));

        var arp = MinimalTrace.ParsePacketLine(ArpResponder);
        Assert.Equal<string>(["arp.op", "arp.sha", "arp.spa", "arp.tha", "arp.tpa", "eth.dst", "eth.src"], arp.Keys);
    }

    [Fact]
    public void Unicast_is_one_unchanged_delivery()
    {
        Assert.Equal("p2: (unchanged)", Parse(Unicast).Render());
    }

    [Fact]
    public void Nothing_after_the_packet_line_is_a_drop()
    {
        var o = Parse(Drop);
        Assert.True(o.Dropped);
        Assert.Equal("drop", o.Render());
        Assert.Empty(o.Unrecognized);
    }

    [Fact]
    public void Flood_order_is_not_behaviour()
    {
        Assert.Equal("p2: (unchanged)\np3: (unchanged)", Parse(Flood).Render());
    }

    [Fact]
    public void Arp_responder_reply_goes_back_to_the_inport()
    {
        Assert.Equal(
            "p1: arp.op=2, arp.sha=50:54:00:00:00:02, arp.spa=10.0.0.2, arp.tha=50:54:00:00:00:01, arp.tpa=10.0.0.1, " +
            "eth.dst=50:54:00:00:00:01, eth.src=50:54:00:00:00:02",
            Parse(ArpResponder).Render());
    }

    [Fact]
    public void Ttl_decrements_accumulate_and_later_rewrites_win()
    {
        Assert.Equal("vb: eth.dst=50:54:00:00:0b:01, eth.src=00:00:00:00:bb:01, ip.ttl=62", Parse(Routed).Render());
    }

    [Fact]
    public void Echo_reply_sets_then_decrements_ttl()
    {
        Assert.Equal(
            "p1: eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01, icmp4.type=0, ip.ttl=254, ip4.dst=10.0.0.1, ip4.src=10.0.0.254",
            Parse(EchoReply).Render());
    }

    [Fact]
    public void Nested_generated_packets_carry_their_origin()
    {
        Assert.Equal(
            "p1 [icmp4]: eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01, icmp4.code=0, icmp4.type=11, ip.ttl=254, ip4.dst=10.0.0.1, ip4.src=10.0.0.254",
            Parse(TimeExceeded).Render());
    }

    [Fact]
    public void Hex_ipv4_constants_are_read_as_addresses()
    {
        var o = Parse(ArpForNextHop);
        Assert.Empty(o.Unrecognized);
        var d = Assert.Single(o.Deliveries);
        Assert.Equal("arp", d.Origin);
        Assert.Equal("10.0.1.254", d.Changes["arp.spa"]);
        Assert.Equal("10.0.1.99", d.Changes["arp.tpa"]);
        Assert.Equal("ff:ff:ff:ff:ff:ff", d.Changes["eth.dst"]);
        Assert.Equal("63", d.Changes["ip.ttl"]);
    }

    [Fact]
    public void Registers_flags_and_comments_are_ignored_and_stateful_actions_are_flagged()
    {
        var o = MinimalTrace.Parse("""
            # ip,reg14=0x1,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no
            reg0[15] = 1;
            xreg0[0..47] = 00:00:00:00:ff:01;
            flags.loopback = 1;
            /* No MAC binding. */
            ct_next(ct_state=est|trk /* default (use --ct to customize) */) {
                output("p2");
            };
            """);
        Assert.Equal("p2: (unchanged)", o.Render());
        Assert.Equal<string>(["ct_next(ct_state=est|trk /* default (use --ct to customize) */) {"], o.Unrecognized);
    }

    [Theory]
    [InlineData("eth.src", "0x505400000001", "50:54:00:00:00:01")]
    [InlineData("eth.dst", "50:54:00:00:00:0A", "50:54:00:00:00:0a")]
    [InlineData("arp.spa", "0xa0001fe", "10.0.1.254")]
    [InlineData("ip4.dst", "10.0.0.1", "10.0.0.1")]
    [InlineData("ip.ttl", "0x40", "64")]
    [InlineData("arp.op", "2", "2")]
    public void Values_have_one_spelling(string field, string printed, string canonical)
    {
        Assert.Equal(canonical, MinimalTrace.Canonical(field, printed));
    }
}
