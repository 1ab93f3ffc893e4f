using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>
/// ACL flows in ls_in_acl (from-lport) and ls_out_acl (to-lport): the switch's own ACLs, and the ACLs of
/// every port group with a member on the switch. Stateless for now (docs/logical-pipeline.md).
/// </summary>
internal static class AclFlows
{
    public static UnitOutput ForSwitch(LogicalSwitch sw, AclCache acls, FlowSink sink) =>
        Emit(sw.TunnelKey, sw.Acls, "Logical_Switch " + sw.Name, acls, sink);

    public static UnitOutput ForPortGroup(LogicalSwitch sw, PortGroup pg, AclCache acls, FlowSink sink) =>
        Emit(sw.TunnelKey, pg.Acls, "Port_Group " + pg.Name, acls, sink);

    private static UnitOutput Emit(uint datapath, ValueArray<Acl> list, string owner, AclCache acls, FlowSink sink)
    {
        if (list.Count == 0) return UnitOutput.Empty;
        sink.Begin(datapath, owner);
        foreach (var acl in list)
        {
            if (acls.Get(acl) is not { } c) continue;
            sink.Add(c.Stage, c.Priority, c.Match, c.Actions, SourceOf(acl, owner));
        }
        return new UnitOutput(sink.Take());
    }

    public static string SourceOf(Acl acl, string owner) =>
        acl.Name is { Length: > 0 } name
            ? $"ACL {acl.Direction} {acl.Priority} \"{name}\" ({owner})"
            : $"ACL {acl.Direction} {acl.Priority} ({owner})";
}
