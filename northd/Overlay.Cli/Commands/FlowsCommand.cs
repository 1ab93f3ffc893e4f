using System.CommandLine;
using System.Globalization;
using Overlay.Agent.Translator;
using Overlay.Agent.Translator.Text;
using Overlay.Cli.Online;

namespace Overlay.Cli.Commands;

/// <summary>
/// <c>overlay flows --chassis HOST</c>: the OpenFlow one host installs on br-int, computed by the agent's own
/// translator from northd's network and bindings (or, offline, from --script/-f and --bindings).
/// </summary>
internal static class FlowsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var topology = new TopologyOptions(online: true);
        var bindings = new BindingsOption();
        var format = OutputFormat.Create();
        var chassis = new Option<string>("--chassis") { Description = "The host (chassis name, its OVS system-id).", HelpName = "HOST", Required = true };
        var annotate = new Option<bool>("--annotate") { Description = "Print under each OpenFlow flow the logical flow (stage, match, actions) or binding it came from." };
        var ofports = new Option<string[]>("--ofport")
        {
            Description = "Online: the OpenFlow port number of a VIF on this host, overriding what its agent reported (needed only for a VIF whose agent has not reported it). Repeatable.",
            HelpName = "PORT=N",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("flows",
            "Show the OpenFlow a host installs on br-int, in ovs-ofctl dump-flows layout with table names, as the agent computes it. " +
            "Without --script or -f, from what northd serves now: its logical flows, chassis, port bindings and the OpenFlow port numbers " +
            "each agent reported, so the output matches `ovs-ofctl dump-flows br-int` on that host.\n" +
            "Examples:\n  overlay flows --chassis hv1 --annotate\n  overlay flows --chassis hv1 --ofport sw0-port1=3 -o json\n" +
            "  overlay flows --script two-tier.nbctl --bindings two-tier.bindings --chassis hv2");
        topology.AddTo(command);
        command.Options.Add(bindings.Bindings);
        command.Options.Add(chassis);
        command.Options.Add(annotate);
        command.Options.Add(ofports);
        command.Options.Add(format);
        command.Validators.Add(r =>
        {
            bool offline = r.GetResult(topology.Script) is not null || r.GetResult(topology.File) is not null;
            if (offline && r.GetResult(bindings.Bindings) is null) r.AddError("offline (--script or -f), --bindings FILE is needed to know where ports live");
            if (!offline && r.GetResult(bindings.Bindings) is not null) r.AddError("--bindings goes with --script or -f; online, the bindings are northd's");
            if (offline && r.GetResult(ofports) is not null) r.AddError("--ofport is for online use; offline, OpenFlow ports come from --bindings");
        });
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var host = parse.GetValue(chassis)!;
            var ports = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (var spec in parse.GetValue(ofports) ?? [])
            {
                int eq = spec.IndexOf('=');
                if (eq <= 0 || !uint.TryParse(spec.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is 0 or >= 0xff00)
                {
                    error.WriteLine($"overlay: --ofport {spec}: expected LOGICAL_PORT=N with N from 1 to 65279");
                    return ExitCodes.BadInput;
                }
                ports[spec[..eq]] = n;
            }
            var (network, online) = await topology.NetworkAsync(parse, env, ct);
            if (network is null) return ExitCodes.BadInput;
            Translation? translation;
            if (online is not null)
            {
                translation = online.Translate(host, ports, error, out var missing);
                if (translation is not null && missing.Count > 0)
                    error.WriteLine($"overlay: {host}: the OpenFlow port numbers of these local VIFs were not reported by its agent; flows matching or outputting to " +
                        $"{string.Join(", ", missing)} are left out (give --ofport PORT=N to include them)");
            }
            else
            {
                var b = bindings.Load(parse);
                if (b is null) return ExitCodes.BadInput;
                translation = BindingsOption.Translate(b, host, network, error);
            }
            if (translation is null) return ExitCodes.BadInput;
            parse.InvocationConfiguration.Output.Write(parse.GetValue(format) == "json"
                ? HostJson.Write(translation)
                : FlowText.DumpFlows(translation.Flows, names: true, annotate: parse.GetValue(annotate)));
            error.WriteLine($"{host}: {translation.Flows.Length} OpenFlow flows from {network.Flows.Length} logical flows, {translation.Tunnels.Length} tunnel ports");
            return ExitCodes.Ok;
        });
        return command;
    }
}
