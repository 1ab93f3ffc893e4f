using System.CommandLine;
using Overlay.Cli.Commands;

namespace Overlay.Cli;

/// <summary>The <c>overlay</c> command line: every command declared once, in this list.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Overlay: declare logical networks (switches, ports, routers, routes, ACLs) and inspect how they " +
            "compile to logical flows. Offline commands read the topology from an ovn-nbctl script (--script) " +
            "or a YAML file (-f) and need no daemon.");
        foreach (var command in Commands())
            root.Subcommands.Add(command);
        return root;
    }

    private static IEnumerable<Command> Commands() =>
    [
        CompileCommand.Create(),
        LflowListCommand.Create(),
        TraceCommand.Create(),
        ExplainCommand.Create(),
    ];

    /// <summary>Runs the CLI with the given writers; returns the exit code (0 ok, 1 bad input, 2 usage).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Build().Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
