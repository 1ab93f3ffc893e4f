using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Logical.Tests.Evaluation;

/// <summary>
/// Every packet of a small space (OVN's test-ovn exhaustive in spirit): an expression must evaluate exactly like
/// its meaning written out by hand, over raw storage values or as an equivalent expression with the
/// prerequisites spelled out.
/// </summary>
public class ExhaustiveEquivalenceTests
{
    private static readonly EvaluationContext Context = new(ports: ["p1", "p2"]);

    private static IEnumerable<PacketState> Space()
    {
        var empty = PacketState.Empty(SymbolTable.Default);
        foreach (uint ethType in new[] { 0u, 0x800u, 0x86ddu, 0x806u })
        foreach (uint proto in new[] { 0u, 1u, 6u, 17u })
        foreach (uint tcpDst in new[] { 22u, 80u, 443u })
        foreach (uint udpDst in new[] { 53u, 80u })
        foreach (uint src in new[] { 0x0a000001u, 0x0a000101u })
        foreach (string inport in new[] { "p1", "p2", "" })
        foreach (uint loopback in new[] { 0u, 1u })
            yield return empty.Set("eth.type", ethType).Set("ip.proto", proto).Set("tcp.dst", tcpDst).Set("udp.dst", udpDst)
                .Set("ip4.src", src).Set("flags.loopback", loopback).WithInport(inport);
    }

    public sealed record Raw(int EthType, int Proto, int TcpDst, int UdpDst, uint Src, string Inport, bool Loopback)
    {
        public bool Ip4 => EthType == 0x800;
        public bool Ip => EthType is 0x800 or 0x86dd;
        public bool Tcp => Ip && Proto == 6;
        public bool Udp => Ip && Proto == 17;

        public static Raw Of(PacketState p) => new((int)p.GetStorage("eth.type"), (int)p.GetStorage("ip.proto"),
            (int)p.GetStorage("tcp.dst"), (int)p.GetStorage("udp.dst"), (uint)p.GetStorage("ip4.src"), p.Inport, p.GetStorage("flags") != 0);
    }

    public static TheoryData<string, Func<Raw, bool>> ByHand => new()
    {
        { "ip4", r => r.Ip4 },
        { "ip", r => r.Ip },
        { "tcp", r => r.Tcp },
        { "!tcp", r => !r.Tcp },
        { "!(tcp.dst == 80)", r => r.Tcp && r.TcpDst != 80 },
        { "tcp.dst != {22, 80}", r => r.Tcp && r.TcpDst != 22 && r.TcpDst != 80 },
        { "tcp.dst == {22, 80} || udp.dst == 53", r => (r.Tcp && r.TcpDst is 22 or 80) || (r.Udp && r.UdpDst == 53) },
        { "!(ip4.src == 10.0.0.0/24 && tcp)", r => (r.Ip4 && (r.Src >> 8) != 0x0a0000) || !r.Tcp },
        { "ip4 && !(ip4.src == 10.0.1.1)", r => r.Ip4 && r.Src != 0x0a000101 },
        { "udp.dst >= 53 && udp.dst < 80", r => r.Udp && r.UdpDst is >= 53 and < 80 },
        { "!(udp.dst >= 54)", r => r.Udp && r.UdpDst < 54 },
        { "arp || !ip", r => r.EthType == 0x806 || !r.Ip },
        { "inport == \"p1\" || flags.loopback", r => r.Inport == "p1" || r.Loopback },
        { "!(inport == \"p1\") && !flags.loopback", r => r.Inport != "p1" && !r.Loopback },
        { "inport == {\"p1\", \"p9\"}", r => r.Inport == "p1" },
        { "!(inport == \"p9\")", r => false },
    };

    [Theory]
    [MemberData(nameof(ByHand))]
    public void Expression_matches_its_meaning_written_by_hand(string match, Func<Raw, bool> meaning)
    {
        var e = LogicalSyntax.ParseMatch(match).Unwrap(match);
        int checkedPackets = 0;
        foreach (var p in Space())
        {
            bool expected = meaning(Raw.Of(p));
            Assert.True(expected == ExprEvaluator.Default.Evaluate(e, p, Context), $"{match} on {p}: expected {expected}");
            checkedPackets++;
        }
        Assert.Equal(1152, checkedPackets);
    }

    public static TheoryData<string, string> Expanded => new()
    {
        { "ip", "eth.type == {0x800, 0x86dd}" },
        { "!(tcp.dst == 80)", "(eth.type == 0x800 || eth.type == 0x86dd) && ip.proto == 6 && tcp.dst != 80" },
        { "!tcp", "ip.proto != 6 || !(eth.type == 0x800 || eth.type == 0x86dd)" },
        { "tcp.dst == {22, 80}", "tcp.dst == 22 || tcp.dst == 80" },
        { "tcp.dst != {22, 80}", "tcp.dst != 22 && tcp.dst != 80" },
        { "!(tcp.dst == {22, 80})", "tcp && tcp.dst != 22 && tcp.dst != 80" },
        { "!(ip4 && udp)", "!ip4 || !udp" },
        { "udp.dst == {53, 80}", "udp && (udp.dst == 53 || udp.dst == 80)" },
        { "ip4.src == 10.0.0.0/24", "eth.type == 0x800 && ip4.src[8..31] == 0x0a0000" },
        { "!(ip4.src == 10.0.0.0/24)", "eth.type == 0x800 && ip4.src[8..31] != 0x0a0000" },
    };

    [Theory]
    [MemberData(nameof(Expanded))]
    public void Expression_matches_its_hand_expanded_equivalent(string match, string expanded)
    {
        var e = LogicalSyntax.ParseMatch(match).Unwrap(match);
        var x = LogicalSyntax.ParseMatch(expanded).Unwrap(expanded);
        var disagreements = Space().Where(p => ExprEvaluator.Default.Evaluate(e, p, Context) != ExprEvaluator.Default.Evaluate(x, p, Context)).ToList();
        Assert.True(disagreements.Count == 0, $"{match} vs {expanded} first differs on {disagreements.FirstOrDefault()}");
        // Neither side is constant over the space, so the comparison says something.
        Assert.Contains(Space(), p => ExprEvaluator.Default.Evaluate(e, p, Context));
        Assert.Contains(Space(), p => !ExprEvaluator.Default.Evaluate(e, p, Context));
    }
}
