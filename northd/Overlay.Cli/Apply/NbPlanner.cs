using System.Globalization;
using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Apply;

/// <summary>One line of an apply diff: '+' created, '-' deleted, '~' changed in place, for one NB object.</summary>
public sealed record PlanChange(char Kind, string Object, string Detail = "")
{
    public override string ToString() => Detail.Length == 0 ? $"{Kind} {Object}" : $"{Kind} {Object}: {Detail}";
}

/// <summary>What turns the current database into the desired one: the diff for people and the nbctl commands.</summary>
public sealed record NbPlan(IReadOnlyList<PlanChange> Changes, IReadOnlyList<IReadOnlyList<string>> Commands)
{
    public bool IsEmpty => Commands.Count == 0;

    public int Count(char kind) => Changes.Count(c => c.Kind == kind);

    public string Summary => $"{Count('+')} to add, {Count('~')} to change, {Count('-')} to delete ({Commands.Count} commands)";

    /// <summary>The commands as one ovn-nbctl script, a line each.</summary>
    public string Script => string.Concat(Commands.Select(c => string.Join(" ", c.Select(NbQuoting.Shell)) + "\n"));

    /// <summary>All commands as one word list chained with "--", as NbScript.ParseArguments takes it.</summary>
    public IReadOnlyList<string> ChainedWords()
    {
        var words = new List<string>();
        foreach (var c in Commands)
        {
            if (words.Count > 0) words.Add("--");
            words.AddRange(c);
        }
        return words;
    }
}

/// <summary>
/// Computes the nbctl commands that turn one NB database into another (what <c>overlay apply</c> sends).
/// Objects are matched by name; an object that exists on both sides is changed in place with the
/// set-verbs (lsp-set-*, pg-set-ports, set Logical_Router_Port, lr-route-add --may-exist), so it keeps
/// its tunnel key. Only what has no set-verb is deleted and re-created: a switch port that moves to
/// another switch (a new key on the new switch), an ACL whose verdict or name changes, an address set
/// whose addresses change, a port group that loses all its ports.
/// Order: deletions, then creations in the desired database's key order, then changes, then ACLs.
/// </summary>
public static class NbPlanner
{
    public static NbPlan Plan(NbDatabase current, NbDatabase desired)
    {
        var p = new Builder();
        PlanDeletions(p, current, desired);
        PlanDatapaths(p, current, desired);
        PlanChangedRouterPorts(p, current, desired);
        PlanSwitchPorts(p, current, desired);
        PlanRouters(p, current, desired);
        PlanAddressSets(p, current, desired);
        PlanPortGroups(p, current, desired);
        PlanAcls(p, current, desired);
        p.Commands.InsertRange(0, p.Early);
        return new NbPlan(p.Changes, p.Commands);
    }

    private sealed class Builder
    {
        public readonly List<PlanChange> Changes = [];
        public readonly List<IReadOnlyList<string>> Commands = [];
        public readonly List<IReadOnlyList<string>> Early = [];
        // Port groups deleted and created again (they lost every port): their ACLs are all added back.
        public readonly HashSet<string> RecreatedGroups = new(StringComparer.Ordinal);

        public void Change(char kind, string obj, string detail = "") => Changes.Add(new PlanChange(kind, obj, detail));

        public void Run(params string[] words) => Commands.Add(words);
    }

    private static (string Switch, SwitchPort Port)? SwitchPortOf(NbDatabase db, string name)
    {
        foreach (var sw in db.Switches.Values)
            if (sw.Ports.TryGetValue(name, out var port)) return (sw.Name, port);
        return null;
    }

    private static (string Router, RouterPort Port)? RouterPortOf(NbDatabase db, string name)
    {
        foreach (var lr in db.Routers.Values)
            if (lr.Ports.TryGetValue(name, out var port)) return (lr.Name, port);
        return null;
    }

    private static bool SameRouterPort(RouterPort a, RouterPort b) =>
        a.Mac == b.Mac && a.Networks == b.Networks && a.Peer == b.Peer && a.Enabled == b.Enabled;

