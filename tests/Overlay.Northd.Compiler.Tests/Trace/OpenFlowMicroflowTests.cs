using Overlay.Northd.Compiler.Trace;

namespace Overlay.Northd.Compiler.Tests.Trace;

/// <summary>
/// The first line of a trace. Every expected string was printed by real ovn-trace 23.03.1 for the same microflow
/// on a switch where p1 has tunnel key 1 and p2 key 2.
/// </summary>
public class OpenFlowMicroflowTests
{
    [Theory]
    [InlineData("inport == \"p1\" && eth.src == 00:00:00:00:00:01 && eth.dst == 00:00:00:00:00:02",
        "reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,dl_type=0x0000")]
    [InlineData("inport == \"p1\" && tcp.dst == 80 && eth.type == 0x800",
        "tcp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=0.0.0.0,nw_dst=0.0.0.0,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=no,tp_src=0,tp_dst=80,tcp_flags=0")]
    [InlineData("inport == \"p1\" && icmp4",
        "icmp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=0.0.0.0,nw_dst=0.0.0.0,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=no,icmp_type=0,icmp_code=0")]
    [InlineData("inport == \"p1\" && arp.op == 1",
        "arp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,arp_spa=0.0.0.0,arp_tpa=0.0.0.0,arp_op=1,arp_sha=00:00:00:00:00:00,arp_tha=00:00:00:00:00:00")]
    [InlineData("inport == \"p1\" && ip6 && tcp.dst == 80 && ip6.src == fe80::1 && ip.ttl == 5",
        "tcp6,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,ipv6_src=fe80::1,ipv6_dst=::,ipv6_label=0x00000,nw_tos=0,nw_ecn=0,nw_ttl=5,nw_frag=no,tp_src=0,tp_dst=80,tcp_flags=0")]
    [InlineData("inport == \"p1\" && nd_ns && nd.target == fe80::2 && nd.sll == 00:00:00:00:00:01",
        "icmp6,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,ipv6_src=::,ipv6_dst=::,ipv6_label=0x00000,nw_tos=0,nw_ecn=0,nw_ttl=255,nw_frag=no,icmp_type=135,icmp_code=0,nd_target=fe80::2,nd_sll=00:00:00:00:00:01,nd_tll=00:00:00:00:00:00")]
    [InlineData("inport == \"p1\" && vlan.vid == 5 && vlan.pcp == 3 && eth.type == 0x88cc",
        "reg14=0x1,dl_vlan=5,dl_vlan_pcp=3,vlan_tci1=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,dl_type=0x88cc")]
    [InlineData("inport == \"p1\" && reg0 == 5 && flags.loopback == 1 && outport == \"p2\" && ip4 && ip.proto == 2",
        "ip,reg0=0x5,reg10=0x1,reg14=0x1,reg15=0x2,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=0.0.0.0,nw_dst=0.0.0.0,nw_proto=2,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=no,tp_src=0,tp_dst=0")]
    [InlineData("inport == \"p1\" && ip4 && tcp && tcp.flags == 0x12 && pkt.mark == 7 && ct.est && ct.trk",
        "pkt_mark=0x7,ct_state=est|trk,tcp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=0.0.0.0,nw_dst=0.0.0.0,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=no,tp_src=0,tp_dst=0,tcp_flags=syn|ack")]
    [InlineData("inport == \"p1\" && ip4 && ip.proto == 17 && ip.frag == 3",
        "udp,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=0.0.0.0,nw_dst=0.0.0.0,nw_tos=0,nw_ecn=0,nw_ttl=0,nw_frag=later")]
    [InlineData("inport == \"p1\" && xxreg0 == 0x1234 && reg9 == 1 && reg8 == 2 && reg4 == 3",
        "reg3=0x1234,reg4=0x3,reg8=0x2,reg9=0x1,reg14=0x1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,dl_type=0x0000")]
    public void First_line_matches_ovn_trace(string microflow, string expected)
    {
        var r = LogicalTracer.Trace(Networks.OneSwitch().Build(), "sw0", microflow);
        Assert.True(r.Ok, r.Error);
        Assert.Equal(expected, r.Flow);
        Assert.StartsWith("# " + expected + "\n", TraceRenderer.Render(r, TraceFormat.Minimal));
    }
}
