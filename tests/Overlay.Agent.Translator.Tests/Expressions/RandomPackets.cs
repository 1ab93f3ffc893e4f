using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Agent.Translator.Tests.Expressions;

/// <summary>Random logical packets drawn from the constants <see cref="RandomExpressions"/> uses, and their neighbours.</summary>
internal sealed class RandomPackets(Random rng)
{
    private static readonly ushort[] EthTypes = [0x800, 0x86dd, 0x806, 0x8035, 0x1234];
    private static readonly byte[] Protos = [6, 17, 1, 58, 0];
    private static readonly string[] Outports = ["", "p1", "p2", "p3", "p4", "_MC_flood"];

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private UInt128 Near(ushort v) => (UInt128)Math.Clamp(v + rng.Next(-1, 2), 0, 65535);

    public PacketState Next()
    {
        var p = PacketState.Empty(SymbolTable.Default)
            .Set("eth.type", Pick(EthTypes))
            .Set("ip.proto", Pick(Protos))
            .Set("tcp.dst", Near(Pick(RandomExpressions.Ports)))
            .Set("udp.src", Near(Pick(RandomExpressions.Ports)))
            .Set("ip4.src", Ip(Pick(RandomExpressions.Ip4s)))
            .Set("ip4.dst", Ip(Pick(RandomExpressions.Ip4s)))
            .Set("ip.ttl", Pick(RandomExpressions.Ttls) + (UInt128)rng.Next(2))
            .Set("icmp4.type", (UInt128)(rng.Next(3) * 4))
            .Set("eth.dst", (UInt128)(rng.Next(3) switch { 0 => 0x505400000001UL, 1 => 0xffffffffffffUL, _ => 0x505400000002UL }))
            .Set("vlan.tci", (UInt128)(rng.Next(4) == 0 ? 0x1005 : 0))
            .Set("flags", (UInt128)rng.Next(2))
            .Set(FieldRef.Range("reg0", 0, 7), (UInt128)rng.Next(64))
            .Set("reg1", (UInt128)rng.Next(5));
        return p.WithInport(Pick(RandomExpressions.PortNames)).WithOutport(Pick(Outports));
    }

    private static UInt128 Ip(string text)
    {
        var b = System.Net.IPAddress.Parse(text).GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
