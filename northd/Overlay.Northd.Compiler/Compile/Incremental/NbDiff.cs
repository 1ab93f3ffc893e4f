using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Generators;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>
/// The changes between two NB revisions, object by object. Unchanged objects are skipped by reference
/// (an NB transaction keeps every untouched record), changed ones are compared structurally.
/// </summary>
internal static class NbDiff
{
    public static List<NbChange> Compute(NbDatabase before, NbDatabase after)
    {
        var changes = new List<NbChange>();
        SortedJoin.Differences(before.Switches, after.Switches, changes, SwitchChanged);
        SortedJoin.Differences(before.Routers, after.Routers, changes, RouterChanged);
        SortedJoin.Differences(before.PortGroups, after.PortGroups, changes, PortGroupChanged);
        SortedJoin.Differences(before.AddressSets, after.AddressSets, changes, static (list, name, x, y) =>
        {
            if (!Equals(x, y)) list.Add(new NbChange(NbChangeKind.AddressSet, name));
        });
        return changes;
    }

    private static void SwitchChanged(List<NbChange> changes, string name, LogicalSwitch? x, LogicalSwitch? y)
    {
        if (x is null || y is null || x.TunnelKey != y.TunnelKey) changes.Add(new NbChange(NbChangeKind.SwitchHeader, name));
        if ((x?.Acls ?? ValueArray<Acl>.Empty) != (y?.Acls ?? ValueArray<Acl>.Empty)) changes.Add(new NbChange(NbChangeKind.SwitchAcls, name));
        var state = new PortState(changes, name);
        SortedJoin.Differences(x?.Ports, y?.Ports, state, PortChanged);
        if (state.Membership) changes.Add(new NbChange(NbChangeKind.SwitchMembership, name));
    }

    private sealed class PortState(List<NbChange> changes, string sw)
    {
        public List<NbChange> Changes { get; } = changes;
        public string Switch { get; } = sw;
        public bool Membership { get; set; }
    }

    private static void PortChanged(PortState state, string name, SwitchPort? x, SwitchPort? y)
    {
        if (Equals(x, y)) return;
        state.Changes.Add(new NbChange(NbChangeKind.SwitchPort, state.Switch, name, Existence: x is null || y is null,
            LinkBefore: LinkOf(x), LinkAfter: LinkOf(y)));
        if (x is null || y is null || FloodFlows.MembershipOf(x) != FloodFlows.MembershipOf(y)) state.Membership = true;
    }

    private static string? LinkOf(SwitchPort? port) => port is { Type: PortTypes.Router } ? port.RouterPort : null;

    private static void RouterChanged(List<NbChange> changes, string name, LogicalRouter? x, LogicalRouter? y)
    {
        if (x is null || y is null || x.TunnelKey != y.TunnelKey) changes.Add(new NbChange(NbChangeKind.RouterHeader, name));
        if ((x?.StaticRoutes ?? ValueArray<StaticRoute>.Empty) != (y?.StaticRoutes ?? ValueArray<StaticRoute>.Empty))
            changes.Add(new NbChange(NbChangeKind.RouterRoutes, name));
        SortedJoin.Differences(x?.Ports, y?.Ports, (changes, name), static (s, port, a, b) =>
        {
            if (!Equals(a, b)) s.changes.Add(new NbChange(NbChangeKind.RouterPort, s.name, port));
        });
    }

    private static void PortGroupChanged(List<NbChange> changes, string name, PortGroup? x, PortGroup? y)
    {
        if (Equals(x, y)) return;
        bool existence = x is null || y is null;
        if (existence || x!.Ports != y!.Ports) changes.Add(new NbChange(NbChangeKind.PortGroupPorts, name, Existence: existence));
        if (existence || x!.Acls != y!.Acls) changes.Add(new NbChange(NbChangeKind.PortGroupAcls, name, Existence: existence));
    }
}
