using System.Collections.Concurrent;
using System.Collections.Immutable;
using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Physical;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>
/// Stage 2, full translation: one host's view → its desired OpenFlow, tunnel ports and diagnostics. Pure and
/// deterministic: the same view gives the same flows in the same order. Logical flows are independent, so they
/// are translated in parallel; every scope is then assembled on its own, from drafts sorted by content.
/// </summary>
public static class Translator
{
    public static Translation Translate(HostView view, TranslatorOptions? options = null) => Translate(view, options, null);

    /// <summary>
    /// As <see cref="Translate(HostView, TranslatorOptions?)"/>, reusing from <paramref name="cache"/> what an earlier
    /// translation of the same host worked out (parsed text, the translation of every logical flow whose datapath
    /// names and lookups did not change), and leaving this translation's there for the next. Same result as without.
    /// </summary>
    public static Translation Translate(HostView view, TranslatorOptions? options, TranslationCache? cache)
    {
        options ??= TranslatorOptions.Default;
        var index = cache is null ? new HostIndex(view, options) : cache.Index(view, options);
        var syntax = cache?.Syntax ?? SyntaxCache.ForOneTranslation();
        var stamps = cache is null ? null : index.Relevant.ToDictionary(dp => dp, dp => cache.Stamp(index, index.Scopes[dp]));
        var flows = view.Network.Flows;
        var relevant = RelevantFlows(flows, index);
        var parts = new ConcurrentBag<(int Start, Dictionary<(byte, ushort, uint), List<Draft>> Scopes, List<TranslationDiagnostic> Problems)>();
        Parallel.ForEach(Partitioner.Create(0, Math.Max(relevant.Length, 1), Math.Max(64, relevant.Length / (4 * Environment.ProcessorCount) + 1)), range =>
        {
            var scopes = new Dictionary<(byte, ushort, uint), List<Draft>>();
            var problems = new List<TranslationDiagnostic>();
            for (int i = range.Item1; i < Math.Min(range.Item2, relevant.Length); i++)
            {
                var flow = flows[relevant[i]];
                var drafts = LogicalFlowTranslator.Translate(flow, index, syntax, options, problems, cache, stamps?[flow.Datapath]);
                for (int k = 0; k < drafts.Count; k++)
                {
                    var d = drafts[k];
                    if (!scopes.TryGetValue(d.Scope, out var list)) scopes[d.Scope] = list = [];
                    list.Add(d);
                }
            }
            parts.Add((range.Item1, scopes, problems));
        });

        var merged = new Dictionary<(byte, ushort, uint), List<Draft>>();
        var diagnostics = new List<TranslationDiagnostic>();
        // In flow order, so a scope's drafts come in the same order every time (assembly sorts them anyway;
        // a cache compares them as they come).
        foreach (var (_, scopes, problems) in parts.OrderBy(p => p.Start))
        {
            diagnostics.AddRange(problems);
            foreach (var (scope, drafts) in scopes)
            {
                if (merged.TryGetValue(scope, out var list)) list.AddRange(drafts);
                else merged[scope] = drafts;
            }
        }
        var shared = cache?.Interner ?? new FlowInterner();
        var assembled = new ConcurrentBag<(List<DesiredFlow> Flows, List<TranslationDiagnostic> Problems)>();
        Parallel.ForEach(Partitioner.Create(merged.ToArray(), loadBalance: true), () => (new List<DesiredFlow>(), new List<TranslationDiagnostic>()),
            (scope, _, local) =>
            {
                if (cache is null)
                {
                    FlowAssembler.Assemble(scope.Value, local.Item1, local.Item2, shared);
                    return local;
                }
                if (!cache.TryGetAssembled(scope.Key, scope.Value, out var known))
                {
                    var f = new List<DesiredFlow>();
                    var p = new List<TranslationDiagnostic>();
                    FlowAssembler.Assemble(scope.Value, f, p, shared);
                    known = new AssembledScope([.. scope.Value], [.. f], [.. p]);
                    cache.StoreAssembled(scope.Key, known);
                }
                local.Item1.AddRange(known.Flows);
                local.Item2.AddRange(known.Problems);
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

    /// <summary>
    /// Positions of the flows on datapaths this host translates, in flow order. Flows come sorted by datapath from
    /// northd, so each relevant datapath's run is found by binary search and the rest is never looked at.
    /// </summary>
    private static int[] RelevantFlows(ImmutableArray<LogicalFlow> flows, HostIndex index)
    {
        var all = flows.AsSpan();
        bool sorted = true;
        for (int i = 1; i < all.Length && sorted; i++) sorted = all[i - 1].Datapath <= all[i].Datapath;
        var result = new List<int>();
        if (!sorted)
        {
            for (int i = 0; i < all.Length; i++)
                if (index.IsRelevant(all[i].Datapath)) result.Add(i);
            return [.. result];
        }
        foreach (uint dp in index.Relevant)
        {
            int lo = 0, hi = all.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (all[mid].Datapath < dp) lo = mid + 1;
                else hi = mid;
            }
            for (int i = lo; i < all.Length && all[i].Datapath == dp; i++) result.Add(i);
        }
        return [.. result];
    }

    internal static ImmutableArray<TranslationDiagnostic> Sorted(IEnumerable<TranslationDiagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.FlowId ?? 0).ThenBy(d => d.Kind).ThenBy(d => d.Message, StringComparer.Ordinal).ThenBy(d => d.Subject, StringComparer.Ordinal)];
}
