using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>(a') The single switch plus p4 with <c>unknown</c>: unknown unicast goes to p4 only.</summary>
public sealed class UnknownPortOracleTests(UnknownPortOracleTests.Topology topology) : IClassFixture<UnknownPortOracleTests.Topology>
{
    public sealed class Topology() : OracleTopology("single-switch-unknown.nbctl");

    private const string P1 = "50:54:00:00:00:01", P2 = "50:54:00:00:00:02";

    public static readonly ImmutableArray<OraclePacket> Packets =
    [
        new("unknown destination mac goes to the unknown port", "sw0", Flow.Ip4("p1", P1, "50:54:00:00:00:99", "10.0.0.1", "10.0.0.9"),
            "p4: (unchanged)"),
        new("unknown destination from the unknown port itself is dropped", "sw0", Flow.Ip4("p4", "50:54:00:00:00:04", "50:54:00:00:00:99", "10.0.0.4", "10.0.0.9"),
            "drop"),
        new("known destination is not copied to the unknown port", "sw0", Flow.Ip4("p1", P1, P2, "10.0.0.1", "10.0.0.2"),
            "p2: (unchanged)"),
        new("broadcast floods to every other port", "sw0", Flow.Ip4("p1", P1, Flow.Broadcast, "10.0.0.1", "255.255.255.255"),
            "p2: (unchanged)\np3: (unchanged)\np4: (unchanged)"),
        // OVN installs no ARP responder for a port with "unknown" (it may own more addresses): the request floods.
        new("arp request for the unknown port's ip floods", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.1", "10.0.0.4"),
            "p2: (unchanged)\np3: (unchanged)\np4: (unchanged)"),
        new("arp request for a plain port's ip is still answered", "sw0", Flow.ArpRequest("p4", "50:54:00:00:00:04", "10.0.0.4", "10.0.0.2"),
            "p4: arp.op=2, arp.sha=50:54:00:00:00:02, arp.spa=10.0.0.2, arp.tha=50:54:00:00:00:04, arp.tpa=10.0.0.4, " +
            "eth.dst=50:54:00:00:00:04, eth.src=50:54:00:00:00:02"),
    ];

    public static TheoryData<string> Names => OraclePacket.Names(Packets);

    [Theory, MemberData(nameof(Names))]
    public void Real_ovn_verdict(string name) => topology.AssertOvnVerdict(Packets.Single(p => p.Name == name));

    [Theory, MemberData(nameof(Names))]
    public void Overlay_agrees_with_real_ovn(string name) => topology.AssertAgrees(Packets.Single(p => p.Name == name));

    [Fact]
    public void Overlay_compiles_the_script_cleanly() => topology.AssertOursCompilesCleanly();
}
