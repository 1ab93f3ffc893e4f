using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Addressing;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>
/// A switch's multicast groups and what l2_lkup does with an unknown destination MAC. Both depend only
/// on which ports are enabled and which have "unknown" among their addresses.
/// </summary>
internal static class FloodFlows
{
    private static readonly ActionList ToUnknown = new([Act.SetPort(Fields.Outport, Keys.McUnknownName), Act.Output]);

    /// <summary>The port attributes the groups depend on; a port change that keeps them needs no regeneration.</summary>
    public static (bool Enabled, bool Unknown) MembershipOf(SwitchPort port) =>
        (port.Enabled, AddressEntry.Contains(port.Addresses, AddressEntry.Unknown));

    public static UnitOutput Generate(LogicalSwitch sw, FlowSink sink)
    {
        var flood = new List<string>(sw.Ports.Count);
        var unknown = new List<string>();
        foreach (var port in sw.Ports.Values)
        {
            var (enabled, isUnknown) = MembershipOf(port);
            if (!enabled) continue;
            flood.Add(port.Name);
            if (isUnknown) unknown.Add(port.Name);
        }

        sink.Begin(sw.TunnelKey, SwitchFlows.SourceOf(sw));
        var groups = new List<MulticastGroup>(2)
        {
            // _MC_flood exists even when empty, so the p70 flow that names it always resolves.
            new(sw.TunnelKey, Keys.McFloodName, Keys.McFlood, flood.ToValueArray()),
        };
        if (unknown.Count > 0)
        {
            groups.Add(new MulticastGroup(sw.TunnelKey, Keys.McUnknownName, Keys.McUnknown, unknown.ToValueArray()));
            sink.Add(Stages.LsInL2Lkup, 0, StageDefaults.MatchAll, ToUnknown.Text);
        }
        else
        {
            sink.Add(Stages.LsInL2Lkup, 0, StageDefaults.MatchAll, StageDefaults.Of(Stages.LsInL2Lkup).Text);
        }
        return new UnitOutput(sink.Take(), groups: [.. groups]);
    }
}
