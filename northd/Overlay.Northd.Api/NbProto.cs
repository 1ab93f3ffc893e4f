using System.Collections.Immutable;
using System.Globalization;
using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;
using Pb = Overlay.Contracts.Nb;

namespace Overlay.Northd.Api;

/// <summary>
/// Lossless mapping between the NB model and its wire form (overlay.nb.v1.Database), tunnel keys included.
/// Optional strings are "" on the wire and null in the model. Reading refuses input the model cannot hold
/// faithfully (duplicate names, duplicate or out-of-range keys, empty names) with a <see cref="FormatException"/>
/// naming the object, rather than silently dropping or merging entries.
/// </summary>
public static class NbProto
{
    public static Pb.Database ToProto(NbDatabase db)
    {
        var pb = new Pb.Database { Revision = db.Revision };
        pb.Switches.AddRange(db.Switches.Values.Select(ToProto));
        pb.Routers.AddRange(db.Routers.Values.Select(ToProto));
        pb.AddressSets.AddRange(db.AddressSets.Values.Select(a => new Pb.AddressSet { Name = a.Name, Addresses = { a.Addresses } }));
        pb.PortGroups.AddRange(db.PortGroups.Values.Select(g => new Pb.PortGroup { Name = g.Name, Ports = { g.Ports }, Acls = { g.Acls.Select(ToProto) } }));
        return pb;
    }

    public static NbDatabase FromProto(Pb.Database pb)
    {
        ArgumentNullException.ThrowIfNull(pb);
        if (pb.Revision < 0)
            throw new FormatException($"NB database: revision {pb.Revision} is negative");
        var datapathKeys = new Dictionary<uint, string>();
        var portNames = new Dictionary<string, string>(StringComparer.Ordinal);

        var switches = Named(pb.Switches, ls => ls.Name, NbObjects.Switch, (ls, obj) => FromProto(ls, obj, portNames),
            (ls, obj) => DatapathKey(obj, ls.TunnelKey, datapathKeys));
        var routers = Named(pb.Routers, lr => lr.Name, NbObjects.Router, (lr, obj) => FromProto(lr, obj, portNames),
            (lr, obj) => DatapathKey(obj, lr.TunnelKey, datapathKeys));
        var sets = Named(pb.AddressSets, a => a.Name, NbObjects.AddressSet, (a, _) => new AddressSet(a.Name, a.Addresses.ToValueArray()));
        var groups = Named(pb.PortGroups, g => g.Name, NbObjects.PortGroup,
            (g, obj) => new PortGroup(g.Name, g.Ports.ToValueArray(), g.Acls.Select(a => FromProto(a, obj)).ToValueArray()));
        return new NbDatabase(pb.Revision, switches, routers, sets, groups);
    }

