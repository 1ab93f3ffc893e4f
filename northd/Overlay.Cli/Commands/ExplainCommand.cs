using System.CommandLine;
using System.Text;
using Overlay.Agent.Translator;
using Overlay.Agent.Translator.Text;
using Overlay.Cli.Online;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Cli.Commands;

/// <summary>
/// <c>overlay explain</c>: from an NB object, a logical flow id or an OpenFlow cookie to the logical flows
/// involved and, with --bindings, the OpenFlow each host installs for them.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliEnvironment env)
    {
        var topology = new TopologyOptions(online: true);
        var bindings = new BindingsOption();
        var target = new Argument<string>("TARGET")
        {
            Description = "An NB object by name (switch, port, router, router port, port group; a switch or port group with its ACLs), a logical flow id (hex, as lflow-list --uuid prints) " +
                          "or an OpenFlow cookie (0x..., as flows and compile --chassis print): a logical flow's, or a physical-table flow's " +
                          "(port binding, multicast group, tunnel), which is looked up on the hosts (offline: --bindings).",
        };
        var command = new Command("explain",
            "Explain where flows come from: an NB object → its logical flows → the OpenFlow each host installs for them. " +
            "Offline the hosts come from --bindings; without --script or -f, everything (flows, chassis, bindings) is what northd serves now.\n" +
            "Examples:\n  overlay explain sw0-port1\n  overlay explain 0x1234abcd5678ef00\n  overlay explain --script two-tier.nbctl --bindings two-tier.bindings pg_web");
        topology.AddTo(command);
        command.Options.Add(bindings.Bindings);
        command.Arguments.Add(target);
        command.SetAction(async (parse, ct) =>
        {
            var (network, online) = await topology.NetworkAsync(parse, env, ct);
            if (network is null) return ExitCodes.BadInput;
            var error = parse.InvocationConfiguration.Error;
            Input.Bindings? b = null;
            if (parse.GetValue(bindings.Bindings) is not null && (b = bindings.Load(parse)) is null) return ExitCodes.BadInput;
            var what = parse.GetValue(target)!;
            var flows = Resolve(what, network, out var header);
            ulong? cookie = flows.Count == 0 && FlowId.TryParse(what, out var id) ? id : null;
            if (flows.Count == 0 && cookie is null) return NamesNothing(what, error);
            // Each host translates only the datapaths of the flows explained: a datapath's OpenFlow comes from its own
            // logical flows alone (flows are assembled, and conjunction ids given, per datapath and table), so the
            // flows shown are those the host installs. A physical-table cookie needs no logical flow at all.
            var datapaths = flows.Select(f => f.Datapath).ToHashSet();
            var part = network with { Flows = [.. network.Flows.Where(f => datapaths.Contains(f.Datapath))] };
            var hosts = new List<(string Chassis, Translation Translation)>();
            foreach (var c in b?.Chassis ?? [])
            {
                var t = BindingsOption.Translate(b!, c.Name, part, error);
                if (t is null) return ExitCodes.BadInput;
                hosts.Add((c.Name, t));
            }
            // Online without a bindings file: every chassis northd knows, bound as northd says.
            if (b is null && online is not null)
                foreach (var c in online.Chassis)
                {
                    var t = online.Translate(c.Name, new Dictionary<string, uint>(), error, out _, part);
                    if (t is null) return ExitCodes.BadInput;
                    hosts.Add((c.Name, t));
                }
            var output = parse.InvocationConfiguration.Output;
            if (cookie is { } physical)
            {
                if (hosts.Count == 0)
                {
                    error.WriteLine($"overlay explain: '{what}' is no logical flow's id; to look it up as an OpenFlow cookie, give the hosts (--bindings FILE)");
                    return ExitCodes.BadInput;
                }
                var origins = hosts.SelectMany(h => h.Translation.Cookies.TryGetValue(physical, out var o) ? o : []).Distinct().ToList();
                if (origins.Count == 0) return NamesNothing(what, error);
                output.Write(RenderCookie(physical, origins, hosts));
                return ExitCodes.Ok;
            }
            output.Write(Render(header, flows, network, hosts));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int NamesNothing(string what, TextWriter error)
    {
        error.WriteLine($"overlay explain: '{what}' names no NB object, logical flow or cookie of this topology");
        return ExitCodes.BadInput;
    }

    /// <summary>
    /// The logical flows <paramref name="what"/> names: an NB object's (by name), with those of the ACLs it holds (a
    /// switch's or port group's, whose source ends "(Logical_Switch sw0)"), or one logical flow (by id).
    /// </summary>
    private static List<LogicalFlow> Resolve(string what, LogicalNetwork network, out string header)
    {
        string named = " " + what, holder = " " + what + ")";
        var bySource = network.Flows.Where(f => f.Source == what || f.Source.EndsWith(named, StringComparison.Ordinal)
            || f.Source.EndsWith(holder, StringComparison.Ordinal)).ToList();
        if (bySource.Count > 0)
        {
            header = string.Join(", ", bySource.Select(f => f.Source).Distinct());
            return bySource;
        }
        if (FlowId.TryParse(what, out var id))
        {
            var byId = network.Flows.Where(f => f.Id == id).ToList();
            if (byId.Count > 0)
            {
                header = $"logical flow {FlowId.Format(id)} ({byId[0].Source})";
                return byId;
            }
        }
        header = "";
        return [];
    }

    /// <summary>A physical-table flow's cookie: what it was made from, then each host's flows with that cookie.</summary>
    private static string RenderCookie(ulong cookie, List<FlowOrigin> origins, List<(string Chassis, Translation Translation)> hosts)
    {
        var sb = new StringBuilder();
        sb.Append($"cookie 0x{cookie:x}: ").Append(string.Join("; ", origins.Select(o => o.Describe()))).Append('\n');
        foreach (var (chassis, t) in hosts)
        {
            var of = t.Flows.Where(f => f.Flow.Cookie == cookie).ToList();
            sb.Append("    ").Append(chassis).Append(": ");
            if (of.Count == 0) { sb.Append("no OpenFlow with this cookie\n"); continue; }
            sb.Append(of.Count).Append(" OpenFlow flow(s)\n");
            foreach (var line in FlowText.DumpFlows(of, names: true).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                sb.Append("     ").Append(line).Append('\n');
        }
        return sb.ToString();
    }

    private static string Render(string header, List<LogicalFlow> flows, LogicalNetwork network, List<(string Chassis, Translation Translation)> hosts)
    {
        var sb = new StringBuilder();
        sb.Append(header).Append('\n');
        var byFlow = hosts.Select(h => ByLogicalFlow(h.Translation)).ToList();
        foreach (var f in flows)
        {
            var dp = network.Datapaths.FirstOrDefault(d => d.Key == f.Datapath);
            sb.Append("\nDatapath \"").Append(dp?.Name ?? f.Datapath.ToString()).Append("\" ").Append(f.Pipeline == Pipeline.Ingress ? "ingress" : "egress").Append('\n');
            LflowListFormatter.AppendFlow(sb, f, showId: true);
            for (int h = 0; h < hosts.Count; h++)
            {
                var of = byFlow[h].TryGetValue(f.Id, out var found) ? found : [];
                sb.Append("    ").Append(hosts[h].Chassis).Append(": ");
                if (of.Count == 0) { sb.Append("no OpenFlow (datapath not relevant there, or pinned to a port bound elsewhere)\n"); continue; }
                sb.Append(of.Count).Append(" OpenFlow flow(s)\n");
                foreach (var line in FlowText.DumpFlows(of, names: true).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    sb.Append("     ").Append(line).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// A host's flows by the logical flows they came from, each flow once per logical flow and in the host's order:
    /// what <see cref="Translation.FromLogicalFlow"/> gives, in one pass for all of them.
    /// </summary>
    private static Dictionary<ulong, List<DesiredFlow>> ByLogicalFlow(Translation translation)
    {
        var index = new Dictionary<ulong, List<DesiredFlow>>();
        foreach (var f in translation.Flows)
            foreach (var o in f.Origins)
            {
                if (o is not LogicalFlowOrigin l) continue;
                if (!index.TryGetValue(l.Flow.Id, out var list)) index[l.Flow.Id] = list = [];
                if (list.Count == 0 || !ReferenceEquals(list[^1], f)) list.Add(f);
            }
        return index;
    }
}
