using System.CommandLine;
using System.Text.Json;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Cli.Commands;

/// <summary><c>overlay compile</c>: the whole stage-1 output for a topology, offline.</summary>
internal static class CompileCommand
{
    public static Command Create()
    {
        var topology = new TopologyOptions();
        var format = OutputFormat.Create();
        var bindings = new BindingsOption();
        var chassis = new Option<string?>("--chassis")
        {
            Description = "Show the OpenFlow this host installs on br-int (ovs-ofctl dump-flows layout with table names) instead of the logical flows. Needs --bindings.",
            HelpName = "HOST",
        };
        var annotate = new Option<bool>("--annotate") { Description = "With --chassis: print under each OpenFlow flow the logical flow (stage, match, actions) or binding it came from." };
        var command = new Command("compile",
            "Compile a topology into logical flows, offline, and print them (ovn-sbctl lflow-list layout, or JSON with -o json); " +
            "with --chassis HOST --bindings FILE, print the OpenFlow that host installs. " +
            "Every problem in the input is reported with file:line and nothing is compiled. " +
            "Note: allow-related ACLs compile as allow (no connection tracking yet) and reject compiles as drop (no reply is synthesized yet).\n" +
            "Examples:\n  overlay compile -f deploy/examples/two-tier.yaml\n  overlay compile --script two-tier.nbctl -o json\n" +
            "  overlay compile --script two-tier.nbctl --bindings two-tier.bindings --chassis hv1 --annotate");
        topology.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(chassis);
        command.Options.Add(bindings.Bindings);
        command.Options.Add(annotate);
        command.Validators.Add(r =>
        {
            if (r.GetResult(chassis) is not null && r.GetResult(bindings.Bindings) is null)
                r.AddError("--chassis needs --bindings FILE to know where ports live");
            if (r.GetResult(annotate) is not null && r.GetResult(chassis) is null)
                r.AddError("--annotate applies to --chassis output");
        });
        command.SetAction(parse =>
        {
            var network = topology.Compile(parse);
            if (network is null) return ExitCodes.BadInput;
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(chassis) is { } host)
            {
                var b = bindings.Load(parse);
                if (b is null) return ExitCodes.BadInput;
                var translation = BindingsOption.Translate(b, host, network, parse.InvocationConfiguration.Error);
                if (translation is null) return ExitCodes.BadInput;
                output.Write(parse.GetValue(format) == "json"
                    ? HostJson.Write(translation)
                    : Overlay.Agent.Translator.Text.FlowText.DumpFlows(translation.Flows, names: true, annotate: parse.GetValue(annotate)));
                parse.InvocationConfiguration.Error.WriteLine(
                    $"{host}: {translation.Flows.Length} OpenFlow flows from {network.Flows.Length} logical flows, {translation.Tunnels.Length} tunnel ports");
                return ExitCodes.Ok;
            }
            if (parse.GetValue(format) == "json")
                output.Write(NetworkJson.Write(network));
            else
                output.Write(LflowListFormatter.Format(network));
            parse.InvocationConfiguration.Error.WriteLine(
                $"compiled {network.Datapaths.Length} datapaths, {network.Ports.Length} port bindings, " +
                $"{network.MulticastGroups.Length} multicast groups, {network.Flows.Length} logical flows");
            return ExitCodes.Ok;
        });
        return command;
    }
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
}

internal static class OutputFormat
{
    public static Option<string> Create()
    {
        var o = new Option<string>("--output", "-o")
        {
            Description = "Output format: table (the ovn-sbctl layout people read) or json (for scripts).",
            DefaultValueFactory = _ => "table",
            HelpName = "table|json",
        };
        o.AcceptOnlyFromAmong("table", "json");
        return o;
    }
}

/// <summary>JSON form of one host's OpenFlow, for scripts.</summary>
internal static class HostJson
{
    public static string Write(Overlay.Agent.Translator.Translation t)
    {
        var doc = new
        {
            tunnels = t.Tunnels.Select(x => new { name = x.Name, chassis = x.Chassis, remote_ip = x.RemoteIp, ofport = x.OfPort }),
            flows = t.Flows.Select(f => new
            {
                table = f.Flow.Table,
                priority = f.Flow.Priority,
                cookie = "0x" + f.Flow.Cookie.ToString("x"),
                match = f.Flow.Match.ToString(),
                actions = f.Flow.Actions.ToString(),
                origins = f.Origins.Select(o => o.Describe()),
            }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
    }
}

/// <summary>JSON form of a compiled network, for scripts.</summary>
internal static class NetworkJson
{
    public static string Write(LogicalNetwork n)
    {
        var doc = new
        {
            revision = n.Revision,
            datapaths = n.Datapaths.Select(d => new { key = d.Key, name = d.Name, kind = d.Kind == DatapathKind.Switch ? "switch" : "router" }),
            port_bindings = n.Ports.Select(p => new { name = p.Name, datapath = p.Datapath, key = p.Key, type = p.Type, peer = p.Peer, addresses = p.Addresses.Items, port_security = p.PortSecurity.Items }),
            multicast_groups = n.MulticastGroups.Select(m => new { datapath = m.Datapath, name = m.Name, key = m.Key, ports = m.Ports.Items }),
            address_sets = n.AddressSets.Select(a => new { name = a.Name, addresses = a.Addresses.Items }),
            port_groups = n.PortGroups.Select(p => new { name = p.Name, ports = p.Ports.Items }),
            logical_flows = n.Flows.Select(f => new
            {
                id = f.IdText,
                datapath = f.Datapath,
                pipeline = f.Pipeline == Pipeline.Ingress ? "ingress" : "egress",
                table = f.Stage.Table,
                stage = f.Stage.Name,
                priority = f.Priority,
                match = f.Match,
                actions = f.Actions,
                source = f.Source,
            }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
    }
}
