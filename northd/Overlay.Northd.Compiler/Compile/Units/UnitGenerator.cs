using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Generators;
using Overlay.Northd.Compiler.Compile.Topology;

namespace Overlay.Northd.Compiler.Compile.Units;

/// <summary>
/// Runs the generator of one compile unit against one NB revision. A pure function of (unit, topology):
/// the full compile and the incremental compile both call it, which is what makes them agree.
/// A unit whose objects are absent produces <see cref="UnitOutput.Empty"/>.
/// </summary>
internal static class UnitGenerator
{
    public static UnitOutput Generate(UnitKey unit, NbTopology t, FlowSink sink)
    {
        switch (unit.Kind)
        {
            case UnitKind.Switch:
                return t.Switch(unit.A) is { } s1 ? SwitchFlows.Generate(s1, sink) : UnitOutput.Empty;
            case UnitKind.SwitchFlood:
                return t.Switch(unit.A) is { } s2 ? FloodFlows.Generate(s2, sink) : UnitOutput.Empty;
            case UnitKind.SwitchAcls:
                return t.Switch(unit.A) is { } s3 ? AclFlows.ForSwitch(s3, t.Acls, sink) : UnitOutput.Empty;
            case UnitKind.SwitchPort:
                return t.Switch(unit.A) is { } s4 && s4.Ports.TryGetValue(unit.B, out var lsp)
                    ? SwitchPortFlows.Generate(s4, lsp, t, sink)
                    : UnitOutput.Empty;
            case UnitKind.PortGroupAcls:
                return t.Switch(unit.A) is { } s5 && t.Db.PortGroups.TryGetValue(unit.B, out var pg) && t.Index.MemberCount(pg.Name, s5.Name) > 0
                    ? AclFlows.ForPortGroup(s5, pg, t.Acls, sink)
                    : UnitOutput.Empty;
            case UnitKind.Router:
                return t.Router(unit.A) is { } r1 ? RouterFlows.Generate(r1, sink) : UnitOutput.Empty;
            case UnitKind.RouterRoutes:
                return t.Router(unit.A) is { } r2 ? StaticRouteFlows.Generate(r2, sink) : UnitOutput.Empty;
            case UnitKind.RouterPort:
                return t.Router(unit.A) is { } r3 && r3.Ports.TryGetValue(unit.B, out var lrp)
                    ? RouterPortFlows.Generate(r3, lrp, t, sink)
                    : UnitOutput.Empty;
            case UnitKind.Neighbour:
                return t.Router(unit.A) is { } r4 ? NeighbourFlows.ViaSwitch(r4, unit.B, unit.C, t, sink) : UnitOutput.Empty;
            case UnitKind.PeerNeighbour:
                return t.Router(unit.A) is { } r5 ? NeighbourFlows.ViaPeer(r5, unit.B, t, sink) : UnitOutput.Empty;
            default:
                throw new ArgumentOutOfRangeException(nameof(unit), unit.Kind, "unknown unit kind");
        }
    }
}
