using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Validation of a transaction's result from a database known to be valid: runs the same checks as
/// <see cref="NbValidator"/>, but only those whose inputs the transaction changed, and reports exactly
/// what full validation would (same diagnostics, same order).
/// </summary>
/// <remarks>
/// Every check reads a fixed set of objects. If none of them changed, the check says on the new database
/// what it said on the valid old one: nothing. So it suffices to run, in the full validator's order, every
/// check that reads something changed:
/// <list type="bullet">
/// <item>a switch port: itself; if type=router, the router port it names and the other switch ports attached to that router port;</item>
/// <item>a switch's duplicate-IPv4 check: its ports and the networks of router ports its type=router ports attach to;</item>
/// <item>a router port: itself, its peer (existence and peer column), the switch ports attached to it;</item>
/// <item>a router's overlapping networks and its static routes: that router's ports and routes;</item>
/// <item>an ACL: itself and whether the address sets and port groups its match names exist;</item>
/// <item>an address set: itself; a port group member: whether that switch port exists;</item>
/// <item>datapath keys: the datapaths with that key; port keys: their datapath's ports;</item>
/// <item>a port name: every switch and router port with that name.</item>
/// </list>
/// The property test (incremental == full on random databases and transactions) keeps this list honest.
/// </remarks>
public static class NbIncrementalValidator
{
    /// <summary>Problems of <paramref name="after"/>, given that <paramref name="before"/> has none.</summary>
    public static IReadOnlyList<NbDiagnostic> Validate(NbDatabase before, NbDatabase after)
    {
        var changes = NbChanges.Between(before, after);
        var index = NbIndex.Build(after);
        var scope = Dependents(after, changes);
        var problems = new List<NbDiagnostic>();
        CheckSwitches(after, changes, scope, index, problems);
        CheckRouters(after, changes, scope, index, problems);
        CheckAcls(after, changes, problems);
        CheckGroups(after, changes, index, problems);
        CheckKeys(after, changes, problems);
        CheckPortNames(after, changes, problems);
        return problems.Distinct().ToList();
    }

    /// <summary>Unchanged objects whose checks read a changed router port or a changed attachment.</summary>
    private sealed class Scope
    {
        public Dictionary<string, HashSet<string>> SwitchPorts { get; } = new(StringComparer.Ordinal);
        public HashSet<string> SwitchesForDuplicateIps { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, HashSet<string>> RouterPorts { get; } = new(StringComparer.Ordinal);
    }

    // Router ports change rarely, and then few switch ports point at them: walking all ports to find those
    // is paid only when a router port or an attachment changed.
    private static Scope Dependents(NbDatabase db, NbChanges changes)
    {
        var scope = new Scope();
        var lrps = changes.RouterPortNamesChanged;
        var links = changes.AttachmentsChanged;
        if (lrps.Count == 0 && links.Count == 0) return scope;
        foreach (var sw in db.Switches.Values)
            foreach (var p in sw.Ports.Values)
                if (p.Type == PortTypes.Router && p.RouterPort is { } lrp && (lrps.Contains(lrp) || links.Contains(lrp)))
                {
                    Add(scope.SwitchPorts, sw.Name, p.Name);
                    if (lrps.Contains(lrp)) scope.SwitchesForDuplicateIps.Add(sw.Name);
                }
        foreach (var lr in db.Routers.Values)
            foreach (var p in lr.Ports.Values)
                if ((p.Peer is { } peer && lrps.Contains(peer)) || links.Contains(p.Name))
                    Add(scope.RouterPorts, lr.Name, p.Name);
        return scope;
    }

    private static void CheckSwitches(NbDatabase db, NbChanges changes, Scope scope, NbIndex index, List<NbDiagnostic> problems)
    {
        foreach (var sw in db.Switches.Values)
        {
            var changed = changes.SwitchPorts.GetValueOrDefault(sw.Name);
            var dependent = scope.SwitchPorts.GetValueOrDefault(sw.Name);
            if (changed is not null || dependent is not null)
                foreach (var port in sw.Ports.Values)
                    if (changed?.Contains(port.Name) == true || dependent?.Contains(port.Name) == true)
                        SwitchRules.CheckPort(port, index, problems);
            if (changes.SwitchesWithPortChanges.Contains(sw.Name) || scope.SwitchesForDuplicateIps.Contains(sw.Name))
                SwitchRules.CheckDuplicateIps(sw, index, problems);
        }
    }

    private static void CheckRouters(NbDatabase db, NbChanges changes, Scope scope, NbIndex index, List<NbDiagnostic> problems)
    {
        foreach (var lr in db.Routers.Values)
        {
            var changed = changes.RouterPorts.GetValueOrDefault(lr.Name);
            var dependent = scope.RouterPorts.GetValueOrDefault(lr.Name);
            if (changed is not null || dependent is not null)
                foreach (var port in lr.Ports.Values)
                    if (changed?.Contains(port.Name) == true || dependent?.Contains(port.Name) == true)
                        RouterRules.CheckPort(port, index, problems);
            if (changes.RoutersWithPortChanges.Contains(lr.Name)) RouterRules.CheckOverlaps(lr, problems);
        }
        foreach (var lr in db.Routers.Values)
            if (changes.RoutersWithPortChanges.Contains(lr.Name) || changes.RoutersWithRouteChanges.Contains(lr.Name))
                RouteRules.CheckRouter(lr, problems);
    }

