using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>(f) Two tenants with identical addressing: traffic never leaves its tenant.</summary>
public sealed class TenantsOracleTests(TenantsOracleTests.Topology topology) : IClassFixture<TenantsOracleTests.Topology>
{
    public sealed class Topology() : OracleTopology("tenants.nbctl");

    private const string A1 = "50:54:00:0a:00:01", B1 = "50:54:00:0b:00:01", B2 = "50:54:00:0b:00:02";
    private const string RA = "00:00:00:0a:ff:01", RB = "00:00:00:0b:ff:01";

    public static readonly ImmutableArray<OraclePacket> Packets =
    [
        new("tenant a routes to its own 10.0.1.10", "a-sw1", Flow.Ip4("a-vm1", A1, RA, "10.0.0.10", "10.0.1.10"),
            "a-vm2: eth.dst=50:54:00:0a:00:02, eth.src=00:00:00:0a:ff:02, ip.ttl=63"),
        new("tenant b routes to its own 10.0.1.10", "b-sw1", Flow.Ip4("b-vm1", B1, RB, "10.0.0.10", "10.0.1.10"),
            "b-vm2: eth.dst=50:54:00:0b:00:02, eth.src=00:00:00:0b:ff:02, ip.ttl=63"),
        new("tenant a's arp for its gateway answered with a's router mac", "a-sw1", Flow.ArpRequest("a-vm1", A1, "10.0.0.10", "10.0.0.1"),
            "a-vm1: arp.op=2, arp.sha=00:00:00:0a:ff:01, arp.spa=10.0.0.1, arp.tha=50:54:00:0a:00:01, arp.tpa=10.0.0.10, " +
            "eth.dst=50:54:00:0a:00:01, eth.src=00:00:00:0a:ff:01"),
        new("tenant a addressing b's router mac is dropped", "a-sw1", Flow.Ip4("a-vm1", A1, RB, "10.0.0.10", "10.0.1.10"),
            "drop"),
        new("tenant a addressing b's vm mac is dropped", "a-sw1", Flow.Ip4("a-vm1", A1, B2, "10.0.0.10", "10.0.1.10"),
            "drop"),
        new("tenant a's broadcast stays in a", "a-sw1", Flow.Ip4("a-vm1", A1, Flow.Broadcast, "10.0.0.10", "255.255.255.255"),
            "drop"),
        new("ping to tenant a's far gateway ip is answered by a", "a-sw1", Flow.Ping("a-vm1", A1, RA, "10.0.0.10", "10.0.1.1"),
            "a-vm1: eth.dst=50:54:00:0a:00:01, eth.src=00:00:00:0a:ff:01, icmp4.type=0, ip.ttl=254, ip4.dst=10.0.0.10, ip4.src=10.0.1.1"),
        // Both routers own 10.0.0.1: tenant a's router answers with its own MAC.
        new("ping to the shared gateway ip is answered by a's router", "a-sw1", Flow.Ping("a-vm1", A1, RA, "10.0.0.10", "10.0.0.1"),
            "a-vm1: eth.dst=50:54:00:0a:00:01, eth.src=00:00:00:0a:ff:01, icmp4.type=0, ip.ttl=254, ip4.dst=10.0.0.10, ip4.src=10.0.0.1"),
        new("tenant b's reverse path stays in b", "b-sw2", Flow.Udp("b-vm2", B2, "00:00:00:0b:ff:02", "10.0.1.10", "10.0.0.10", 53),
            "b-vm1: eth.dst=50:54:00:0b:00:01, eth.src=00:00:00:0b:ff:01, ip.ttl=63"),
    ];

    public static TheoryData<string> Names => OraclePacket.Names(Packets);

    [Theory, MemberData(nameof(Names))]
    public void Real_ovn_verdict(string name) => topology.AssertOvnVerdict(Packets.Single(p => p.Name == name));

    [Theory, MemberData(nameof(Names))]
    public void Overlay_agrees_with_real_ovn(string name) => topology.AssertAgrees(Packets.Single(p => p.Name == name));

    [Fact]
    public void Overlay_compiles_the_script_cleanly() => topology.AssertOursCompilesCleanly();
}
