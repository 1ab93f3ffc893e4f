using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>A router's datapath and the flows every router has regardless of its ports.</summary>
internal static class RouterFlows
{
    private static readonly FixedFlow[] Fixed =
    [
        FixedFlow.Of(Stages.LrInAdmission, 100, Match.Or(Match.Bit(Fields.VlanPresent), Match.Bit(Fields.EthSrcMcastBit)), Act.DropOnly),
        // Martian sources and destinations.
        FixedFlow.Of(Stages.LrInIpInput, 100, Match.Or(
            Match.Bit(Fields.Ip4SrcMcast),
            Match.Eq(Fields.Ip4Src, Match.Ip4(0xffffffffu)),
            Match.Eq(Fields.Ip4Src, IntOperand.Ipv4Prefix(0x7f000000u, 8)),
            Match.Eq(Fields.Ip4Dst, IntOperand.Ipv4Prefix(0x7f000000u, 8)),
            Match.Eq(Fields.Ip4Src, IntOperand.Ipv4Prefix(0u, 8)),
            Match.Eq(Fields.Ip4Dst, IntOperand.Ipv4Prefix(0u, 8))), Act.DropOnly),
        // ARP not answered at p90 (for another router port's address or off-subnet) goes no further.
        FixedFlow.Of(Stages.LrInIpInput, 85, Match.Bit(Fields.Arp), Act.DropOnly),
        FixedFlow.Of(Stages.LrInIpInput, 82, Match.Bit(Fields.Ip4Mcast), Act.DropOnly),
        FixedFlow.Of(Stages.LrInIpInput, 50, Match.Bit(Fields.EthBcast), Act.DropOnly),
        // TTL expiry: dropped; no ICMP time-exceeded without a controller (docs/logical-pipeline.md).
        FixedFlow.Of(Stages.LrInIpInput, 30, Match.And(Match.Bit(Fields.Ip4),
            Match.Eq(Fields.IpTtl, Match.Set([Match.Int(0), Match.Int(1)]))), Act.DropOnly),
    ];

    public static string SourceOf(LogicalRouter router) => "Logical_Router " + router.Name;

    public static UnitOutput Generate(LogicalRouter router, FlowSink sink)
    {
        sink.Begin(router.TunnelKey, SourceOf(router));
        StageDefaults.AddAll(sink, DatapathKind.Router);
        FixedFlow.AddAll(sink, Fixed);
        return new UnitOutput(sink.Take(), datapath: new DatapathBinding(router.TunnelKey, router.Name, DatapathKind.Router));
    }
}
