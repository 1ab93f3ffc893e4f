using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;
using YamlDotNet.RepresentationModel;

namespace Overlay.Cli.Input;

/// <summary>
/// Translates a YAML topology into NB commands, so YAML goes through the same transaction (keys,
/// validation) as ovn-nbctl scripts. The order is fixed: switches, then routers (datapath keys in that
/// order), then each switch's ports, each router's ports and routes, address sets, port groups, and
/// last the ACLs. Every command carries the file:line:column of the YAML it came from.
/// </summary>
internal static class YamlTopology
{
    public static readonly string[] RootKeys = ["switches", "routers", "address_sets", "port_groups"];
    public static readonly string[] SwitchKeys = ["name", "ports", "acls"];
    public static readonly string[] SwitchPortKeys = ["name", "type", "router_port", "options", "addresses", "port_security", "enabled"];
    public static readonly string[] AclKeys = ["direction", "priority", "match", "action", "name"];
    public static readonly string[] RouterKeys = ["name", "ports", "static_routes"];
    public static readonly string[] RouterPortKeys = ["name", "mac", "networks", "peer"];
    public static readonly string[] RouteKeys = ["prefix", "nexthop", "output_port", "policy"];
    public static readonly string[] AddressSetKeys = ["name", "addresses"];
    public static readonly string[] PortGroupKeys = ["name", "ports", "acls"];

    public static List<NbCommand> Commands(YamlNode root, string file, List<NbDiagnostic> problems)
    {
        var commands = new List<NbCommand>();
        if (YamlMap.Of(root, "", file, problems, RootKeys) is not { } top) return commands;
        void Add(NbCommand c, SourceLocation at) => commands.Add(c with { Source = at });

        var switches = top.Maps("switches", SwitchKeys).Select(m => (Map: m, Name: m.String("name", required: true))).ToList();
        var routers = top.Maps("routers", RouterKeys).Select(m => (Map: m, Name: m.String("name", required: true))).ToList();
        foreach (var (m, name) in switches) if (name is not null) Add(new LsAdd(name), m.LocationOf("name"));
        foreach (var (m, name) in routers) if (name is not null) Add(new LrAdd(name), m.LocationOf("name"));

        foreach (var (m, name) in switches)
            foreach (var port in m.Maps("ports", SwitchPortKeys))
                if (name is not null) SwitchPort(name, port, Add);
        foreach (var (m, name) in routers)
        {
            foreach (var port in m.Maps("ports", RouterPortKeys))
                if (name is not null) RouterPort(name, port, Add);
            foreach (var route in m.Maps("static_routes", RouteKeys))
                if (name is not null) Route(name, route, Add);
        }
        foreach (var set in top.Maps("address_sets", AddressSetKeys))
            if (set.String("name", required: true) is { } setName)
                Add(new AddressSetAdd(setName, (set.Strings("addresses") ?? []).ToValueArray()), set.LocationOf("name"));
        var groups = top.Maps("port_groups", PortGroupKeys).Select(m => (Map: m, Name: m.String("name", required: true))).ToList();
        foreach (var (m, name) in groups)
            if (name is not null) Add(new PgAdd(name, (m.Strings("ports") ?? []).ToValueArray()), m.LocationOf("name"));

        foreach (var (m, name) in switches)
            foreach (var acl in m.Maps("acls", AclKeys))
                if (name is not null) Acl(name, AclOwner.Switch, acl, Add);
        foreach (var (m, name) in groups)
            foreach (var acl in m.Maps("acls", AclKeys))
                if (name is not null) Acl(name, AclOwner.PortGroup, acl, Add);
        return commands;
    }

    private static void SwitchPort(string sw, YamlMap m, Action<NbCommand, SourceLocation> add)
    {
        if (m.String("name", required: true) is not { } name) return;
        add(new LspAdd(sw, name), m.LocationOf("name"));
        if (m.String("type") is { } type) add(new LspSetType(name, type), m.LocationOf("type"));

        var options = (m.StringMap("options") ?? []).ToList();
        if (m.String("router_port") is { } lrp)
        {
            var given = options.FirstOrDefault(o => o.Key == "router-port");
            if (given.Key is null) options.Add(new("router-port", lrp));
            else if (given.Value != lrp)
                m.Problem("router_port", lrp, $"conflicts with options:router-port \"{given.Value}\"; give one of them");
        }
        if (options.Count > 0)
            add(new LspSetOptions(name, options.ToValueArray()), m.LocationOf(m.Has("options") ? "options" : "router_port"));

        if (m.Strings("addresses") is { } addresses) add(new LspSetAddresses(name, addresses.ToValueArray()), m.LocationOf("addresses"));
        if (m.Strings("port_security") is { } ps) add(new LspSetPortSecurity(name, ps.ToValueArray()), m.LocationOf("port_security"));
        if (m.Bool("enabled") is { } enabled) add(new LspSetEnabled(name, enabled), m.LocationOf("enabled"));
    }

    private static void RouterPort(string lr, YamlMap m, Action<NbCommand, SourceLocation> add)
    {
        var name = m.String("name", required: true);
        var mac = m.String("mac", required: true);
        var networks = m.Strings("networks");
        if (name is null || mac is null) return;
        add(new LrpAdd(lr, name, mac, (networks ?? []).ToValueArray(), m.String("peer")), m.LocationOf("name"));
    }

    private static void Route(string lr, YamlMap m, Action<NbCommand, SourceLocation> add)
    {
        var prefix = m.String("prefix", required: true);
        var nexthop = m.String("nexthop", required: true);
        if (prefix is null || nexthop is null) return;
        add(new LrRouteAdd(lr, prefix, nexthop, m.String("output_port"), m.String("policy") ?? "dst-ip"), m.Location);
    }

    private static void Acl(string entity, AclOwner owner, YamlMap m, Action<NbCommand, SourceLocation> add)
    {
        var direction = m.String("direction", required: true);
        var priority = m.Int("priority", required: true);
        var match = m.String("match", required: true);
        var action = m.String("action", required: true);
        if (direction is null || priority is null || match is null || action is null) return;
        add(new AclAdd(entity, direction, priority.Value, match, action, owner, m.String("name")), m.Location);
    }
}