    /// <summary>
    /// One NB table read by name: each row's name checked, the row converted (with its object label for errors),
    /// refused if the name appears twice, then <paramref name="check"/>ed against the other rows.
    /// </summary>
    private static ImmutableSortedDictionary<string, T> Named<TPb, T>(
        IEnumerable<TPb> rows, Func<TPb, string> name, Func<string, string> label, Func<TPb, string, T> convert, Action<TPb, string>? check = null)
    {
        var table = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string n = name(row);
            string obj = label(n);
            Name(obj, n);
            if (!table.TryAdd(n, convert(row, obj)))
                throw Bad(obj, "appears twice");
            check?.Invoke(row, obj);
        }
        return table.ToImmutable();
    }

    private static Pb.LogicalSwitch ToProto(LogicalSwitch ls) => new()
    {
        Name = ls.Name,
        TunnelKey = ls.TunnelKey,
        Ports = { ls.Ports.Values.Select(p => new Pb.SwitchPort
        {
            Name = p.Name,
            Type = p.Type,
            Addresses = { p.Addresses },
            PortSecurity = { p.PortSecurity },
            Options = { p.Options },
            TunnelKey = p.TunnelKey,
            Disabled = !p.Enabled,
        }) },
        Acls = { ls.Acls.Select(ToProto) },
    };

    private static Pb.LogicalRouter ToProto(LogicalRouter lr) => new()
    {
        Name = lr.Name,
        TunnelKey = lr.TunnelKey,
        Ports = { lr.Ports.Values.Select(p => new Pb.RouterPort
        {
            Name = p.Name,
            Mac = p.Mac,
            Networks = { p.Networks },
            Peer = p.Peer ?? "",
            TunnelKey = p.TunnelKey,
            Disabled = !p.Enabled,
        }) },
        StaticRoutes = { lr.StaticRoutes.Select(r => new Pb.StaticRoute
        {
            IpPrefix = r.IpPrefix,
            Nexthop = r.Nexthop,
            OutputPort = r.OutputPort ?? "",
            Policy = r.Policy,
        }) },
    };

    private static Pb.Acl ToProto(Acl acl) => new()
    {
        Direction = acl.Direction,
        Priority = acl.Priority,
        Match = acl.Match,
        Action = acl.Action,
        Name = acl.Name ?? "",
    };

    private static LogicalSwitch FromProto(Pb.LogicalSwitch ls, string obj, Dictionary<string, string> portNames)
    {
        var ports = ImmutableSortedDictionary.CreateBuilder<string, SwitchPort>(StringComparer.Ordinal);
        var keys = new Dictionary<uint, string>();
        foreach (var p in ls.Ports)
        {
            var portObj = NbObjects.SwitchPort(p.Name);
            Name(portObj, p.Name);
            PortName(portObj, obj, p.Name, portNames);
            PortKey(portObj, p.TunnelKey, keys);
            ports.Add(p.Name, new SwitchPort(
                p.Name,
                p.Type,
                p.Addresses.ToValueArray(),
                p.PortSecurity.ToValueArray(),
                p.Options.ToImmutableSortedDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal),
                p.TunnelKey,
                Enabled: !p.Disabled));
        }
        return new LogicalSwitch(ls.Name, ls.TunnelKey, ports.ToImmutable(), ls.Acls.Select(a => FromProto(a, obj)).ToValueArray());
    }

    private static LogicalRouter FromProto(Pb.LogicalRouter lr, string obj, Dictionary<string, string> portNames)
    {
        var ports = ImmutableSortedDictionary.CreateBuilder<string, RouterPort>(StringComparer.Ordinal);
        var keys = new Dictionary<uint, string>();
        foreach (var p in lr.Ports)
        {
            var portObj = NbObjects.RouterPort(p.Name);
            Name(portObj, p.Name);
            PortName(portObj, obj, p.Name, portNames);
            PortKey(portObj, p.TunnelKey, keys);
            ports.Add(p.Name, new RouterPort(p.Name, p.Mac, p.Networks.ToValueArray(), Optional(p.Peer), p.TunnelKey, Enabled: !p.Disabled));
        }
        var routes = lr.StaticRoutes.Select(r =>
        {
            if (r.Policy.Length == 0)
                throw Bad($"{obj} route {r.IpPrefix}", "has no policy (expected \"dst-ip\" or \"src-ip\")");
            return new StaticRoute(r.IpPrefix, r.Nexthop, Optional(r.OutputPort), r.Policy);
        });
        return new LogicalRouter(lr.Name, lr.TunnelKey, ports.ToImmutable(), routes.ToValueArray());
    }

    private static Acl FromProto(Pb.Acl a, string owner) =>
        a.Direction.Length == 0 || a.Action.Length == 0
            ? throw Bad($"{owner} acl {a.Priority} ({a.Match})", "has no direction or action")
            : new Acl(a.Direction, a.Priority, a.Match, a.Action, Optional(a.Name));

    private static string? Optional(string value) => value.Length == 0 ? null : value;

    private static void Name(string obj, string name)
    {
        if (string.IsNullOrEmpty(name))
            throw Bad(obj.TrimEnd(), "has an empty name");
    }

    // Switch and router ports share one namespace: they all become port bindings.
    private static void PortName(string obj, string datapath, string name, Dictionary<string, string> owners)
    {
        if (!owners.TryAdd(name, datapath))
            throw Bad(obj, owners[name] == datapath ? $"appears twice on {datapath}" : $"is on both {owners[name]} and {datapath}");
    }

    private static void DatapathKey(string obj, uint key, Dictionary<uint, string> used)
    {
        if (key is < Keys.MinDatapath or > Keys.MaxDatapath)
            throw Bad(obj, $"datapath tunnel key {Str(key)} is out of range {Keys.MinDatapath}..{Keys.MaxDatapath}");
        if (!used.TryAdd(key, obj))
            throw Bad(obj, $"datapath tunnel key {Str(key)} is also used by {used[key]}");
    }

    private static void PortKey(string obj, uint key, Dictionary<uint, string> used)
    {
        if (key is < Keys.MinPort or > Keys.MaxPort)
            throw Bad(obj, $"port tunnel key {Str(key)} is out of range {Keys.MinPort}..{Keys.MaxPort}");
        if (!used.TryAdd(key, obj))
            throw Bad(obj, $"port tunnel key {Str(key)} is also used by {used[key]}");
    }

    private static string Str(uint key) => key.ToString(CultureInfo.InvariantCulture);

    private static FormatException Bad(string obj, string problem) => new($"NB database: {obj} {problem}");
}
