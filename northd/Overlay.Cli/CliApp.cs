using System.CommandLine;
using Overlay.Cli.Commands;
using Overlay.Cli.Online;

namespace Overlay.Cli;

/// <summary>The <c>overlay</c> command line: every command declared once, in this list.</summary>
public static class CliApp
{
    public static RootCommand Build() => Build(new CliEnvironment(_ => null, false, TimeProvider.System));

    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand(
            "Overlay: declare logical networks (switches, ports, routers, routes, ACLs) on overlay-northd and inspect how they " +
            "compile to logical flows and OpenFlow. ovn-nbctl verbs change the network (chain them with -- for one transaction); " +
            "apply -f makes it match a YAML file; show and the *-list commands read it. Online commands talk to --db URL " +
            $"(or ${DbOption.Variable}, default {DbOption.Default}). Offline commands read the topology from an ovn-nbctl " +
            "script (--script) or a YAML file (-f) and need no daemon.\n" +
            "Examples:\n  overlay ls-add sw0 -- lsp-add sw0 p1 -- lsp-set-addresses p1 \"50:54:00:00:00:01 10.0.0.11\"\n" +
            "  overlay --wait=hv --timeout 30 acl-add sw0 to-lport 1000 'ip4.src == 10.0.0.0/8' allow\n" +
            "  overlay apply -f topology.yaml --dry-run\n  overlay show\n  overlay lflow-list sw0\n  overlay compile -f topology.yaml");
        foreach (var command in Commands(env))
            root.Subcommands.Add(command);
        return root;
    }

    private static IEnumerable<Command> Commands(CliEnvironment env) =>
    [
        CompileCommand.Create(),
        LflowListCommand.Create(env),
        TraceCommand.Create(env),
        ExplainCommand.Create(env),
        FlowsCommand.Create(env),
        ApplyCommand.Create(env),
        .. ReadCommands.Create(env),
        .. ChassisCommands.Create(env),
        .. VerbCommands.Create(),
    ];

    /// <summary>Runs the CLI with the given writers; returns the exit code (0 ok, 1 bad input or failure, 2 usage).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Task.Run(() => RunAsync(args, output, error)).GetAwaiter().GetResult();

    /// <summary>
    /// Runs the CLI. ovn-nbctl verb lines (global options, then verbs chained with --) go straight to northd;
    /// everything else through the command-line parser.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliEnvironment? env = null, CancellationToken ct = default)
    {
        env ??= CliEnvironment.ForProcess(error);
        if (NbctlLine.TryParse(args, out var line))
            return await NbctlCommand.RunAsync(line, output, error, env, ct);
        // "overlay --may-exist lsp-add --help": help for the verb.
        if (NbctlLine.HelpVerb(args) is { } verb) args = [verb, "--help"];
        var parse = Build(env).Parse(NbctlLine.MoveLeadingOptions(args));
        // A usage error prints the problem, suggestions for a mistyped command, and where help is, not the whole help.
        var usage = parse.Action as System.CommandLine.Invocation.ParseErrorAction;
        if (usage is not null) usage.ShowHelp = false;
        int rc = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
        if (usage is not null)
        {
            var command = parse.CommandResult.Command;
            error.WriteLine($"overlay: run 'overlay {(command is RootCommand ? "" : command.Name + " ")}--help' for usage and examples");
        }
        return rc;
    }
}
