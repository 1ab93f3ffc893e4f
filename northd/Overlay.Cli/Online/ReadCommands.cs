using Overlay.Cli.Commands;
using System.CommandLine;
using Command = System.CommandLine.Command;
using Overlay.Contracts.Nb;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>show, ls-list, lsp-list, lr-list, lrp-list, acl-list, pg-list, lr-route-list: the NB database from northd.</summary>
internal static class ReadCommands
{
    public static IEnumerable<Command> Create(CliEnvironment env)
    {
        yield return Show(env);
        yield return DatapathList(env, "ls-list", "List logical switches like ovn-nbctl ls-list: 'ID (NAME)' per line, by name; the ID is the tunnel key shaped like a UUID.",
            "switches", db => db.Switches.Values.Select(s => (s.Name, s.TunnelKey)), NbText.SwitchList);
        yield return DatapathList(env, "lr-list", "List logical routers like ovn-nbctl lr-list: 'ID (NAME)' per line, by name.",
            "routers", db => db.Routers.Values.Select(r => (r.Name, r.TunnelKey)), NbText.RouterList);
        yield return SwitchPorts(env);
        yield return RouterPorts(env);
        yield return AclList(env);
        yield return PortGroups(env);
        yield return Routes(env);
    }

    private static Command Show(CliEnvironment env)
    {
        var which = new Argument<string?>("SWITCH|ROUTER") { Arity = ArgumentArity.ZeroOrOne, Description = "Only this switch or router." };
        var format = OnlineCommand.Format("the whole database: {revision, switches: [{name, tunnel_key, ports: [{name, tunnel_key, type, addresses, port_security, options, enabled}], acls}], routers: [{name, tunnel_key, ports: [{name, tunnel_key, mac, networks, peer, enabled}], static_routes: [{ip_prefix, nexthop, output_port, policy}]}], address_sets: [{name, addresses}], port_groups: [{name, ports, acls: [{direction, priority, match, action, name}]}]}.");
        return OnlineCommand.Create("show",
            "Show the switches and routers with their ports, like ovn-nbctl show.\nExamples:\n  overlay show\n  overlay show sw0\n  overlay --db http://10.0.0.5:6641 show -o json",
            env, async call =>
            {
                var db = await call.DatabaseAsync();
                var only = call.Parse.GetValue(which);
                if (only is not null && !db.Switches.ContainsKey(only) && !db.Routers.ContainsKey(only))
                    return NotFound(call, "show", only, "switch or router");
                if (call.Parse.GetValue(format) == "json")
                {
                    var filtered = only is null ? db : db with
                    {
                        Switches = db.Switches.RemoveRange(db.Switches.Keys.Where(k => k != only)),
                        Routers = db.Routers.RemoveRange(db.Routers.Keys.Where(k => k != only)),
                    };
                    call.Output.Write(NbJson.Write(NbJson.Database(filtered)));
                }
                else call.Output.Write(NbText.Show(db, only));
                return ExitCodes.Ok;
            }, which, format);
    }

    private static Command DatapathList(CliEnvironment env, string name, string description, string listName,
        Func<NbDatabase, IEnumerable<(string, uint)>> items, Func<NbDatabase, string> table)
    {
        var format = OnlineCommand.Format($"{{revision, {listName}: [{{name, tunnel_key}}]}}.");
        return OnlineCommand.Create(name, description + $"\nExamples:\n  overlay {name}\n  overlay {name} -o json", env, async call =>
        {
            var db = await call.DatabaseAsync();
            call.Output.Write(call.Parse.GetValue(format) == "json" ? NbJson.Write(NbJson.Datapaths(db.Revision, listName, items(db))) : table(db));
            return ExitCodes.Ok;
        }, format);
    }

    private static Command SwitchPorts(CliEnvironment env)
    {
        var sw = new Argument<string>("SWITCH") { Description = "The switch whose ports to list." };
        var format = OnlineCommand.Format("{revision, switch, ports: [{name, tunnel_key, type, addresses, port_security, options, enabled}]}.");
        return OnlineCommand.Create("lsp-list", "List a switch's ports like ovn-nbctl lsp-list: 'ID (NAME)' per line, by name.\nExample:\n  overlay lsp-list sw0",
            env, async call =>
            {
                var db = await call.DatabaseAsync();
                var name = call.Parse.GetValue(sw)!;
                if (!db.Switches.TryGetValue(name, out var ls)) return NotFound(call, "lsp-list", name, "switch");
                call.Output.Write(call.Parse.GetValue(format) == "json"
                    ? NbJson.Write(new { revision = db.Revision, @switch = ls.Name, ports = ls.Ports.Values.Select(NbJson.SwitchPort) })
                    : NbText.SwitchPortList(ls));
                return ExitCodes.Ok;
            }, sw, format);
    }