    private static string[] LrpAddWords(string router, RouterPort port) =>
        ["lrp-add", router, port.Name, port.Mac, .. port.Networks, .. port.Peer is null ? Array.Empty<string>() : [$"peer={port.Peer}"]];

    private static string Describe(RouterPort port, string router) =>
        $"on {router}, mac {port.Mac}, networks {List(port.Networks)}" + (port.Peer is null ? "" : $", peer {port.Peer}");

    // A router port that stays on its router but changes MAC, networks or peer is changed in place with
    // "set Logical_Router_Port" (its key stays). Only a difference in enabled, which has no set-verb, re-creates it:
    // first thing, so it gets its old key back when that is the lowest free one.
    private static void PlanChangedRouterPorts(Builder p, NbDatabase current, NbDatabase desired)
    {
        foreach (var lr in current.Routers.Values)
        {
            if (!desired.Routers.TryGetValue(lr.Name, out var want)) continue;
            foreach (var port in lr.Ports.Values.OrderBy(x => x.TunnelKey))
            {
                if (!want.Ports.TryGetValue(port.Name, out var wanted) || SameRouterPort(port, wanted)) continue;
                if (port.Enabled != wanted.Enabled)
                {
                    p.Early.Add(["lrp-del", port.Name]);
                    p.Early.Add(LrpAddWords(lr.Name, wanted));
                    p.Change('~', NbObjects.RouterPort(port.Name), $"re-created: {Describe(port, lr.Name)} -> {Describe(wanted, lr.Name)}");
                    continue;
                }
                var words = new List<string> { "set", "Logical_Router_Port", port.Name };
                var details = new List<string>();
                if (port.Mac != wanted.Mac) { words.Add("mac=" + NbQuoting.Ovsdb(wanted.Mac)); details.Add($"mac {port.Mac} -> {wanted.Mac}"); }
                if (port.Networks != wanted.Networks)
                {
                    words.Add("networks=" + string.Join(",", wanted.Networks.Select(NbQuoting.Ovsdb)));
                    details.Add($"networks {List(port.Networks)} -> {List(wanted.Networks)}");
                }
                if (port.Peer != wanted.Peer)
                {
                    words.Add("peer=" + (wanted.Peer is null ? "[]" : NbQuoting.Ovsdb(wanted.Peer)));
                    details.Add($"peer {port.Peer ?? "none"} -> {wanted.Peer ?? "none"}");
                }
                p.Commands.Add(words);
                p.Change('~', NbObjects.RouterPort(port.Name), string.Join(", ", details));
            }
        }
    }

