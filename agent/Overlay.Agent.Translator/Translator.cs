using System.Collections.Concurrent;
using System.Collections.Immutable;
using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Physical;

namespace Overlay.Agent.Translator;

/// <summary>
/// Stage 2, full translation: one host's view → its desired OpenFlow, tunnel ports and diagnostics. Pure and
/// deterministic: the same view gives the same flows in the same order. Logical flows are independent, so they
/// are translated in parallel; every scope is then assembled on its own, from drafts sorted by content.
/// </summary>
public static class Translator
{
    public static Translation Translate(HostView view, TranslatorOptions? options = null)
    {
        options ??= TranslatorOptions.Default;
        var index = new HostIndex(view, options);
        var syntax = new SyntaxCache();
        var flows = view.Network.Flows;
        var parts = new ConcurrentBag<(Dictionary<(byte, ushort, uint), List<Draft>> Scopes, List<TranslationDiagnostic> Problems)>();
        Parallel.ForEach(Partitioner.Create(0, flows.Length, Math.Max(256, flows.Length / (4 * Environment.ProcessorCount) + 1)), range =>
        {
            var scopes = new Dictionary<(byte, ushort, uint), List<Draft>>();
            var problems = new List<TranslationDiagnostic>();
            for (int i = range.Item1; i < range.Item2; i++)
            {
                var flow = flows[i];
                if (!index.IsRelevant(flow.Datapath)) continue;
                foreach (var d in LogicalFlowTranslator.Translate(flow, index, syntax, options, problems))
                {
                    if (!scopes.TryGetValue(d.Scope, out var list)) scopes[d.Scope] = list = [];
                    list.Add(d);
                }
            }
            parts.Add((scopes, problems));
        });

        var merged = new Dictionary<(byte, ushort, uint), List<Draft>>();
        var diagnostics = new List<TranslationDiagnostic>();
        foreach (var (scopes, problems) in parts)
        {
            diagnostics.AddRange(problems);
            foreach (var (scope, drafts) in scopes)
            {
                if (merged.TryGetValue(scope, out var list)) list.AddRange(drafts);
                else merged[scope] = drafts;
            }
        }
        var assembled = new ConcurrentBag<(List<DesiredFlow> Flows, List<TranslationDiagnostic> Problems)>();
        Parallel.ForEach(Partitioner.Create(merged.Values.ToArray(), loadBalance: true), () => (new List<DesiredFlow>(), new List<TranslationDiagnostic>()),
            (drafts, _, local) =>
            {
                FlowAssembler.Assemble(drafts, local.Item1, local.Item2);
                return local;
            },
            local => assembled.Add(local));
        var all = PhysicalFlows.Generate(index);
        foreach (var (f, p) in assembled)
        {
            all.AddRange(f);
            diagnostics.AddRange(p);
        }
        return new Translation(FlowAssembler.Order(all), index.Tunnels, index.Relevant, Sorted(diagnostics));
    }

    internal static ImmutableArray<TranslationDiagnostic> Sorted(IEnumerable<TranslationDiagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.FlowId ?? 0).ThenBy(d => d.Kind).ThenBy(d => d.Message, StringComparer.Ordinal).ThenBy(d => d.Subject, StringComparer.Ordinal)];
}
