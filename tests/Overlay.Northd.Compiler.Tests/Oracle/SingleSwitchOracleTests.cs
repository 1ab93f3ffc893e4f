using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>(a) One switch, three VIFs: L2 unicast, the ARP responder, unknown destinations, broadcast.</summary>
public sealed class SingleSwitchOracleTests(SingleSwitchOracleTests.Topology topology) : IClassFixture<SingleSwitchOracleTests.Topology>
{
    public sealed class Topology() : OracleTopology("single-switch.nbctl");

    private const string P1 = "50:54:00:00:00:01", P2 = "50:54:00:00:00:02";

    public static readonly ImmutableArray<OraclePacket> Packets =
    [
        new("unicast p1 to p2", "sw0", Flow.Ip4("p1", P1, P2, "10.0.0.1", "10.0.0.2"),
            "p2: (unchanged)"),
        new("unicast p2 to p1 tcp", "sw0", Flow.Tcp("p2", P2, P1, "10.0.0.2", "10.0.0.1", 80),
            "p1: (unchanged)"),
        // The switch answers for a known IP itself: the reply hairpins out of the port that asked.
        new("arp request for p2 answered by the switch", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.1", "10.0.0.2"),
            "p1: arp.op=2, arp.sha=50:54:00:00:00:02, arp.spa=10.0.0.2, arp.tha=50:54:00:00:00:01, arp.tpa=10.0.0.1, " +
            "eth.dst=50:54:00:00:00:01, eth.src=50:54:00:00:00:02"),
        // No responder for an unknown IP, nor for the asker's own IP (gratuitous ARP): the request floods.
        new("arp request for unknown ip floods", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.1", "10.0.0.9"),
            "p2: (unchanged)\np3: (unchanged)"),
        new("gratuitous arp floods", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.1", "10.0.0.1"),
            "p2: (unchanged)\np3: (unchanged)"),
        new("unknown destination mac dropped", "sw0", Flow.Ip4("p1", P1, "50:54:00:00:00:99", "10.0.0.1", "10.0.0.9"),
            "drop"),
        new("broadcast floods to all but the inport", "sw0", Flow.Ip4("p1", P1, Flow.Broadcast, "10.0.0.1", "255.255.255.255"),
            "p2: (unchanged)\np3: (unchanged)"),
        new("multicast floods", "sw0", Flow.Udp("p3", "50:54:00:00:00:03", "01:00:5e:01:02:03", "10.0.0.3", "239.1.2.3", 5000),
            "p1: (unchanged)\np2: (unchanged)"),
        new("multicast source mac dropped", "sw0", Flow.Ip4("p1", "01:00:00:00:00:01", P2, "10.0.0.1", "10.0.0.2"),
            "drop"),
        new("arp reply is plain unicast", "sw0",
            "inport == \"p2\" && eth.src == 50:54:00:00:00:02 && eth.dst == 50:54:00:00:00:01 && arp.op == 2 && " +
            "arp.sha == 50:54:00:00:00:02 && arp.spa == 10.0.0.2 && arp.tha == 50:54:00:00:00:01 && arp.tpa == 10.0.0.1",
            "p1: (unchanged)"),
    ];

    public static TheoryData<string> Names => OraclePacket.Names(Packets);

    [Theory, MemberData(nameof(Names))]
    public void Real_ovn_verdict(string name) => topology.AssertOvnVerdict(Packets.Single(p => p.Name == name));

    [Theory, MemberData(nameof(Names))]
    public void Overlay_agrees_with_real_ovn(string name) => topology.AssertAgrees(Packets.Single(p => p.Name == name));

    [Fact]
    public void Overlay_compiles_the_script_cleanly() => topology.AssertOursCompilesCleanly();
}