    private static void PlanDeletions(Builder p, NbDatabase current, NbDatabase desired)
    {
        // ACLs of entities that stay (those of deleted entities go with them).
        foreach (var sw in current.Switches.Values)
            if (desired.Switches.TryGetValue(sw.Name, out var want))
                foreach (var acl in sw.Acls.Where(a => !want.Acls.Contains(a)))
                {
                    p.Run(AclDelWords("switch", sw.Name, acl));
                    p.Change('-', NbObjects.Acl(AclOwner.Switch, sw.Name, acl), acl.Action);
                }
        foreach (var pg in current.PortGroups.Values)
        {
            if (!desired.PortGroups.TryGetValue(pg.Name, out var want))
            {
                p.Run("pg-del", pg.Name);
                p.Change('-', NbObjects.PortGroup(pg.Name));
                continue;
            }
            if (want.Ports.Count == 0 && Remaining(pg, current, desired).Count > 0)
            {
                // pg-set-ports needs at least one port; a group that loses them all is created again, empty.
                p.Run("pg-del", pg.Name);
                p.RecreatedGroups.Add(pg.Name);
                foreach (var acl in pg.Acls.Where(a => !want.Acls.Contains(a)))
                    p.Change('-', NbObjects.Acl(AclOwner.PortGroup, pg.Name, acl), acl.Action);
                continue;
            }
            foreach (var acl in pg.Acls.Where(a => !want.Acls.Contains(a)))
            {
                p.Run(AclDelWords("port-group", pg.Name, acl));
                p.Change('-', NbObjects.Acl(AclOwner.PortGroup, pg.Name, acl), acl.Action);
            }
        }
        foreach (var set in current.AddressSets.Values)
            if (!desired.AddressSets.TryGetValue(set.Name, out var want) || want.Addresses != set.Addresses)
            {
                p.Run("destroy", "Address_Set", set.Name);
                if (want is null) p.Change('-', NbObjects.AddressSet(set.Name));
            }
        foreach (var lr in current.Routers.Values)
        {
            if (!desired.Routers.TryGetValue(lr.Name, out var want)) continue;
            foreach (var route in lr.StaticRoutes.Where(r => !want.StaticRoutes.Any(w => SameRouteKey(r, w))))
            {
                p.Run(["--policy=" + route.Policy, "lr-route-del", lr.Name, route.IpPrefix]);
                p.Change('-', NbObjects.Route(lr.Name, route), $"via {route.Nexthop}");
            }
            foreach (var port in lr.Ports.Values.OrderBy(x => x.TunnelKey))
                if (!want.Ports.ContainsKey(port.Name))
                {
                    p.Run("lrp-del", port.Name);
                    p.Change('-', NbObjects.RouterPort(port.Name), $"on {lr.Name}");
                }
        }
        foreach (var sw in current.Switches.Values)
        {
            if (!desired.Switches.TryGetValue(sw.Name, out var want)) continue;
            foreach (var port in sw.Ports.Values.OrderBy(x => x.TunnelKey))
                if (!want.Ports.ContainsKey(port.Name))
                {
                    p.Run("lsp-del", port.Name);
                    p.Change(SwitchPortOf(desired, port.Name) is null ? '-' : '~', NbObjects.SwitchPort(port.Name),
                        SwitchPortOf(desired, port.Name) is { } moved ? $"moves from {sw.Name} to {moved.Switch} (new tunnel key)" : $"on {sw.Name}");
                }
        }
        foreach (var lr in current.Routers.Values.Where(r => !desired.Routers.ContainsKey(r.Name)).OrderBy(r => r.TunnelKey))
        {
            p.Run("lr-del", lr.Name);
            p.Change('-', NbObjects.Router(lr.Name), Count(lr.Ports.Count, "port"));
        }
        foreach (var sw in current.Switches.Values.Where(s => !desired.Switches.ContainsKey(s.Name)).OrderBy(s => s.TunnelKey))
        {
            p.Run("ls-del", sw.Name);
            p.Change('-', NbObjects.Switch(sw.Name), Count(sw.Ports.Count, "port"));
        }
    }

    private static void PlanDatapaths(Builder p, NbDatabase current, NbDatabase desired)
    {
        var created = desired.Switches.Values.Where(s => !current.Switches.ContainsKey(s.Name)).Select(s => (s.TunnelKey, Verb: "ls-add", s.Name))
            .Concat(desired.Routers.Values.Where(r => !current.Routers.ContainsKey(r.Name)).Select(r => (r.TunnelKey, Verb: "lr-add", r.Name)))
            .OrderBy(d => d.TunnelKey);
        foreach (var (_, verb, name) in created)
        {
            p.Run(verb, name);
            p.Change('+', verb == "ls-add" ? NbObjects.Switch(name) : NbObjects.Router(name));
        }
    }