    // An ACL is checked if it is new to its owner, or if its match may name an address set or port group
    // that was created or deleted (every such reference, $name, $pg_ip4 or @pg, contains the name).
    private static void CheckAcls(NbDatabase db, NbChanges changes, List<NbDiagnostic> problems)
    {
        var names = changes.MatchNamesAddedOrRemoved;
        bool Affected(Acl acl, ImmutableHashSet<Acl>? had) =>
            (had is not null && !had.Contains(acl)) || names.Any(n => acl.Match.Contains(n, StringComparison.Ordinal));

        foreach (var sw in db.Switches.Values)
        {
            var had = changes.SwitchAcls.GetValueOrDefault(sw.Name);
            if (had is null && names.Count == 0) continue;
            foreach (var acl in sw.Acls)
                if (Affected(acl, had)) AclRules.CheckAcl(db, AclOwner.Switch, sw.Name, acl, problems);
        }
        foreach (var pg in db.PortGroups.Values)
        {
            var had = changes.PortGroupAcls.GetValueOrDefault(pg.Name);
            if (had is null && names.Count == 0) continue;
            foreach (var acl in pg.Acls)
                if (Affected(acl, had)) AclRules.CheckAcl(db, AclOwner.PortGroup, pg.Name, acl, problems);
        }
    }

    // A member the group had before existed then (the old database is valid) and still exists unless a
    // switch port of that name was removed somewhere.
    private static void CheckGroups(NbDatabase db, NbChanges changes, NbIndex index, List<NbDiagnostic> problems)
    {
        foreach (var set in db.AddressSets.Values)
            if (changes.AddressSets.Contains(set.Name)) GroupRules.CheckAddressSet(set, problems);

        var removed = changes.SwitchPortNamesRemoved;
        foreach (var pg in db.PortGroups.Values)
        {
            var had = changes.PortGroupPorts.GetValueOrDefault(pg.Name);
            if (had is null && removed.Count == 0) continue;
            foreach (var port in pg.Ports)
                if ((had is not null && !had.Contains(port)) || removed.Contains(port))
                    GroupRules.CheckMember(pg, port, index, problems);
        }
    }

    private static void CheckKeys(NbDatabase db, NbChanges changes, List<NbDiagnostic> problems)
    {
        var keys = changes.DatapathKeys;
        var datapaths = new KeyRules.DatapathKeys(problems);
        foreach (var sw in db.Switches.Values)
        {
            if (keys.Contains(sw.TunnelKey)) datapaths.Check(NbObjects.Switch(sw.Name), sw.TunnelKey);
            if (changes.SwitchesWithPortChanges.Contains(sw.Name)) KeyRules.CheckSwitchPorts(sw, problems);
        }
        foreach (var lr in db.Routers.Values)
        {
            if (keys.Contains(lr.TunnelKey)) datapaths.Check(NbObjects.Router(lr.Name), lr.TunnelKey);
            if (changes.RoutersWithPortChanges.Contains(lr.Name)) KeyRules.CheckRouterPorts(lr, problems);
        }
    }

    // Only names that appeared or disappeared somewhere can have gained or lost a duplicate. Each is looked
    // up on every datapath, and the repeats are reported in the full walk's order.
    private static void CheckPortNames(NbDatabase db, NbChanges changes, List<NbDiagnostic> problems)
    {
        var names = changes.SwitchPortNamesAddedOrRemoved.Concat(changes.RouterPortNamesAddedOrRemoved).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return;
        var found = new List<(int Datapath, IComparer<string> Order, string Name, NbDiagnostic? Repeat)>();
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        int position = 0;
        foreach (var sw in db.Switches.Values)
        {
            foreach (var name in names)
                if (sw.Ports.ContainsKey(name))
                    found.Add((position, sw.Ports.KeyComparer, name, first.TryAdd(name, NbObjects.Switch(sw.Name))
                        ? null : PortNameRules.Duplicate(NbObjects.SwitchPort(name), name, first[name])));
            position++;
        }
        foreach (var lr in db.Routers.Values)
        {
            foreach (var name in names)
                if (lr.Ports.ContainsKey(name))
                    found.Add((position, lr.Ports.KeyComparer, name, first.TryAdd(name, NbObjects.Router(lr.Name))
                        ? null : PortNameRules.Duplicate(NbObjects.RouterPort(name), name, first[name])));
            position++;
        }
        found.Sort((a, b) => a.Datapath != b.Datapath ? a.Datapath.CompareTo(b.Datapath) : a.Order.Compare(a.Name, b.Name));
        foreach (var f in found)
            if (f.Repeat is not null) problems.Add(f.Repeat);
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string datapath, string port)
    {
        if (!map.TryGetValue(datapath, out var set)) map[datapath] = set = new(StringComparer.Ordinal);
        set.Add(port);
    }
}
