using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// What differs between two NB database values, object by object. Found by walking both values: a
/// transaction shares every untouched switch, router and map with its input, so the walk costs the
/// number of datapaths plus the size of what changed, and it sees every change however it was made
/// (a command, a cascade such as ls-del emptying port groups, or a store).
/// </summary>
internal sealed class NbChanges
{
    private static readonly StringComparer Names = StringComparer.Ordinal;

    /// <summary>Per switch (after), its ports that were added or changed.</summary>
    public Dictionary<string, HashSet<string>> SwitchPorts { get; } = new(Names);

    /// <summary>Switches (after) that gained, lost or changed a port, or are new.</summary>
    public HashSet<string> SwitchesWithPortChanges { get; } = new(Names);

    /// <summary>Per switch (after) whose ACLs differ, the ACLs it had before (empty when new).</summary>
    public Dictionary<string, ImmutableHashSet<Acl>> SwitchAcls { get; } = new(Names);

    /// <summary>Names of switch ports added to or removed from some switch.</summary>
    public HashSet<string> SwitchPortNamesAddedOrRemoved { get; } = new(Names);

    /// <summary>Names of switch ports removed from some switch (the name may live on elsewhere).</summary>
    public HashSet<string> SwitchPortNamesRemoved { get; } = new(Names);

    /// <summary>Router ports whose set of attached switch ports (type=router, options:router-port) changed.</summary>
    public HashSet<string> AttachmentsChanged { get; } = new(Names);

    /// <summary>Per router (after), its ports that were added or changed.</summary>
    public Dictionary<string, HashSet<string>> RouterPorts { get; } = new(Names);

    /// <summary>Routers (after) that gained, lost or changed a port, or are new.</summary>
    public HashSet<string> RoutersWithPortChanges { get; } = new(Names);

    /// <summary>Routers (after) whose static routes changed, or are new.</summary>
    public HashSet<string> RoutersWithRouteChanges { get; } = new(Names);

    /// <summary>Names of router ports added, removed or changed anywhere.</summary>
    public HashSet<string> RouterPortNamesChanged { get; } = new(Names);

    /// <summary>Names of router ports added to or removed from some router.</summary>
    public HashSet<string> RouterPortNamesAddedOrRemoved { get; } = new(Names);

    /// <summary>Tunnel keys of datapaths added or removed, and old and new keys of datapaths whose key changed.</summary>
    public HashSet<uint> DatapathKeys { get; } = [];

    /// <summary>Address sets (after) that are new or whose addresses changed.</summary>
    public HashSet<string> AddressSets { get; } = new(Names);

    /// <summary>Per port group (after) whose ports differ, the ports it had before (empty when new).</summary>
    public Dictionary<string, HashSet<string>> PortGroupPorts { get; } = new(Names);

    /// <summary>Per port group (after) whose ACLs differ, the ACLs it had before (empty when new).</summary>
    public Dictionary<string, ImmutableHashSet<Acl>> PortGroupAcls { get; } = new(Names);

    /// <summary>Names of address sets and port groups created or deleted: what ACL matches may name.</summary>
    public HashSet<string> MatchNamesAddedOrRemoved { get; } = new(Names);

    public static NbChanges Between(NbDatabase before, NbDatabase after)
    {
        var c = new NbChanges();
        Walk(before.Switches, after.Switches, c.SwitchAdded, c.SwitchRemoved, c.SwitchChanged);
        Walk(before.Routers, after.Routers, c.RouterAdded, c.RouterRemoved, c.RouterChanged);
        Walk(before.AddressSets, after.AddressSets,
            added: s => { c.AddressSets.Add(s.Name); c.MatchNamesAddedOrRemoved.Add(s.Name); },
            removed: s => c.MatchNamesAddedOrRemoved.Add(s.Name),
            changed: (_, s) => c.AddressSets.Add(s.Name));
        Walk(before.PortGroups, after.PortGroups, c.PortGroupAdded, pg => c.MatchNamesAddedOrRemoved.Add(pg.Name), c.PortGroupChanged);
        return c;
    }

    // Same-key values that are the same reference are unchanged; others are compared by content.
    private static void Walk<T>(ImmutableSortedDictionary<string, T> before, ImmutableSortedDictionary<string, T> after,
        Action<T> added, Action<T> removed, Action<T, T> changed) where T : class
    {
        if (ReferenceEquals(before, after)) return;
        int addedCount = 0;
        foreach (var (name, value) in after)
        {
            if (!before.TryGetValue(name, out var old)) { added(value); addedCount++; }
            else if (!ReferenceEquals(old, value) && !old.Equals(value)) changed(old, value);
        }
        // Every key of after is known now; if before has no more keys than those it shares, none was removed.
        if (before.Count == after.Count - addedCount) return;
        foreach (var (name, value) in before)
            if (!after.ContainsKey(name)) removed(value);
    }