    private static void PlanSwitchPorts(Builder p, NbDatabase current, NbDatabase desired)
    {
        foreach (var sw in desired.Switches.Values.OrderBy(s => s.TunnelKey))
        {
            current.Switches.TryGetValue(sw.Name, out var had);
            foreach (var port in sw.Ports.Values.OrderBy(x => x.TunnelKey))
            {
                string obj = NbObjects.SwitchPort(port.Name);
                if (had is not null && had.Ports.TryGetValue(port.Name, out var old))
                {
                    var details = new List<string>();
                    if (old.Type != port.Type) { p.Run("lsp-set-type", port.Name, port.Type); details.Add($"type \"{old.Type}\" -> \"{port.Type}\""); }
                    if (!SortedEqual(old.Options, port.Options)) { p.Run(OptionsWords(port)); details.Add($"options {Options(old)} -> {Options(port)}"); }
                    if (old.Addresses != port.Addresses) { p.Run(["lsp-set-addresses", port.Name, .. port.Addresses]); details.Add($"addresses {List(old.Addresses)} -> {List(port.Addresses)}"); }
                    if (old.PortSecurity != port.PortSecurity) { p.Run(["lsp-set-port-security", port.Name, .. port.PortSecurity]); details.Add($"port_security {List(old.PortSecurity)} -> {List(port.PortSecurity)}"); }
                    if (old.Enabled != port.Enabled) { p.Run("lsp-set-enabled", port.Name, port.Enabled ? "enabled" : "disabled"); details.Add(port.Enabled ? "enabled" : "disabled"); }
                    if (details.Count > 0) p.Change('~', obj, string.Join(", ", details));
                    continue;
                }
                p.Run("lsp-add", sw.Name, port.Name);
                var what = new List<string> { $"on {sw.Name}" };
                if (port.Type != PortTypes.Vif) { p.Run("lsp-set-type", port.Name, port.Type); what.Add($"type {port.Type}"); }
                if (port.Options.Count > 0) { p.Run(OptionsWords(port)); what.Add($"options {Options(port)}"); }
                if (port.Addresses.Count > 0) { p.Run(["lsp-set-addresses", port.Name, .. port.Addresses]); what.Add($"addresses {List(port.Addresses)}"); }
                if (port.PortSecurity.Count > 0) { p.Run(["lsp-set-port-security", port.Name, .. port.PortSecurity]); what.Add($"port_security {List(port.PortSecurity)}"); }
                if (!port.Enabled) { p.Run("lsp-set-enabled", port.Name, "disabled"); what.Add("disabled"); }
                // A moved port was already reported by its lsp-del.
                if (SwitchPortOf(current, port.Name) is null) p.Change('+', obj, string.Join(", ", what));
            }
        }
    }

    private static void PlanRouters(Builder p, NbDatabase current, NbDatabase desired)
    {
        foreach (var lr in desired.Routers.Values.OrderBy(r => r.TunnelKey))
        {
            current.Routers.TryGetValue(lr.Name, out var had);
            foreach (var port in lr.Ports.Values.OrderBy(x => x.TunnelKey))
            {
                if (had is not null && had.Ports.ContainsKey(port.Name)) continue; // same, or re-created early
                p.Run(LrpAddWords(lr.Name, port));
                p.Change('+', NbObjects.RouterPort(port.Name), Describe(port, lr.Name));
            }
            foreach (var route in lr.StaticRoutes)
            {
                var old = had?.StaticRoutes.FirstOrDefault(r => SameRouteKey(r, route));
                if (old == route) continue;
                p.Run([.. route.Policy == "dst-ip" ? Array.Empty<string>() : ["--policy=" + route.Policy],
                    .. old is null ? Array.Empty<string>() : ["--may-exist"],
                    "lr-route-add", lr.Name, route.IpPrefix, route.Nexthop, .. route.OutputPort is null ? Array.Empty<string>() : [route.OutputPort]]);
                p.Change(old is null ? '+' : '~', NbObjects.Route(lr.Name, route),
                    old is null ? RouteText(route) : $"{RouteText(old)} -> {RouteText(route)}");
            }
        }
    }

    private static void PlanAddressSets(Builder p, NbDatabase current, NbDatabase desired)
    {
        foreach (var set in desired.AddressSets.Values)
        {
            current.AddressSets.TryGetValue(set.Name, out var old);
            if (old is not null && old.Addresses == set.Addresses) continue;
            var words = new List<string> { "create", "Address_Set", "name=" + NbQuoting.Ovsdb(set.Name) };
            if (set.Addresses.Count > 0) words.Add("addresses=" + string.Join(",", set.Addresses.Select(NbQuoting.Ovsdb)));
            p.Commands.Add(words);
            p.Change(old is null ? '+' : '~', NbObjects.AddressSet(set.Name),
                old is null ? List(set.Addresses) : $"{List(old.Addresses)} -> {List(set.Addresses)}");
        }
    }

