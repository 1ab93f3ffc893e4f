using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>(b) Two switches and a router: routing, the router's own IPs, ARP for the router, TTL expiry.</summary>
public sealed class RouterOracleTests(RouterOracleTests.Topology topology) : IClassFixture<RouterOracleTests.Topology>
{
    public sealed class Topology() : OracleTopology("router.nbctl");

    private const string P1 = "50:54:00:00:00:01", P2 = "50:54:00:00:00:02", Q1 = "50:54:00:00:01:01";
    private const string R0 = "00:00:00:00:ff:01", R1 = "00:00:00:00:ff:02";

    public static readonly ImmutableArray<OraclePacket> Packets =
    [
        new("routed p1 to q1", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "10.0.1.11"),
            "q1: eth.dst=50:54:00:00:01:01, eth.src=00:00:00:00:ff:02, ip.ttl=63"),
        new("routed q1 to p2", "sw1", Flow.Tcp("q1", Q1, R1, "10.0.1.11", "10.0.0.2", 443),
            "p2: eth.dst=50:54:00:00:00:02, eth.src=00:00:00:00:ff:01, ip.ttl=63"),
        // The router answers pings to any of its IPs: addresses swapped, TTL reset to 255 then decremented on the way out.
        new("ping to the router's near ip is answered", "sw0", Flow.Ping("p1", P1, R0, "10.0.0.1", "10.0.0.254"),
            "p1: eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01, icmp4.type=0, ip.ttl=254, ip4.dst=10.0.0.1, ip4.src=10.0.0.254"),
        new("ping to the router's far ip is answered", "sw0", Flow.Ping("p1", P1, R0, "10.0.0.1", "10.0.1.254"),
            "p1: eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01, icmp4.type=0, ip.ttl=254, ip4.dst=10.0.0.1, ip4.src=10.0.1.254"),
        new("arp for the router ip answered by the switch", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.1", "10.0.0.254"),
            "p1: arp.op=2, arp.sha=00:00:00:00:ff:01, arp.spa=10.0.0.254, arp.tha=50:54:00:00:00:01, arp.tpa=10.0.0.1, " +
            "eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01"),
        new("arp for the router's far ip is not answered", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.1", "10.0.1.254"),
            "p2: (unchanged)"),
        new("packet to the router mac for an unrouted destination is dropped", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "172.16.0.1"),
            "drop"),
        new("packet to a foreign mac is not routed", "sw0", Flow.Ip4("p1", P1, "00:00:00:00:ff:99", "10.0.0.1", "10.0.1.11"),
            "drop"),
        // TTL 1 cannot be forwarded. OVN has ovn-controller answer with ICMP time exceeded (an icmp4 { } block);
        // Overlay drops (no controller). Compared: the packet reaches nobody.
        new("ttl 1 is not forwarded", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "10.0.1.11", ttl: 1),
            "p1 [icmp4]: eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01, icmp4.code=0, icmp4.type=11, ip.ttl=254, ip4.dst=10.0.0.1, ip4.src=10.0.0.254")
        { ExcludeControllerPackets = true },
        new("ttl 2 is forwarded with ttl 1", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "10.0.1.11", ttl: 2),
            "q1: eth.dst=50:54:00:00:01:01, eth.src=00:00:00:00:ff:02, ip.ttl=1"),
        // Same-subnet destination sent to the router MAC: routed back out of the same router port.
        new("hairpin through the router to p2", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "10.0.0.2"),
            "p2: eth.dst=50:54:00:00:00:02, eth.src=00:00:00:00:ff:01, ip.ttl=63"),
        // Pings to the router are answered before the TTL check: even TTL 1 gets an echo reply.
        new("ping to the router with ttl 1 is answered", "sw0", Flow.Ping("p1", P1, R0, "10.0.0.1", "10.0.0.254", ttl: 1),
            "p1: eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01, icmp4.type=0, ip.ttl=254, ip4.dst=10.0.0.1, ip4.src=10.0.0.254"),
        new("router ip as source is dropped", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.254", "10.0.1.11"),
            "drop"),
        new("loopback destination is dropped", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "127.0.0.1"),
            "drop"),
        // Other traffic for the router's own IP is not forwarded; OVN's ovn-controller answers it with ICMP
        // protocol unreachable (type 3 code 2), Overlay drops.
        new("non-echo icmp to the router is not forwarded", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "10.0.0.254", 64, "icmp4.type == 13 && icmp4.code == 0"),
            "p1 [icmp4]: eth.dst=50:54:00:00:00:01, eth.src=00:00:00:00:ff:01, icmp4.code=2, icmp4.type=3, ip.ttl=254, ip4.dst=10.0.0.1, ip4.src=10.0.0.254")
        { ExcludeControllerPackets = true },
        // No MAC binding for an unknown host in a connected subnet: OVN's ovn-controller sends an ARP request
        // (arp { }) out of the switch instead; the packet itself is held/dropped.
        new("unknown host in a connected subnet is not forwarded", "sw0", Flow.Ip4("p1", P1, R0, "10.0.0.1", "10.0.1.99"),
            "q1 [arp]: arp.op=1, arp.spa=10.0.1.254, arp.tpa=10.0.1.99, eth.dst=ff:ff:ff:ff:ff:ff, eth.src=00:00:00:00:ff:02, ip.ttl=63")
        { ExcludeControllerPackets = true },
        new("broadcast is not routed", "sw0", Flow.Ip4("p1", P1, Flow.Broadcast, "10.0.0.1", "255.255.255.255"),
            "p2: (unchanged)"),
    ];

    public static TheoryData<string> Names => OraclePacket.Names(Packets);

    [Theory, MemberData(nameof(Names))]
    public void Real_ovn_verdict(string name) => topology.AssertOvnVerdict(Packets.Single(p => p.Name == name));

    [Theory, MemberData(nameof(Names))]
    public void Overlay_agrees_with_real_ovn(string name) => topology.AssertAgrees(Packets.Single(p => p.Name == name));

    [Fact]
    public void Overlay_compiles_the_script_cleanly() => topology.AssertOursCompilesCleanly();
}
