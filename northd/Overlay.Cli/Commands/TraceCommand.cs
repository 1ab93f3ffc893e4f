using System.CommandLine;
using Overlay.Cli.Online;
using Overlay.Logical;
using Overlay.Northd.Compiler.Trace;

namespace Overlay.Cli.Commands;

/// <summary><c>overlay trace</c>: an ovn-trace-like logical simulation of one packet.</summary>
internal static class TraceCommand
{
    public static Command Create(CliEnvironment env)
    {
        var topology = new TopologyOptions(online: true);
        var minimal = new Option<bool>("--minimal") { Description = "Print only field rewrites and one output(\"PORT\"); per delivery (nothing for a drop)." };
        var summary = new Option<bool>("--summary") { Description = "Print the nested summary: pipelines and actions, no table lines." };
        var detailed = new Option<bool>("--detailed") { Description = "Print every stage and the flow it hit (the default)." };
        var ct = new Option<string[]>("--ct")
        {
            Description = "Connection-tracking state for each successive ct_next (new, est, rel, rpl...), as ovn-trace's --ct.",
            AllowMultipleArgumentsPerToken = false,
        };
        var datapath = new Argument<string>("DATAPATH") { Description = "The switch or router where the packet enters." };
        var microflow = new Argument<string>("MICROFLOW")
        {
            Description = "The packet, in ovn-trace syntax: inport == \"p1\" && eth.src == ... && eth.dst == ... && ip4.src == ... && ip4.dst == ... && ip.ttl == 64",
        };
        var command = new Command("trace",
            "Simulate a packet through the logical pipelines across switches and routers, like ovn-trace: " +
            "where it is delivered, what rewrites it, or where it is dropped. Without --script or -f, on the network northd serves now (from --db).\n" +
            "Examples:\n  overlay trace sw0 'inport == \"sw0-port1\" && eth.src == 50:54:00:00:00:01 && eth.dst == 50:54:00:00:00:02'\n" +
            "  overlay trace --minimal --script two-tier.nbctl sw0 'inport == \"sw0-port1\" && eth.src == 50:54:00:00:00:01 && eth.dst == 00:00:00:00:ff:01 && ip4.src == 10.0.0.3 && ip4.dst == 20.0.0.3 && ip.ttl == 64'");
        topology.AddTo(command);
        command.Options.Add(minimal);
        command.Options.Add(summary);
        command.Options.Add(detailed);
        command.Options.Add(ct);
        command.Arguments.Add(datapath);
        command.Arguments.Add(microflow);
        command.Validators.Add(r =>
        {
            int n = new[] { minimal, summary, detailed }.Count(o => r.GetResult(o) is not null);
            if (n > 1) r.AddError("choose one of --minimal, --summary, --detailed");
        });
        command.SetAction(async (parse, cancel) =>
        {
            var (network, _) = await topology.NetworkAsync(parse, env, cancel);
            if (network is null) return ExitCodes.BadInput;
            var error = parse.InvocationConfiguration.Error;
            var options = TraceOptions.Default with { CtStates = (parse.GetValue(ct) ?? []).ToValueArray() };
            var result = LogicalTracer.Trace(network, parse.GetValue(datapath), parse.GetValue(microflow)!, options);
            if (result.Error is not null)
            {
                error.WriteLine($"overlay trace: {result.Error}");
                if (result.MicroflowError is { } m)
                {
                    error.WriteLine("  " + parse.GetValue(microflow));
                    error.WriteLine("  " + new string(' ', Math.Max(0, m.Column - 1)) + "^");
                }
                return ExitCodes.BadInput;
            }
            foreach (var w in result.Warnings) error.WriteLine($"overlay trace: warning: {w}");
            var format = parse.GetValue(minimal) ? TraceFormat.Minimal : parse.GetValue(summary) ? TraceFormat.Summary : TraceFormat.Detailed;
            parse.InvocationConfiguration.Output.Write(TraceRenderer.Render(result, format));
            return ExitCodes.Ok;
        });
        return command;
    }
}
