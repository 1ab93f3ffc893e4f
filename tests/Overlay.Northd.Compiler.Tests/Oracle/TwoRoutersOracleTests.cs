using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>(c) Two routers joined by peer ports with static routes: two hops, TTL decremented twice.</summary>
public sealed class TwoRoutersOracleTests(TwoRoutersOracleTests.Topology topology) : IClassFixture<TwoRoutersOracleTests.Topology>
{
    public sealed class Topology() : OracleTopology("two-routers.nbctl");

    private const string Va = "50:54:00:00:0a:01", Vb = "50:54:00:00:0b:01";
    private const string Ra = "00:00:00:00:aa:01", Rb = "00:00:00:00:bb:01";

    public static readonly ImmutableArray<OraclePacket> Packets =
    [
        new("va to vb across both routers", "swa", Flow.Ip4("va", Va, Ra, "10.1.0.10", "10.2.0.10"),
            "vb: eth.dst=50:54:00:00:0b:01, eth.src=00:00:00:00:bb:01, ip.ttl=62"),
        new("vb to va across both routers", "swb", Flow.Udp("vb", Vb, Rb, "10.2.0.10", "10.1.0.10", 53),
            "va: eth.dst=50:54:00:00:0a:01, eth.src=00:00:00:00:aa:01, ip.ttl=62"),
        new("ping to the far router's transit ip comes back", "swa", Flow.Ping("va", Va, Ra, "10.1.0.10", "192.168.0.2"),
            "va: eth.dst=50:54:00:00:0a:01, eth.src=00:00:00:00:aa:01, icmp4.type=0, ip.ttl=253, ip4.dst=10.1.0.10, ip4.src=192.168.0.2"),
        new("ping to the far router's lan ip comes back", "swa", Flow.Ping("va", Va, Ra, "10.1.0.10", "10.2.0.1"),
            "va: eth.dst=50:54:00:00:0a:01, eth.src=00:00:00:00:aa:01, icmp4.type=0, ip.ttl=253, ip4.dst=10.1.0.10, ip4.src=10.2.0.1"),
        new("ping to the near router's transit ip is answered", "swa", Flow.Ping("va", Va, Ra, "10.1.0.10", "192.168.0.1"),
            "va: eth.dst=50:54:00:00:0a:01, eth.src=00:00:00:00:aa:01, icmp4.type=0, ip.ttl=254, ip4.dst=10.1.0.10, ip4.src=192.168.0.1"),
        // Routed onto the transit link, no MAC binding for .3: OVN's ARP request (arp { }) reaches only lrb, which drops it.
        new("unknown host on the transit link is dropped", "swa", Flow.Ip4("va", Va, Ra, "10.1.0.10", "192.168.0.3"),
            "drop"),
        new("no route is a drop", "swa", Flow.Ip4("va", Va, Ra, "10.1.0.10", "10.3.0.10"),
            "drop"),
        // TTL 2 expires at the second router; OVN's ovn-controller answers with ICMP time exceeded, Overlay drops.
        new("ttl 2 expires at the second router", "swa", Flow.Ip4("va", Va, Ra, "10.1.0.10", "10.2.0.10", ttl: 2),
            "va [icmp4]: eth.dst=50:54:00:00:0a:01, eth.src=00:00:00:00:aa:01, icmp4.code=0, icmp4.type=11, ip.ttl=253, ip4.dst=10.1.0.10, ip4.src=192.168.0.2")
        { ExcludeControllerPackets = true },
        new("ttl 3 arrives with ttl 1", "swa", Flow.Ip4("va", Va, Ra, "10.1.0.10", "10.2.0.10", ttl: 3),
            "vb: eth.dst=50:54:00:00:0b:01, eth.src=00:00:00:00:bb:01, ip.ttl=1"),
    ];

    public static TheoryData<string> Names => OraclePacket.Names(Packets);

    [Theory, MemberData(nameof(Names))]
    public void Real_ovn_verdict(string name) => topology.AssertOvnVerdict(Packets.Single(p => p.Name == name));

    [Theory, MemberData(nameof(Names))]
    public void Overlay_agrees_with_real_ovn(string name) => topology.AssertAgrees(Packets.Single(p => p.Name == name));

    [Fact]
    public void Overlay_compiles_the_script_cleanly() => topology.AssertOursCompilesCleanly();
}
