using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Overlay.Agent.Bench;
using Overlay.Agent.Commands;
using Overlay.Agent.Configuration;

namespace Overlay.Agent;

/// <summary>
/// The <c>overlay-agent</c> command line: the daemon (no subcommand), <c>flows</c> and <c>bench</c>.
/// Every daemon option maps to one <see cref="AgentOptions"/> property.
/// </summary>
public static class AgentCli
{
    private static readonly AgentOptions Defaults = new();

    private static readonly Option<string?> View = new("--view") { Description = "Host view file (JSON); re-read when it changes.", HelpName = "FILE" };
    private static readonly Option<string?> Northd = new("--northd") { Description = "overlay-northd address: subscribe to this host's view over the Southbound stream (instead of --view), report VIF bindings and installed revisions.", HelpName = "URL" };
    private static readonly Option<string> Ovsdb = new("--ovsdb") { Description = $"OVSDB remote, or '{AgentOptions.NoOvsdb}'.", DefaultValueFactory = _ => Defaults.Ovsdb };
    private static readonly Option<string> OpenFlow = new("--openflow") { Description = "OpenFlow target: the bridge's management socket.", DefaultValueFactory = _ => Defaults.OpenFlow };
    private static readonly Option<string> Bridge = new("--bridge") { Description = "Integration bridge.", DefaultValueFactory = _ => Defaults.Bridge };
    private static readonly Option<string> DatapathType = new("--datapath-type") { Description = "Bridge datapath_type (netdev = userspace).", DefaultValueFactory = _ => Defaults.DatapathType };
    private static readonly Option<string> CacheDir = new("--cache-dir") { Description = "Where the last applied view is cached (with --northd also what northd sent, to resume from its revision).", DefaultValueFactory = _ => Defaults.CacheDir };
    private static readonly Option<double> AuditSeconds = new("--audit-interval") { Description = "Seconds between drift audits.", DefaultValueFactory = _ => Defaults.AuditInterval.TotalSeconds };
    private static readonly Option<string?> Chassis = new("--chassis") { Description = "Chassis name (overrides OVSDB external_ids:overlay-chassis-id)." };
    private static readonly Option<string?> EncapIp = new("--encap-ip") { Description = "Geneve encap IP (overrides OVSDB external_ids:overlay-encap-ip)." };
    private static readonly Option<bool> Annotate = new("--annotate") { Description = "Show the logical flow (or binding) behind each flow's cookie." };
    private static readonly Option<int> BenchFlows = new("--flows") { Description = "How many flows to install.", DefaultValueFactory = _ => 100_000 };
    private static readonly Option<int> BenchRounds = new("--rounds") { Description = "Repetitions of each measurement.", DefaultValueFactory = _ => 3 };
    private static readonly Option<string> Ofctl = new("--ofctl") { Description = "ovs-ofctl to compare with.", DefaultValueFactory = _ => "/usr/bin/ovs-ofctl" };

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "overlay-agent: keeps br-int's OpenFlow in sync with this host's view of the logical network, " +
            "from overlay-northd (--northd http://127.0.0.1:6641) or a view file (--view FILE). " +
            "Chassis name and encap IP come from OVSDB Open_vSwitch external_ids:overlay-chassis-id and " +
            "external_ids:overlay-encap-ip unless given here.");
        foreach (Option o in new Option[] { View, Northd, Ovsdb, OpenFlow, Bridge, DatapathType, CacheDir, AuditSeconds, Chassis, EncapIp })
            root.Options.Add(o);
        root.SetAction(async (parse, ct) =>
        {
            // Command-line mistakes get a plain message; the host validates the merged configuration again.
            var given = new AgentOptions();
            Apply(parse, given);
            if (new AgentOptionsValidator().Validate(null, given) is { Failed: true } invalid)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("overlay-agent: " + string.Join("; ", invalid.Failures!));
                return 2;
            }

            using IHost host = AgentHost.Build(o => Apply(parse, o));
            try
            {
                await host.RunAsync(ct);
                return 0;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("overlay-agent: " + string.Join("; ", e.Failures));
                return 2;
            }
        });

        var flows = new Command("flows", "Print the flows installed on the bridge (ovs-ofctl dump-flows layout).");
        foreach (Option o in new Option[] { OpenFlow, Annotate, View, CacheDir })
            flows.Options.Add(o);
        flows.SetAction((parse, ct) => FlowsCommand.RunAsync(
            parse.GetValue(OpenFlow)!, parse.GetValue(Annotate), parse.GetValue(View), parse.GetValue(CacheDir)!,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        root.Subcommands.Add(flows);

        var bench = new Command("bench", "Install many flows into a real switch with bundles and compare with ovs-ofctl --bundle add-flows; measure one-flow change latency.");
        foreach (Option o in new Option[] { OpenFlow, BenchFlows, BenchRounds, Ofctl })
            bench.Options.Add(o);
        bench.SetAction((parse, ct) => InstallBenchmark.RunAsync(
            parse.GetValue(OpenFlow)!, parse.GetValue(BenchFlows), parse.GetValue(BenchRounds), parse.GetValue(Ofctl)!,
            parse.InvocationConfiguration.Output, ct));
        root.Subcommands.Add(bench);
        return root;
    }

    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();

    private static void Apply(ParseResult parse, AgentOptions o)
    {
        // Only what was given on the command line overrides configuration.
        if (Given(parse, View))
            o.ViewFile = parse.GetValue(View);
        if (Given(parse, Northd))
            o.Northd = parse.GetValue(Northd);
        Set(parse, Ovsdb, v => o.Ovsdb = v);
        Set(parse, OpenFlow, v => o.OpenFlow = v);
        Set(parse, Bridge, v => o.Bridge = v);
        Set(parse, DatapathType, v => o.DatapathType = v);
        Set(parse, CacheDir, v => o.CacheDir = v);
        if (Given(parse, AuditSeconds))
            o.AuditInterval = TimeSpan.FromSeconds(parse.GetValue(AuditSeconds));
        if (Given(parse, Chassis))
            o.Chassis = parse.GetValue(Chassis);
        if (Given(parse, EncapIp))
            o.EncapIp = parse.GetValue(EncapIp);
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static void Set(ParseResult parse, Option<string> option, Action<string> set)
    {
        if (Given(parse, option))
            set(parse.GetValue(option)!);
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
