using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>
/// Moves the topology index from one NB revision to the next: every changed object's old version is
/// removed first, then every new version added. Port-group membership counts pair each (group, port)
/// once either way: removals see the old memberships, additions the new ones.
/// </summary>
internal static class IndexUpdate
{
    public static void Apply(TopologyIndex index, List<NbChange> changes, NbDatabase before, NbDatabase after)
    {
        foreach (var c in changes)
        {
            switch (c.Kind)
            {
                case NbChangeKind.SwitchPort when SwitchPortIn(before, c) is { } old:
                    index.RemoveSwitchPort(c.Owner, old);
                    break;
                case NbChangeKind.RouterPort when RouterPortIn(before, c) is { } old:
                    index.RemoveRouterPort(c.Owner, old);
                    break;
            }
        }
        foreach (var c in changes)
            if (c.Kind == NbChangeKind.PortGroupPorts && before.PortGroups.TryGetValue(c.Owner, out var old))
                index.RemovePortGroupMembers(old);
        foreach (var c in changes)
            if (c.Kind == NbChangeKind.PortGroupPorts && after.PortGroups.TryGetValue(c.Owner, out var pg))
                index.AddPortGroupMembers(pg);
        foreach (var c in changes)
        {
            switch (c.Kind)
            {
                case NbChangeKind.SwitchPort when SwitchPortIn(after, c) is { } port:
                    index.AddSwitchPort(c.Owner, port);
                    break;
                case NbChangeKind.RouterPort when RouterPortIn(after, c) is { } port:
                    index.AddRouterPort(c.Owner, port);
                    break;
            }
        }
    }

    private static SwitchPort? SwitchPortIn(NbDatabase db, NbChange c) =>
        db.Switches.TryGetValue(c.Owner, out var sw) ? sw.Ports.GetValueOrDefault(c.Name) : null;

    private static RouterPort? RouterPortIn(NbDatabase db, NbChange c) =>
        db.Routers.TryGetValue(c.Owner, out var r) ? r.Ports.GetValueOrDefault(c.Name) : null;
}
