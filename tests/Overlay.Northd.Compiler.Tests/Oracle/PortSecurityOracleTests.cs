using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>
/// (e) Port security on p1 ("MAC IP"): spoofed sources dropped on ingress, foreign IPs dropped on egress; and a
/// disabled port p9.
/// </summary>
public sealed class PortSecurityOracleTests(PortSecurityOracleTests.Topology topology) : IClassFixture<PortSecurityOracleTests.Topology>
{
    public sealed class Topology() : OracleTopology("port-security.nbctl");

    private const string P1 = "50:54:00:00:00:01", P2 = "50:54:00:00:00:02", P3 = "50:54:00:00:00:03";

    public static readonly ImmutableArray<OraclePacket> Packets =
    [
        new("correct source delivered", "sw0", Flow.Ip4("p1", P1, P2, "10.0.0.1", "10.0.0.2"),
            "p2: (unchanged)"),
        new("spoofed source ip dropped", "sw0", Flow.Ip4("p1", P1, P2, "10.0.0.66", "10.0.0.2"),
            "drop"),
        new("spoofed source mac dropped", "sw0", Flow.Ip4("p1", "50:54:00:00:00:66", P2, "10.0.0.1", "10.0.0.2"),
            "drop"),
        new("arp with spoofed sender ip dropped", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.66", "10.0.0.2"),
            "drop"),
        new("arp with spoofed sender mac dropped", "sw0", Flow.ArpRequest("p1", "50:54:00:00:00:66", "10.0.0.1", "10.0.0.2", ethSrc: P1),
            "drop"),
        new("correct arp answered", "sw0", Flow.ArpRequest("p1", P1, "10.0.0.1", "10.0.0.2"),
            "p1: arp.op=2, arp.sha=50:54:00:00:00:02, arp.spa=10.0.0.2, arp.tha=50:54:00:00:00:01, arp.tpa=10.0.0.1, " +
            "eth.dst=50:54:00:00:00:01, eth.src=50:54:00:00:00:02"),
        new("to p1 for its own ip delivered", "sw0", Flow.Ip4("p2", P2, P1, "10.0.0.2", "10.0.0.1"),
            "p1: (unchanged)"),
        new("to p1 for another ip dropped on egress", "sw0", Flow.Ip4("p2", P2, P1, "10.0.0.2", "10.0.0.77"),
            "drop"),
        // Egress port security does not apply to multicast/broadcast destinations (eth.mcast) in OVN.
        new("broadcast reaches p1 whatever the ip", "sw0", Flow.Ip4("p3", P3, Flow.Broadcast, "10.0.0.3", "255.255.255.255"),
            "p1: (unchanged)\np2: (unchanged)"),
        new("arp for the secured port's ip answered", "sw0", Flow.ArpRequest("p2", P2, "10.0.0.2", "10.0.0.1"),
            "p2: arp.op=2, arp.sha=50:54:00:00:00:01, arp.spa=10.0.0.1, arp.tha=50:54:00:00:00:02, arp.tpa=10.0.0.2, " +
            "eth.dst=50:54:00:00:00:02, eth.src=50:54:00:00:00:01"),
        new("unsecured port may spoof", "sw0", Flow.Ip4("p2", "50:54:00:00:00:77", P3, "10.0.0.77", "10.0.0.3"),
            "p3: (unchanged)"),
        // OVN's port security lets a secured port send DHCP discovers (0.0.0.0 → 255.255.255.255, udp 68 → 67).
        new("dhcp discover from the secured port floods", "sw0",
            Flow.Ip4("p1", P1, Flow.Broadcast, "0.0.0.0", "255.255.255.255", 64, "udp && udp.src == 68 && udp.dst == 67"),
            "p2: (unchanged)\np3: (unchanged)"),
        new("other traffic from 0.0.0.0 dropped", "sw0",
            Flow.Ip4("p1", P1, Flow.Broadcast, "0.0.0.0", "255.255.255.255", 64, "udp && udp.src == 68 && udp.dst == 69"),
            "drop"),
        new("disabled port sends nothing", "sw0", Flow.Ip4("p9", "50:54:00:00:00:09", P2, "10.0.0.9", "10.0.0.2"),
            "drop"),
        new("disabled port receives nothing", "sw0", Flow.Ip4("p2", P2, "50:54:00:00:00:09", "10.0.0.2", "10.0.0.9"),
            "drop"),
        // OVN 23.03 keeps the ARP responder of a disabled port (only "down" ports lose it, and only with
        // NB_Global options:ignore_lsp_down=false): the switch still answers for 10.0.0.9.
        new("arp for the disabled port's ip is still answered", "sw0", Flow.ArpRequest("p2", P2, "10.0.0.2", "10.0.0.9"),
            "p2: arp.op=2, arp.sha=50:54:00:00:00:09, arp.spa=10.0.0.9, arp.tha=50:54:00:00:00:02, arp.tpa=10.0.0.2, " +
            "eth.dst=50:54:00:00:00:02, eth.src=50:54:00:00:00:09"),
    ];

    public static TheoryData<string> Names => OraclePacket.Names(Packets);

    [Theory, MemberData(nameof(Names))]
    public void Real_ovn_verdict(string name) => topology.AssertOvnVerdict(Packets.Single(p => p.Name == name));

    [Theory, MemberData(nameof(Names))]
    public void Overlay_agrees_with_real_ovn(string name) => topology.AssertAgrees(Packets.Single(p => p.Name == name));

    [Fact]
    public void Overlay_compiles_the_script_cleanly() => topology.AssertOursCompilesCleanly();
}