    private static Command RouterPorts(CliEnvironment env)
    {
        var lr = new Argument<string>("ROUTER") { Description = "The router whose ports to list." };
        var format = OnlineCommand.Format("{revision, router, ports: [{name, tunnel_key, mac, networks, peer, enabled}]}.");
        return OnlineCommand.Create("lrp-list", "List a router's ports like ovn-nbctl lrp-list: 'ID (NAME)' per line, by name.\nExample:\n  overlay lrp-list lr0",
            env, async call =>
            {
                var db = await call.DatabaseAsync();
                var name = call.Parse.GetValue(lr)!;
                if (!db.Routers.TryGetValue(name, out var router)) return NotFound(call, "lrp-list", name, "router");
                call.Output.Write(call.Parse.GetValue(format) == "json"
                    ? NbJson.Write(new { revision = db.Revision, router = router.Name, ports = router.Ports.Values.Select(NbJson.RouterPort) })
                    : NbText.RouterPortList(router));
                return ExitCodes.Ok;
            }, lr, format);
    }

    private static Command AclList(CliEnvironment env)
    {
        var entity = new Argument<string>("ENTITY") { Description = "A switch or a port group." };
        var type = new Option<string?>("--type") { Description = "Say which when a switch and a port group share the name.", HelpName = "switch|port-group" };
        type.AcceptOnlyFromAmong("switch", "port-group");
        var format = OnlineCommand.Format("{revision, entity, type (switch|port-group), acls: [{direction, priority, match, action, name}]}.");
        return OnlineCommand.Create("acl-list",
            "List the ACLs of a switch or port group like ovn-nbctl acl-list: direction, priority, (match), verdict; from-lport first, high priority first.\n" +
            "Examples:\n  overlay acl-list sw0\n  overlay acl-list --type=port-group pg_web",
            env, async call =>
            {
                var db = await call.DatabaseAsync();
                var name = call.Parse.GetValue(entity)!;
                var want = call.Parse.GetValue(type);
                bool isSwitch = db.Switches.ContainsKey(name) && want is null or "switch";
                bool isGroup = db.PortGroups.ContainsKey(name) && want is null or "port-group";
                if (isSwitch && isGroup)
                {
                    call.Error.WriteLine($"overlay: acl-list: {name}: the name exists as both a port group and a switch; give --type=port-group or --type=switch");
                    return ExitCodes.BadInput;
                }
                if (!isSwitch && !isGroup) return NotFound(call, "acl-list", name, want == "switch" ? "switch" : want == "port-group" ? "port group" : "switch or port group");
                var acls = isSwitch ? db.Switches[name].Acls : db.PortGroups[name].Acls;
                call.Output.Write(call.Parse.GetValue(format) == "json"
                    ? NbJson.Write(new { revision = db.Revision, entity = name, type = isSwitch ? "switch" : "port-group", acls = acls.Order(NbOrder.Acls).Select(NbJson.Acl) })
                    : NbText.AclList(acls));
                return ExitCodes.Ok;
            }, entity, type, format);
    }

    private static Command PortGroups(CliEnvironment env)
    {
        var format = OnlineCommand.Format("{revision, port_groups: [{name, ports, acls: [{direction, priority, match, action, name}]}]}.");
        return OnlineCommand.Create("pg-list", "List port groups: name, member ports, number of ACLs (see acl-list GROUP for the ACLs).\nExample:\n  overlay pg-list",
            env, async call =>
            {
                var db = await call.DatabaseAsync();
                call.Output.Write(call.Parse.GetValue(format) == "json"
                    ? NbJson.Write(new { revision = db.Revision, port_groups = db.PortGroups.Values.Select(NbJson.PortGroup) })
                    : NbText.PortGroupList(db));
                return ExitCodes.Ok;
            }, format);
    }

    private static Command Routes(CliEnvironment env)
    {
        var lr = new Argument<string>("ROUTER") { Description = "The router whose static routes to list." };
        var format = OnlineCommand.Format("{revision, router, static_routes: [{ip_prefix, nexthop, output_port, policy}]}.");
        return OnlineCommand.Create("lr-route-list",
            "List a router's static routes like ovn-nbctl lr-route-list: per address family, longest prefix first.\nExample:\n  overlay lr-route-list lr0",
            env, async call =>
            {
                var db = await call.DatabaseAsync();
                var name = call.Parse.GetValue(lr)!;
                if (!db.Routers.TryGetValue(name, out var router)) return NotFound(call, "lr-route-list", name, "router");
                call.Output.Write(call.Parse.GetValue(format) == "json"
                    ? NbJson.Write(new { revision = db.Revision, router = router.Name, static_routes = router.StaticRoutes.Select(NbJson.Route) })
                    : NbText.RouteList(router));
                return ExitCodes.Ok;
            }, lr, format);
    }

    private static int NotFound(OnlineCall call, string verb, string name, string kind)
    {
        call.Error.WriteLine($"overlay: {verb}: {name}: {kind} name not found");
        return ExitCodes.BadInput;
    }
}
