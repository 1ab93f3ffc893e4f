using Overlay.Cli.Commands;
using System.CommandLine;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>
/// One top-level command per ovn-nbctl verb the compiler supports (the list comes from the compiler, so a
/// new verb appears here by itself). Verb lines are run by <see cref="NbctlCommand"/> before the parser sees
/// them; these declarations give each verb its --help with examples.
/// </summary>
internal static class VerbCommands
{
    private static readonly Dictionary<string, (string What, string[] Examples)> Help = new(StringComparer.Ordinal)
    {
        ["ls-add"] = ("Create a logical switch (a broadcast domain). --may-exist: no error if it exists.", ["overlay ls-add sw0", "overlay --may-exist ls-add sw0"]),
        ["ls-del"] = ("Delete a switch with its ports (they leave their port groups). --if-exists: no error if missing.", ["overlay ls-del sw0", "overlay --if-exists ls-del sw0"]),
        ["lsp-add"] = ("Add a port to a switch; it gets the lowest free port tunnel key.", ["overlay lsp-add sw0 sw0-port1", "overlay ls-add sw0 -- lsp-add sw0 p1 -- lsp-set-addresses p1 \"50:54:00:00:00:01 10.0.0.11\""]),
        ["lsp-del"] = ("Delete a switch port. --if-exists: no error if missing.", ["overlay lsp-del sw0-port1"]),
        ["lsp-set-addresses"] = ("Set a port's addresses: each ADDRESS is one quoted \"MAC [IP...]\", or router, or unknown. No address clears them.", ["overlay lsp-set-addresses sw0-port1 \"50:54:00:00:00:01 10.0.0.3\"", "overlay lsp-set-addresses sw0-lr0 router"]),
        ["lsp-set-port-security"] = ("Set the addresses a port may send from (\"MAC [IP[/PLEN]...]\"). None clears port security.", ["overlay lsp-set-port-security sw0-port1 \"50:54:00:00:00:01 10.0.0.3\""]),
        ["lsp-set-type"] = ("Set a port's type: \"\" (a VM's interface) or router (attached to a router port).", ["overlay lsp-set-type sw0-lr0 router"]),
        ["lsp-set-options"] = ("Replace a port's options; a router-type port needs router-port=LRP.", ["overlay lsp-set-options sw0-lr0 router-port=lr0-sw0"]),
        ["lsp-set-enabled"] = ("Enable or disable a port (a disabled port neither sends nor receives).", ["overlay lsp-set-enabled sw0-port1 disabled"]),
        ["lr-add"] = ("Create a logical router.", ["overlay lr-add lr0"]),
        ["lr-del"] = ("Delete a router with its ports and routes. --if-exists: no error if missing.", ["overlay lr-del lr0"]),
        ["lrp-add"] = ("Add a router port with its MAC and networks (and a peer router port for router-to-router links).", ["overlay lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24", "overlay lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router -- lsp-set-addresses sw0-lr0 router -- lsp-set-options sw0-lr0 router-port=lr0-sw0"]),
        ["lrp-del"] = ("Delete a router port. --if-exists: no error if missing.", ["overlay lrp-del lr0-sw0"]),
        ["lr-route-add"] = ("Add a static route; --may-exist replaces the route with the same prefix and policy.", ["overlay lr-route-add lr0 0.0.0.0/0 172.16.0.1", "overlay --policy=src-ip lr-route-add lr0 10.0.0.0/24 20.0.0.2 lr0-sw1"]),
        ["lr-route-del"] = ("Delete the routes that match (all of them with only ROUTER). --if-exists: no error when none match.", ["overlay lr-route-del lr0 0.0.0.0/0", "overlay --if-exists lr-route-del lr0 10.9.0.0/16"]),
        ["acl-add"] = ("Add an ACL to a switch or port group: DIRECTION from-lport|to-lport, PRIORITY 0..32767, MATCH in OVN syntax, VERDICT allow|allow-related|allow-stateless|drop|reject.", ["overlay acl-add pg_web to-lport 1002 'outport == @pg_web && ip4 && tcp.dst == 80' allow-related", "overlay --type=switch acl-add sw0 from-lport 1000 'ip4.src == $as_web' drop"]),
        ["acl-del"] = ("Delete the ACLs of a switch or port group that match (all with only ENTITY).", ["overlay acl-del pg_web to-lport 1002 'outport == @pg_web && ip4 && tcp.dst == 80'", "overlay --type=port-group acl-del pg_web"]),
        ["pg-add"] = ("Create a port group of switch ports (used in matches as @GROUP).", ["overlay pg-add pg_web sw0-port1 sw0-port2"]),
        ["pg-set-ports"] = ("Replace a port group's ports.", ["overlay pg-set-ports pg_web sw0-port1"]),
        ["pg-del"] = ("Delete a port group and its ACLs. --if-exists: no error if missing.", ["overlay pg-del pg_web"]),
        ["create"] = ("Create an address set (used in matches as $NAME).", ["overlay create Address_Set name=as_web addresses='\"10.0.0.3\",\"10.0.0.4\"'"]),
        ["destroy"] = ("Delete address sets. --if-exists: no error if missing.", ["overlay destroy Address_Set as_web"]),
        ["set"] = ("Change a router port's MAC, networks or peer in place (it keeps its tunnel key); values in OVSDB syntax, so quote MACs; peer=[] clears the peer.", ["overlay set Logical_Router_Port lr0-sw0 mac='\"00:00:00:00:ff:11\"' networks='\"10.0.0.1/24\"'", "overlay set Logical_Router_Port lr0-lr1 peer=[]"]),
        ["address-set-del"] = ("Delete an address set (the same as destroy Address_Set NAME). --if-exists: no error if missing.", ["overlay --if-exists address-set-del as_web"]),
    };

    public static IEnumerable<Command> Create()
    {
        foreach (var verb in NbVerbInfo.All)
        {
            var (what, examples) = Help.GetValueOrDefault(verb.Name, ("", Array.Empty<string>()));
            var command = new Command(verb.Name,
                $"{what}\nUsage: overlay [--db URL] [--wait=sb|hv [--timeout S]] [--dry-run] {verb.Usage}\n" +
                "Chain commands with -- to run them as one transaction (all apply or none).\n" +
                "Examples:\n" + string.Join("\n", examples.Select(e => "  " + e)));
            command.Arguments.Add(new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = verb.Usage });
            command.Options.Add(DbOption.Create());
            command.Options.Add(new Option<string?>("--wait") { Description = "After the change: sb = until northd compiled it; hv = until every chassis installed it (progress on stderr).", HelpName = "sb|hv" });
            command.Options.Add(new Option<double?>("--timeout") { Description = "With --wait: give up after this many seconds (the change stays committed).", HelpName = "SECONDS" });
            command.Options.Add(new Option<bool>("--dry-run") { Description = "Validate on northd and report; write nothing." });
            foreach (var option in verb.Options)
                command.Options.Add(NbVerbInfo.ValueOptions.Contains(option)
                    ? new Option<string?>(option) { Description = "Per-verb option: write it before the verb.", HelpName = "VALUE" }
                    : new Option<bool>(option) { Description = "Per-verb option: write it before the verb." });
            // Lines with a verb never reach the parser (see NbctlLine); this only runs if one slips through.
            command.SetAction((parse, ct) => Task.FromResult(Usage(parse, verb)));
            yield return command;
        }
    }

    private static int Usage(ParseResult parse, NbVerbInfo verb)
    {
        parse.InvocationConfiguration.Error.WriteLine($"overlay: {verb.Name}: usage: overlay {verb.Usage}");
        return ExitCodes.BadInput;
    }
}
