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
        var flows = view.Network.Flows;
        var index = cache is null ? new HostIndex(view, options) : cache.Index(view, options);
        var syntax = cache?.Syntax ?? SyntaxCache.ForOneTranslation();
        var stamps = cache?.Stamps(index);
        var (positions, bounds) = RelevantFlows(flows, index, view.Network.FlowsByDatapath);
        var shared = cache?.Interner ?? new FlowInterner(expected: positions.Length);
        var problems = new ConcurrentBag<List<TranslationDiagnostic>>();
        // Each datapath's flows, its physical-table flows first, sorted where they were made: the end only merges.
        var runs = new FlowAssembler.SortedRun[index.Relevant.Length + 1];
        // One datapath at a time: its flows' drafts are assembled as soon as they are made, so they die young.
        if (bounds.Length > 1)
        {
            // Datapaths with the most flows first: the last ones handed out are then small, and both cores finish
            // together (a host with a few datapaths would otherwise wait on one router's flows at the end).
            var order = new int[bounds.Length - 1];
            for (int k = 0; k < order.Length; k++) order[k] = k;
            int Size(int k) => bounds[k + 1] - bounds[k];
            Array.Sort(order, (a, b) => Size(a) != Size(b) ? Size(b).CompareTo(Size(a)) : a.CompareTo(b));
            // As many workers as cores: more only take turns on them.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.ForEach(Partitioner.Create(0, order.Length, 1), parallel, () => new List<TranslationDiagnostic>(),
                (range, _, local) =>
                {
                    for (int j = range.Item1; j < range.Item2; j++)
                    {
                        int k = order[j];
                        var physical = new List<DesiredFlow>();
                        PhysicalFlows.OfDatapath(index, index.Relevant[k], physical, shared.Fields);
                        var logical = new List<DesiredFlow>(Size(k));
                        TranslateDatapath(positions.AsSpan(bounds[k], Size(k)), flows, index, syntax, options, cache, stamps, shared, logical, local);
                        runs[k + 1] = new FlowAssembler.SortedRun(physical, logical);
                    }
                    return local;
                },
                problems.Add);
        }
        // The physical flows of no datapath (tunnel classification, then table defaults) are one more run.
        var (first, last) = PhysicalFlows.Fixed(index);
        runs[0] = new FlowAssembler.SortedRun(first, last);
        var diagnostics = new List<TranslationDiagnostic>();
        foreach (var p in problems) diagnostics.AddRange(p);
        return new Translation(FlowAssembler.Merge(runs), index.Tunnels, index.Relevant, Sorted(diagnostics));
    }

    /// <summary>
    /// The flows of one datapath (their positions, in flow order) → drafts by scope → assembled flows, reusing what
    /// <paramref name="cache"/> assembled before from the very same drafts.
    /// </summary>
    private static void TranslateDatapath(ReadOnlySpan<int> positions, ImmutableArray<LogicalFlow> flows, HostIndex index, SyntaxCache syntax,
        TranslatorOptions options, TranslationCache? cache, Dictionary<uint, DatapathStamp>? stamps, FlowInterner shared,
        List<DesiredFlow> into, List<TranslationDiagnostic> problems)
    {
        if (positions.IsEmpty) return;
        uint datapath = flows[positions[0]].Datapath;
        var stamp = stamps?[datapath];
        // One lookup for all the datapath's flows (a datapath the index does not know: each flow reports it).
        var names = index.Scopes.TryGetValue(datapath, out var found) ? found : null;
        var elsewhere = index.ElsewhereKeys(datapath);
        var scopes = new Dictionary<(byte, ushort, uint), List<Draft>>();
        // Flows come by stage and priority, so a draft is mostly in the scope of the one before.
        List<Draft>? last = null;
        (byte Table, ushort Priority, uint Datapath) lastScope = default;
        foreach (int at in positions)
        {
            var drafts = names is null
                ? LogicalFlowTranslator.Translate(flows[at], index, syntax, options, problems, cache, stamp, shared)
                : LogicalFlowTranslator.Translate(flows[at], index, names, elsewhere, syntax, options, problems, cache, stamp, shared);
            for (int k = 0; k < drafts.Count; k++)
            {
                var d = drafts[k];
                if (last is null || d.Table != lastScope.Table || d.Priority != lastScope.Priority || d.Datapath != lastScope.Datapath)
                {
                    lastScope = d.Scope;
                    if (!scopes.TryGetValue(lastScope, out last)) scopes[lastScope] = last = [];
                }
                last.Add(d);
            }
        }
        foreach (var (scope, drafts) in scopes)
        {
            if (cache is null)
            {
                FlowAssembler.Assemble(drafts, into, problems, shared);
                continue;
            }
            if (!cache.TryGetAssembled(scope, drafts, out var known))
            {
                var f = new List<DesiredFlow>();
                var p = new List<TranslationDiagnostic>();
                FlowAssembler.Assemble(drafts, f, p, shared);
                known = new AssembledScope([.. drafts], [.. f], [.. p]);
                cache.StoreAssembled(scope, known);
            }
            into.AddRange(known.Flows);
            problems.AddRange(known.Problems);
        }
    }

    /// <summary>
    /// Positions of the flows on datapaths this host translates, grouped by datapath (ascending) and in flow order
    /// within each; group k is <c>positions[bounds[k]..bounds[k+1]]</c>. Flows come <paramref name="sorted"/> by
    /// datapath from northd (<see cref="LogicalNetwork.FlowsByDatapath"/>), so each relevant datapath's run is found by
    /// binary search.
    /// </summary>
    private static (int[] Positions, int[] Bounds) RelevantFlows(ImmutableArray<LogicalFlow> flows, HostIndex index, bool sorted)
    {
        var all = flows.AsSpan();
        if (!sorted) return RelevantFlowsUnsorted(all, index);
        // Each datapath's run [first of dp, first of dp + 1), then its positions.
        var runs = new (int Start, int End)[index.Relevant.Length];
        int count = 0;
        for (int k = 0; k < runs.Length; k++)
        {
            uint dp = index.Relevant[k];
            int start = Search.FirstAtLeast(all, dp, DatapathOf);
            int end = dp == uint.MaxValue ? all.Length : Search.FirstAtLeast(all[start..], dp + 1, DatapathOf) + start;
            runs[k] = (start, end);
            count += end - start;
        }
        var positions = new int[count];
        var bounds = new int[runs.Length + 1];
        int n = 0;
        for (int k = 0; k < runs.Length; k++)
        {
            for (int i = runs[k].Start; i < runs[k].End; i++) positions[n++] = i;
            bounds[k + 1] = n;
        }
        return (positions, bounds);
    }

    /// <summary>As <see cref="RelevantFlows"/>, for flows in no particular order: one pass over them all.</summary>
    private static (int[] Positions, int[] Bounds) RelevantFlowsUnsorted(ReadOnlySpan<LogicalFlow> all, HostIndex index)
    {
        var positions = new List<int>();
        var bounds = new List<int>(index.Relevant.Length + 1) { 0 };
        var byDatapath = new Dictionary<uint, List<int>>();
        for (int i = 0; i < all.Length; i++)
        {
            if (!index.IsRelevant(all[i].Datapath)) continue;
            if (!byDatapath.TryGetValue(all[i].Datapath, out var list)) byDatapath[all[i].Datapath] = list = [];
            list.Add(i);
        }
        foreach (uint dp in index.Relevant)
        {
            if (byDatapath.TryGetValue(dp, out var list)) positions.AddRange(list);
            bounds.Add(positions.Count);
        }
        return ([.. positions], [.. bounds]);
    }

    private static readonly Func<LogicalFlow, uint> DatapathOf = f => f.Datapath;

    internal static ImmutableArray<TranslationDiagnostic> Sorted(IEnumerable<TranslationDiagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.FlowId ?? 0).ThenBy(d => d.Kind).ThenBy(d => d.Message, StringComparer.Ordinal).ThenBy(d => d.Subject, StringComparer.Ordinal)];
}
