using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>(d) Stateless ACLs on a port group with an address set: allowed and dropped packets.</summary>
public sealed class AclOracleTests(AclOracleTests.Topology topology) : IClassFixture<AclOracleTests.Topology>
{
    public sealed class Topology() : OracleTopology("acl.nbctl");

    private const string P1 = "50:54:00:00:00:01", P2 = "50:54:00:00:00:02", P3 = "50:54:00:00:00:03", P4 = "50:54:00:00:00:04";

    public static readonly ImmutableArray<OraclePacket> Packets =
    [
        // from-lport 1002 'ip4.src == $as_blocked' drop: the match has no inport, so it holds for every port of sw0.
        new("blocked source dropped even from a port outside the group", "sw0", Flow.Tcp("p3", P3, P1, "10.0.0.3", "10.0.0.1", 80),
            "drop"),
        new("blocked source dropped towards a port outside the group", "sw0", Flow.Udp("p3", P3, P4, "10.0.0.3", "10.0.0.4", 53),
            "drop"),
        new("ssh into the group dropped", "sw0", Flow.Tcp("p2", P2, P1, "10.0.0.2", "10.0.0.1", 22),
            "drop"),
        new("ssh into the group from the allowed host passes", "sw0", Flow.Tcp("p4", P4, P1, "10.0.0.4", "10.0.0.1", 22),
            "p1: (unchanged)"),
        new("http into the group passes", "sw0", Flow.Tcp("p2", P2, P1, "10.0.0.2", "10.0.0.1", 80),
            "p1: (unchanged)"),
        new("ssh out of the group to a port outside it passes", "sw0", Flow.Tcp("p1", P1, P3, "10.0.0.1", "10.0.0.3", 22),
            "p3: (unchanged)"),
        new("icmp between group members passes", "sw0", Flow.Ping("p2", P2, P1, "10.0.0.2", "10.0.0.1"),
            "p1: (unchanged)"),
        // A flood is filtered per output port: the to-lport ssh drop removes only the group members' copies.
        new("broadcast ssh reaches only ports outside the group", "sw0", Flow.Tcp("p2", P2, Flow.Broadcast, "10.0.0.2", "10.0.0.255", 22),
            "p3: (unchanged)\np4: (unchanged)"),
        new("dns out of a group member dropped", "sw0", Flow.Udp("p1", P1, P4, "10.0.0.1", "10.0.0.4", 53),
            "drop"),
        new("dns from a port outside the group passes", "sw0", Flow.Udp("p4", P4, P1, "10.0.0.4", "10.0.0.1", 53),
            "p1: (unchanged)"),
        // ACLs that match ip4 leave ARP alone: the blocked host still gets its ARP answered.
        new("arp from the blocked host is answered", "sw0", Flow.ArpRequest("p3", P3, "10.0.0.3", "10.0.0.1"),
            "p3: arp.op=2, arp.sha=50:54:00:00:00:01, arp.spa=10.0.0.1, arp.tha=50:54:00:00:00:03, arp.tpa=10.0.0.3, " +
            "eth.dst=50:54:00:00:00:03, eth.src=50:54:00:00:00:01"),
    ];

    public static TheoryData<string> Names => OraclePacket.Names(Packets);

    [Theory, MemberData(nameof(Names))]
    public void Real_ovn_verdict(string name) => topology.AssertOvnVerdict(Packets.Single(p => p.Name == name));

    [Theory, MemberData(nameof(Names))]
    public void Overlay_agrees_with_real_ovn(string name) => topology.AssertAgrees(Packets.Single(p => p.Name == name));

    [Fact]
    public void Overlay_compiles_the_script_cleanly() => topology.AssertOursCompilesCleanly();
}