    private void SwitchAdded(LogicalSwitch sw)
    {
        DatapathKeys.Add(sw.TunnelKey);
        SwitchesWithPortChanges.Add(sw.Name);
        foreach (var p in sw.Ports.Values) SwitchPortAdded(sw.Name, p);
        if (sw.Acls.Count > 0) SwitchAcls[sw.Name] = [];
    }

    private void SwitchRemoved(LogicalSwitch sw)
    {
        DatapathKeys.Add(sw.TunnelKey);
        foreach (var p in sw.Ports.Values) SwitchPortRemoved(p);
    }

    private void SwitchChanged(LogicalSwitch old, LogicalSwitch sw)
    {
        KeyChanged(old.TunnelKey, sw.TunnelKey);
        Walk(old.Ports, sw.Ports, p => SwitchPortAdded(sw.Name, p),
            p => { SwitchesWithPortChanges.Add(sw.Name); SwitchPortRemoved(p); },
            (o, p) => SwitchPortChanged(sw.Name, o, p));
        if (old.Acls != sw.Acls) SwitchAcls[sw.Name] = [.. old.Acls];
    }

    private void SwitchPortAdded(string sw, SwitchPort p)
    {
        Changed(SwitchPorts, sw, p.Name);
        SwitchesWithPortChanges.Add(sw);
        SwitchPortNamesAddedOrRemoved.Add(p.Name);
        if (Attachment(p) is { } lrp) AttachmentsChanged.Add(lrp);
    }

    private void SwitchPortRemoved(SwitchPort p)
    {
        SwitchPortNamesAddedOrRemoved.Add(p.Name);
        SwitchPortNamesRemoved.Add(p.Name);
        if (Attachment(p) is { } lrp) AttachmentsChanged.Add(lrp);
    }

    private void SwitchPortChanged(string sw, SwitchPort old, SwitchPort p)
    {
        Changed(SwitchPorts, sw, p.Name);
        SwitchesWithPortChanges.Add(sw);
        string? was = Attachment(old), now = Attachment(p);
        if (was == now) return;
        if (was is not null) AttachmentsChanged.Add(was);
        if (now is not null) AttachmentsChanged.Add(now);
    }

    private static string? Attachment(SwitchPort p) => p.Type == PortTypes.Router ? p.RouterPort : null;

    private void RouterAdded(LogicalRouter lr)
    {
        DatapathKeys.Add(lr.TunnelKey);
        RoutersWithPortChanges.Add(lr.Name);
        RoutersWithRouteChanges.Add(lr.Name);
        foreach (var p in lr.Ports.Values) RouterPortAdded(lr.Name, p);
    }

    private void RouterRemoved(LogicalRouter lr)
    {
        DatapathKeys.Add(lr.TunnelKey);
        foreach (var p in lr.Ports.Values) RouterPortRemoved(p);
    }

    private void RouterChanged(LogicalRouter old, LogicalRouter lr)
    {
        KeyChanged(old.TunnelKey, lr.TunnelKey);
        Walk(old.Ports, lr.Ports, p => RouterPortAdded(lr.Name, p),
            p => { RoutersWithPortChanges.Add(lr.Name); RouterPortRemoved(p); },
            (_, p) => RouterPortChanged(lr.Name, p));
        if (old.StaticRoutes != lr.StaticRoutes) RoutersWithRouteChanges.Add(lr.Name);
    }

    private void RouterPortAdded(string lr, RouterPort p)
    {
        Changed(RouterPorts, lr, p.Name);
        RoutersWithPortChanges.Add(lr);
        RouterPortNamesChanged.Add(p.Name);
        RouterPortNamesAddedOrRemoved.Add(p.Name);
    }

    private void RouterPortRemoved(RouterPort p)
    {
        RouterPortNamesChanged.Add(p.Name);
        RouterPortNamesAddedOrRemoved.Add(p.Name);
    }

    private void RouterPortChanged(string lr, RouterPort p)
    {
        Changed(RouterPorts, lr, p.Name);
        RoutersWithPortChanges.Add(lr);
        RouterPortNamesChanged.Add(p.Name);
    }

    private void PortGroupAdded(PortGroup pg)
    {
        MatchNamesAddedOrRemoved.Add(pg.Name);
        PortGroupPorts[pg.Name] = new(Names);
        if (pg.Acls.Count > 0) PortGroupAcls[pg.Name] = [];
    }

    private void PortGroupChanged(PortGroup old, PortGroup pg)
    {
        if (old.Ports != pg.Ports) PortGroupPorts[pg.Name] = new(old.Ports, Names);
        if (old.Acls != pg.Acls) PortGroupAcls[pg.Name] = [.. old.Acls];
    }

    private void KeyChanged(uint old, uint now)
    {
        if (old == now) return;
        DatapathKeys.Add(old);
        DatapathKeys.Add(now);
    }

    private static void Changed(Dictionary<string, HashSet<string>> map, string datapath, string port)
    {
        if (!map.TryGetValue(datapath, out var set)) map[datapath] = set = new(Names);
        set.Add(port);
    }
}