    private static void PlanPortGroups(Builder p, NbDatabase current, NbDatabase desired)
    {
        foreach (var pg in desired.PortGroups.Values)
        {
            current.PortGroups.TryGetValue(pg.Name, out var old);
            if (old is null || p.RecreatedGroups.Contains(pg.Name))
            {
                p.Run(["pg-add", pg.Name, .. pg.Ports]);
                p.Change(old is null ? '+' : '~', NbObjects.PortGroup(pg.Name),
                    old is null ? $"ports {List(pg.Ports)}" : $"ports {List(old.Ports)} -> []");
                continue;
            }
            // Ports deleted (or moved) by this plan leave their groups by themselves.
            if (Remaining(old, current, desired) == pg.Ports) continue;
            p.Run(["pg-set-ports", pg.Name, .. pg.Ports]);
            p.Change('~', NbObjects.PortGroup(pg.Name), $"ports {List(old.Ports)} -> {List(pg.Ports)}");
        }
    }

    private static void PlanAcls(Builder p, NbDatabase current, NbDatabase desired)
    {
        foreach (var sw in desired.Switches.Values)
        {
            current.Switches.TryGetValue(sw.Name, out var had);
            foreach (var acl in sw.Acls.Where(a => had is null || !had.Acls.Contains(a)))
            {
                p.Run(AclAddWords("switch", sw.Name, acl));
                p.Change('+', NbObjects.Acl(AclOwner.Switch, sw.Name, acl), AclText(acl));
            }
        }
        foreach (var pg in desired.PortGroups.Values)
        {
            current.PortGroups.TryGetValue(pg.Name, out var had);
            bool all = had is null || p.RecreatedGroups.Contains(pg.Name);
            foreach (var acl in pg.Acls.Where(a => all || !had!.Acls.Contains(a)))
            {
                p.Run(AclAddWords("port-group", pg.Name, acl));
                if (had is null || !had.Acls.Contains(acl))
                    p.Change('+', NbObjects.Acl(AclOwner.PortGroup, pg.Name, acl), AclText(acl));
            }
        }
    }

    // A switch port is deleted by the plan when the desired database has it on another switch or not at all.
    private static ValueArray<string> Remaining(PortGroup pg, NbDatabase current, NbDatabase desired) =>
        pg.Ports.Where(p => SwitchPortOf(desired, p)?.Switch is { } to && SwitchPortOf(current, p)?.Switch == to).ToValueArray();

    private static bool SameRouteKey(StaticRoute a, StaticRoute b) => a.IpPrefix == b.IpPrefix && a.Policy == b.Policy;

    private static string[] AclDelWords(string type, string entity, Acl acl) =>
        [$"--type={type}", "acl-del", entity, acl.Direction, acl.Priority.ToString(CultureInfo.InvariantCulture), acl.Match];

    private static string[] AclAddWords(string type, string entity, Acl acl) =>
        [$"--type={type}", .. acl.Name is null ? Array.Empty<string>() : [$"--name={acl.Name}"], "acl-add", entity,
            acl.Direction, acl.Priority.ToString(CultureInfo.InvariantCulture), acl.Match, acl.Action];

    private static string[] OptionsWords(SwitchPort port) =>
        ["lsp-set-options", port.Name, .. port.Options.Select(o => $"{o.Key}={o.Value}")];

    private static bool SortedEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string AclText(Acl acl) => acl.Name is null ? acl.Action : $"{acl.Action} (name {acl.Name})";

    private static string RouteText(StaticRoute r) => r.OutputPort is null ? $"via {r.Nexthop}" : $"via {r.Nexthop} port {r.OutputPort}";

    private static string Options(SwitchPort port) => "{" + string.Join(", ", port.Options.Select(o => $"{o.Key}={o.Value}")) + "}";

    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => "\"" + i + "\"")) + "]";

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
