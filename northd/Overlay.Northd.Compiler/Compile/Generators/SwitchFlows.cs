using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>A switch's datapath and the flows every switch has regardless of its ports.</summary>
internal static class SwitchFlows
{
    private static readonly FixedFlow[] Fixed =
    [
        // Frames with a multicast source or a VLAN tag never enter a logical switch.
        FixedFlow.Of(Stages.LsInCheckPortSec, 100, Match.Bit(Fields.EthSrcMcastBit), Act.DropOnly),
        FixedFlow.Of(Stages.LsInCheckPortSec, 100, Match.Bit(Fields.VlanPresent), Act.DropOnly),
        FixedFlow.Of(Stages.LsInApplyPortSec, 50, Match.Eq(Fields.PortSecDrop, 1), Act.DropOnly),
        FixedFlow.Of(Stages.LsInL2Lkup, 70, Match.Bit(Fields.EthMcast),
            new ActionList([Act.SetPort(Fields.Outport, Keys.McFloodName), Act.Output])),
        // Broadcast and multicast may always reach a port, whatever its port security.
        FixedFlow.Of(Stages.LsOutCheckPortSec, 100, Match.Bit(Fields.EthMcast), Act.NextOnly),
        FixedFlow.Of(Stages.LsOutApplyPortSec, 50, Match.Eq(Fields.PortSecDrop, 1), Act.DropOnly),
    ];

    public static string SourceOf(LogicalSwitch sw) => "Logical_Switch " + sw.Name;

    public static UnitOutput Generate(LogicalSwitch sw, FlowSink sink)
    {
        sink.Begin(sw.TunnelKey, SourceOf(sw));
        // ls_in_l2_lkup's default depends on the ports ("unknown" addresses): see FloodFlows.
        StageDefaults.AddAll(sink, DatapathKind.Switch, skip: Stages.LsInL2Lkup);
        FixedFlow.AddAll(sink, Fixed);
        return new UnitOutput(sink.Take(), datapath: new DatapathBinding(sw.TunnelKey, sw.Name, DatapathKind.Switch));
    }
}
