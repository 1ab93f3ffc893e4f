using System.Collections.Immutable;
using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Physical;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Incremental;

/// <summary>
/// Stage 2, incremental. Keeps one host's translation as drafts per logical flow and assembled flows per scope
/// (table, priority, datapath). A logical-flow diff re-translates only the flows it names, plus the flows naming an
/// address set or port group that changed, and re-assembles only the scopes they touch; any other change to the
/// view (bindings, ports, multicast groups, datapaths, chassis) falls back to a full translation. Either way the
/// result equals <see cref="Translator.Translate"/> of the new view (property-tested). Logical flow ids are unique
/// within a network, as northd guarantees. Not thread-safe: one caller updates it at a time.
/// </summary>
public sealed class IncrementalTranslator
{
    private readonly TranslatorOptions options;
    private readonly TranslationCache cache;
    private HostIndex index;
    private FlowInterner? shared;
    private readonly Dictionary<ulong, (LogicalFlow Flow, IReadOnlyList<Draft> Drafts, List<TranslationDiagnostic> Problems)> byFlow = [];
    private readonly Dictionary<(byte, ushort, uint), Dictionary<ulong, IReadOnlyList<Draft>>> scopes = [];
    private readonly Dictionary<(byte, ushort, uint), (List<DesiredFlow> Flows, List<TranslationDiagnostic> Problems)> assembled = [];
    private List<DesiredFlow> physical = [];
    private Translation? current;

    public IncrementalTranslator(HostView view, TranslatorOptions? options = null) : this(view, options, null)
    {
    }

    /// <summary>
    /// Starts from <paramref name="view"/>, reusing and keeping in <paramref name="cache"/> (null: a private one) the
    /// parsed text and per-logical-flow translations, so a full translation of the same host just before, or a
    /// fall-back to a full rebuild after a binding change, re-translates only the flows whose names changed.
    /// </summary>
    public IncrementalTranslator(HostView view, TranslatorOptions? options, TranslationCache? cache)
    {
        this.options = options ?? TranslatorOptions.Default;
        this.cache = cache ?? new TranslationCache();
        index = this.cache.Index(view, this.options);
        Rebuild();
    }

    public HostView View => index.View;

    /// <summary>The whole translation of <see cref="View"/>; built on first use after an update.</summary>
    public Translation Current => current ??= Materialize();

    /// <summary>
    /// Moves to <paramref name="next"/>, whose logical flows are the current ones minus <paramref name="removed"/> plus
    /// <paramref name="added"/> (a changed flow in both, by id), and returns the OpenFlow difference.
    /// </summary>
    public FlowDelta Update(HostView next, IReadOnlyCollection<LogicalFlow> added, IReadOnlyCollection<LogicalFlow> removed)
    {
        var before = Current.Flows;
        current = null;
        if (!index.View.DiffersOnlyInFlowsAndSets(next))
        {
            index = cache.Index(next, options);
            Rebuild();
            return FlowDelta.Between(before, Current.Flows);
        }
        var changedSets = ChangedSets(index.View.Network, next.Network);
        index = new HostIndex(next, index);
        var touched = new HashSet<(byte, ushort, uint)>();
        shared = new FlowInterner();
        foreach (var flow in removed) Forget(flow.Id, touched);
        foreach (var flow in added)
        {
            Forget(flow.Id, touched);
            Learn(flow, touched);
        }
        if (changedSets.Count > 0)
        {
            var addedIds = added.Select(f => f.Id).ToHashSet();
            var stale = byFlow.Values.Select(v => v.Flow).Where(f => !addedIds.Contains(f.Id) && Mentions(f.Match, changedSets)).ToList();
            foreach (var flow in stale)
            {
                Forget(flow.Id, touched);
                Learn(flow, touched);
            }
        }
        var removedFlows = ImmutableArray.CreateBuilder<DesiredFlow>();
        var addedFlows = ImmutableArray.CreateBuilder<DesiredFlow>();
        foreach (var scope in touched.Order())
        {
            var old = assembled.TryGetValue(scope, out var a) ? a.Flows : [];
            var now = Assemble(scope);
            var delta = FlowDelta.Between(old, now);
            removedFlows.AddRange(delta.Removed);
            addedFlows.AddRange(delta.Added);
        }
        shared = null;
        return new FlowDelta(removedFlows.ToImmutable(), addedFlows.ToImmutable());
    }

