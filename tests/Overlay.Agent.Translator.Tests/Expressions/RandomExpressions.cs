using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Expressions;

/// <summary>Random matches over a small space of fields and constants, so packets hit their edges often.</summary>
internal sealed class RandomExpressions(Random rng)
{
    public static readonly ushort[] Ports = [0, 1, 79, 80, 81, 443, 1023, 1024, 8080, 65535];
    public static readonly string[] Ip4s = ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.1.2.3", "10.1.255.255", "192.168.0.1"];
    public static readonly byte[] Ttls = [0, 1, 2, 3, 5, 63, 64, 255];
    public static readonly string[] PortNames = ["p1", "p2", "p3", "p4"];

    private static readonly string[] Predicates = ["ip4", "ip6", "ip", "tcp", "udp", "arp", "icmp4", "icmp", "eth.mcast", "vlan.present", "flags.loopback"];

    public Expr Next(int depth = 3)
    {
        if (depth == 0 || rng.Next(3) == 0) return Atom();
        return rng.Next(5) switch
        {
            0 or 1 => AndExpr.Of(Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => Next(depth - 1))),
            2 or 3 => OrExpr.Of(Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => Next(depth - 1))),
            _ => new NotExpr(Next(depth - 1)),
        };
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private RelOp AnyOp() => (RelOp)rng.Next(6);

    private RelOp EqOrNe() => rng.Next(2) == 0 ? RelOp.Eq : RelOp.Ne;

    private static IntOperand Ip(string text, int prefix = 32)
    {
        var b = System.Net.IPAddress.Parse(text).GetAddressBytes();
        uint v = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return IntOperand.Ipv4Prefix(v, prefix);
    }

    private Expr Atom() => rng.Next(16) switch
    {
        0 => new CmpExpr("tcp.dst", AnyOp(), IntOperand.Of(Pick(Ports))),
        1 => new CmpExpr("udp.src", EqOrNe(), new SetOperand(ValueArray.Create<Operand>(IntOperand.Of(Pick(Ports)), IntOperand.Of(Pick(Ports))))),
        2 => new CmpExpr("ip4.src", EqOrNe(), Ip(Pick(Ip4s), Pick(new[] { 32, 30, 24, 16 }))),
        3 => new CmpExpr("ip4.dst", EqOrNe(), new AddressSetOperand("as1")),
        4 => new CmpExpr(FieldRef.Range("reg0", 0, 3), AnyOp(), IntOperand.Of((UInt128)rng.Next(16))),
        5 => new CmpExpr(FieldRef.Bit("reg0", 5), RelOp.Eq, IntOperand.Of((UInt128)rng.Next(2))),
        6 => new CmpExpr("inport", EqOrNe(), rng.Next(3) switch
        {
            0 => new PortGroupOperand("pg"),
            1 => new SetOperand(ValueArray.Create<Operand>(new StringOperand(Pick(PortNames)), new StringOperand(Pick(PortNames)))),
            _ => new StringOperand(Pick(PortNames)),
        }),
        7 => new CmpExpr("outport", EqOrNe(), new StringOperand(rng.Next(4) == 0 ? "_MC_flood" : Pick(PortNames))),
        8 => new BitExpr(Pick(Predicates)),
        9 => new CmpExpr("ip.ttl", AnyOp(), IntOperand.Of(Pick(Ttls))),
        10 => new CmpExpr("ip.proto", RelOp.Eq, rng.Next(2) == 0 ? IntOperand.Of(6) : new SetOperand(ValueArray.Create<Operand>(IntOperand.Of(6), IntOperand.Of(17)))),
        11 => new CmpExpr("eth.type", RelOp.Eq, new SetOperand(ValueArray.Create<Operand>(IntOperand.Hex(0x800), IntOperand.Hex(0x806)))),
        12 => new CmpExpr("eth.dst", EqOrNe(), rng.Next(2) == 0 ? IntOperand.Mac(0x505400000001) : new IntOperand(0x010000000000, 0x010000000000, IntFormat.Ethernet)),
        13 => new CmpExpr("icmp4.type", RelOp.Eq, IntOperand.Of((UInt128)(rng.Next(2) * 8))),
        14 => new CallExpr("is_chassis_resident", ValueArray.Create<Operand>(new StringOperand(rng.Next(2) == 0 ? "p1" : "nope"))),
        _ => new CmpExpr("reg1", AnyOp(), IntOperand.Of((UInt128)rng.Next(4))),
    };
}
