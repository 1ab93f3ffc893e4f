using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>
/// One packet of an oracle test: where it enters (<paramref name="Datapath"/>, the microflow's <c>inport</c>), the
/// microflow exactly as typed to <c>ovn-trace</c>, and what real OVN does with it as a <see cref="TraceOutcome.Render"/>
/// string — pinned, so a change of OVN's behaviour (or of our reading of it) shows up apart from any disagreement.
/// </summary>
public sealed record OraclePacket(string Name, string Datapath, string Microflow, string OvnVerdict)
{
    /// <summary>
    /// A documented difference, not a disagreement: OVN answers some packets with packets ovn-controller builds
    /// in nested blocks — ICMP time exceeded for an expiring TTL and ICMP protocol unreachable for non-echo traffic
    /// to a router IP (<c>icmp4 { }</c>), ARP requests for unresolved next hops (<c>arp { }</c>). Overlay has no
    /// controller and drops instead (DESIGN §3; Compile/Generators/RouterFlows.cs, "TTL expiry"). When set,
    /// OVN's controller-built deliveries are left out of the comparison; everything else — above all that the
    /// packet itself is not forwarded anywhere — must still agree.
    /// </summary>
    public bool ExcludeControllerPackets { get; init; }

    public override string ToString() => Name;

    public static TheoryData<string> Names(ImmutableArray<OraclePacket> packets)
    {
        var data = new TheoryData<string>();
        foreach (var p in packets) data.Add(p.Name);
        return data;
    }
}

/// <summary>
/// Microflows as a person writes them for ovn-trace: unambiguous (inport, both MACs, IPs and TTL for IPv4), so
/// the packet on the <c># </c> line is fully determined.
/// </summary>
public static class Flow
{
    public static string Ip4(string inport, string ethSrc, string ethDst, string ipSrc, string ipDst, int ttl = 64, string? l4 = null) =>
        $"inport == \"{inport}\" && eth.src == {ethSrc} && eth.dst == {ethDst} && ip4.src == {ipSrc} && ip4.dst == {ipDst} && ip.ttl == {ttl}"
        + (l4 is null ? "" : " && " + l4);

    public static string Ping(string inport, string ethSrc, string ethDst, string ipSrc, string ipDst, int ttl = 64) =>
        Ip4(inport, ethSrc, ethDst, ipSrc, ipDst, ttl, "icmp4.type == 8 && icmp4.code == 0");

    public static string Tcp(string inport, string ethSrc, string ethDst, string ipSrc, string ipDst, int dst) =>
        Ip4(inport, ethSrc, ethDst, ipSrc, ipDst, 64, $"tcp && tcp.src == 40000 && tcp.dst == {dst}");

    public static string Udp(string inport, string ethSrc, string ethDst, string ipSrc, string ipDst, int dst) =>
        Ip4(inport, ethSrc, ethDst, ipSrc, ipDst, 64, $"udp && udp.src == 40000 && udp.dst == {dst}");

    /// <summary>A broadcast ARP request; <paramref name="sha"/> is also the Ethernet source.</summary>
    public static string ArpRequest(string inport, string sha, string spa, string tpa, string? ethSrc = null) =>
        $"inport == \"{inport}\" && eth.src == {ethSrc ?? sha} && eth.dst == ff:ff:ff:ff:ff:ff && arp.op == 1 && " +
        $"arp.sha == {sha} && arp.spa == {spa} && arp.tha == 00:00:00:00:00:00 && arp.tpa == {tpa}";

    public const string Broadcast = "ff:ff:ff:ff:ff:ff";
}
