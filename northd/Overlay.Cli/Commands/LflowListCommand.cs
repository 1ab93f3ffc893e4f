using System.CommandLine;
using Overlay.Cli.Online;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Cli.Commands;

/// <summary><c>overlay lflow-list</c>: logical flows in exactly the ovn-sbctl lflow-list layout.</summary>
internal static class LflowListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var topology = new TopologyOptions(online: true);
        var datapath = new Argument<string?>("DATAPATH")
        {
            Description = "Only this datapath: a switch or router name, or its tunnel key.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var uuid = new Option<bool>("--uuid") { Description = "Prefix each flow with its logical flow id (uuid=0x...)." };
        var command = new Command("lflow-list",
            "List logical flows like 'ovn-sbctl lflow-list': per datapath and pipeline, by table ascending, priority descending. " +
            "Without --script or -f, the flows are the ones northd serves now (from --db).\n" +
            "Examples:\n  overlay lflow-list sw0\n  overlay lflow-list --uuid lr0\n  overlay lflow-list --script deploy/examples/two-tier.nbctl sw1");
        topology.AddTo(command);
        command.Arguments.Add(datapath);
        command.Options.Add(uuid);
        command.SetAction(async (parse, ct) =>
        {
            var (network, _) = await topology.NetworkAsync(parse, env, ct);
            if (network is null) return ExitCodes.BadInput;
            var filter = parse.GetValue(datapath);
            if (filter is not null && !network.Datapaths.Any(d => LflowListFormatter.Matches(d, filter)))
            {
                parse.InvocationConfiguration.Error.WriteLine($"overlay: no datapath named '{filter}' (known: {string.Join(", ", network.Datapaths.Select(d => d.Name))})");
                return ExitCodes.BadInput;
            }
            parse.InvocationConfiguration.Output.Write(LflowListFormatter.Format(network, filter, parse.GetValue(uuid)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