    /// <summary>"$name" for each address set and "@name" for each port group that differs between the networks.</summary>
    private static HashSet<string> ChangedSets(LogicalNetwork a, LogicalNetwork b)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var sets = a.AddressSets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var s in b.AddressSets)
            if (!sets.Remove(s.Name, out var old) || old != s) changed.Add("$" + s.Name);
        changed.UnionWith(sets.Keys.Select(n => "$" + n));
        var groups = a.PortGroups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        foreach (var g in b.PortGroups)
            if (!groups.Remove(g.Name, out var old) || old != g) changed.Add("@" + g.Name);
        changed.UnionWith(groups.Keys.Select(n => "@" + n));
        return changed;
    }

    /// <summary>True when the match text names one of <paramref name="names"/> as a whole token.</summary>
    private static bool Mentions(string match, HashSet<string> names)
    {
        for (int i = 0; i < match.Length; i++)
        {
            if (match[i] is not ('$' or '@')) continue;
            int end = i + 1;
            while (end < match.Length && (char.IsAsciiLetterOrDigit(match[end]) || match[end] is '_' or '.')) end++;
            if (names.Contains(match[i..end])) return true;
            i = end - 1;
        }
        return false;
    }

    private void Rebuild()
    {
        byFlow.Clear();
        scopes.Clear();
        assembled.Clear();
        physical = PhysicalFlows.Generate(index);
        var touched = new HashSet<(byte, ushort, uint)>();
        shared = new FlowInterner();
        foreach (var flow in index.View.Network.Flows) Learn(flow, touched);
        foreach (var scope in touched) Assemble(scope);
        shared = null;
    }

    private void Learn(LogicalFlow flow, HashSet<(byte, ushort, uint)> touched)
    {
        if (!index.IsRelevant(flow.Datapath)) return;
        var problems = new List<TranslationDiagnostic>();
        var drafts = LogicalFlowTranslator.Translate(flow, index, cache.Syntax, options, problems, cache, cache.Stamp(index, index.Scopes[flow.Datapath]));
        byFlow[flow.Id] = (flow, drafts, problems);
        foreach (var group in drafts.GroupBy(d => d.Scope))
        {
            if (!scopes.TryGetValue(group.Key, out var members)) scopes[group.Key] = members = [];
            members[flow.Id] = [.. group];
            touched.Add(group.Key);
        }
    }

    private void Forget(ulong id, HashSet<(byte, ushort, uint)> touched)
    {
        if (!byFlow.Remove(id, out var old)) return;
        foreach (var scope in old.Drafts.Select(d => d.Scope).Distinct())
        {
            scopes[scope].Remove(id);
            touched.Add(scope);
        }
    }

    private List<DesiredFlow> Assemble((byte, ushort, uint) scope)
    {
        var flows = new List<DesiredFlow>();
        var problems = new List<TranslationDiagnostic>();
        if (scopes.TryGetValue(scope, out var members) && members.Count > 0)
            FlowAssembler.Assemble([.. members.Values.SelectMany(d => d)], flows, problems, shared);
        if (flows.Count == 0 && problems.Count == 0)
        {
            scopes.Remove(scope);
            assembled.Remove(scope);
        }
        else assembled[scope] = (flows, problems);
        return flows;
    }

    private Translation Materialize()
    {
        var flows = FlowAssembler.Order(physical.Concat(assembled.Values.SelectMany(a => a.Flows)));
        var problems = byFlow.Values.SelectMany(f => f.Problems).Concat(assembled.Values.SelectMany(a => a.Problems));
        return new Translation(flows, index.Tunnels, index.Relevant, Translator.Sorted(problems));
    }
}
