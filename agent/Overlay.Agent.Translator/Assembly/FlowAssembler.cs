using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Translator.Assembly;

/// <summary>
/// Turns the drafts of one scope (table, priority, datapath) into flows: hands out conjunction ids, then merges
/// drafts with the same match. Conjunction clause flows of different logical flows merge their
/// <c>conjunction()</c> actions (as ovn-controller does); identical flows merge their origins; any other clash
/// keeps the flow with the lowest cookie and reports the rest. Everything depends only on the scope's drafts,
/// so an incremental update can re-assemble just the scopes it touched.
/// </summary>
internal static class FlowAssembler
{
    public static void Assemble(IReadOnlyList<Draft> drafts, List<DesiredFlow> flows, List<TranslationDiagnostic> diagnostics) =>
        Assemble(drafts, flows, diagnostics, null);

    /// <summary>As above, sharing equal matches' fields, action lists and origin lists through <paramref name="shared"/>.</summary>
    public static void Assemble(IReadOnlyList<Draft> drafts, List<DesiredFlow> flows, List<TranslationDiagnostic> diagnostics, FlowInterner? shared)
    {
        var ids = ConjunctionIds(drafts);
        // By cookie, then sequence; ties keep their order (what a stable OrderBy/ThenBy gives).
        var keys = new (ulong Cookie, int Sequence, int Position)[drafts.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = (FlowCookies.For(drafts[i].Origin), drafts[i].Sequence, i);
        Array.Sort(keys);
        // Matches in first-seen order; a list only for a match produced more than once. Most scopes hold a few
        // drafts: those look the match up among the firsts instead of building a dictionary.
        var byMatch = keys.Length > SmallScope ? new Dictionary<Match, int>(keys.Length) : null;
        var firsts = new List<(Draft Draft, FlowEntry Flow)>(keys.Length);
        Dictionary<int, List<(Draft Draft, FlowEntry Flow)>>? repeats = null;
        foreach (var key in keys)
        {
            var d = drafts[key.Position];
            var flow = Materialize(d, key.Cookie, ids, shared);
            if (IndexOf(flow.Match, byMatch, firsts) is int at)
            {
                repeats ??= [];
                if (!repeats.TryGetValue(at, out var list)) repeats[at] = list = [firsts[at]];
                list.Add((d, flow));
                continue;
            }
            byMatch?.Add(flow.Match, firsts.Count);
            firsts.Add((d, flow));
        }
        for (int i = 0; i < firsts.Count; i++)
        {
            var first = firsts[i];
            flows.Add(repeats is not null && repeats.TryGetValue(i, out var list)
                ? Merge(list, diagnostics)
                : new DesiredFlow(first.Flow, first.Draft.Origins));
        }
    }

    private const int SmallScope = 8;

    private static int? IndexOf(Match match, Dictionary<Match, int>? byMatch, List<(Draft Draft, FlowEntry Flow)> firsts)
    {
        if (byMatch is not null) return byMatch.TryGetValue(match, out int at) ? at : null;
        for (int i = 0; i < firsts.Count; i++)
            if (firsts[i].Flow.Match == match) return i;
        return null;
    }

    private static FlowEntry Materialize(Draft d, ulong cookie, Dictionary<(ulong, uint, int), uint>? ids, FlowInterner? shared)
    {
        // A plain draft's match and actions come shared through the same interner already; a conjunction's head and
        // clauses get new ones here.
        if (d.Conj is not { } c) return new FlowEntry(d.Table, d.Priority, cookie, d.Match, d.Actions);
        var (match, actions) = c.Clause == 0 ? (WithConjId(d.Match, ids![c.Key], shared), d.Actions)
            : (d.Match, ActionList.Of(new ConjunctionAction(ids![c.Key], c.Clause, c.Clauses)));
        return shared is null
            ? new FlowEntry(d.Table, d.Priority, cookie, match, actions)
            : new FlowEntry(d.Table, d.Priority, cookie, shared.Match(match), shared.Actions(actions));
    }

    /// <summary>The head of a conjunctive match: its match plus <c>conj_id</c>.</summary>
    private static Match WithConjId(Match match, uint id, FlowInterner? shared)
    {
        var b = new ValueMatchBuilder(shared?.Fields, match);
        b.Set(OfFields.ConjId, id);
        return b.BuildUnchecked();
    }

    private static DesiredFlow Merge(List<(Draft Draft, FlowEntry Flow)> list, List<TranslationDiagnostic> diagnostics)
    {
        list.Sort((a, b) => a.Flow.Cookie != b.Flow.Cookie ? a.Flow.Cookie.CompareTo(b.Flow.Cookie) : a.Draft.Sequence.CompareTo(b.Draft.Sequence));
        var regular = new List<(Draft Draft, FlowEntry Flow)>(list.Count);
        foreach (var x in list)
            if (!IsConjunctionOnly(x.Flow.Actions)) regular.Add(x);
        if (regular.Count == 0)
        {
            // Distinct conjunction() actions by id then clause, ties in first-seen order; distinct origins in order.
            var seen = new HashSet<ConjunctionAction>();
            var merged = new List<(ConjunctionAction Action, int Position)>();
            var sources = new List<FlowOrigin>(list.Count);
            var seenSources = new HashSet<FlowOrigin>();
            foreach (var (d, f) in list)
            {
                foreach (var a in f.Actions.Items)
                    if (seen.Add((ConjunctionAction)a)) merged.Add(((ConjunctionAction)a, merged.Count));
                if (seenSources.Add(d.Origin)) sources.Add(d.Origin);
            }
            merged.Sort(static (a, b) =>
                a.Action.Id != b.Action.Id ? a.Action.Id.CompareTo(b.Action.Id)
                : a.Action.Clause != b.Action.Clause ? a.Action.Clause.CompareTo(b.Action.Clause)
                : a.Position.CompareTo(b.Position));
            var actions = new OfAction[merged.Count];
            for (int i = 0; i < actions.Length; i++) actions[i] = merged[i].Action;
            return new DesiredFlow(list[0].Flow with { Actions = new ActionList(actions) }, sources.ToValueArray());
        }
        // A plain flow wins its match. A conjunction clause of the same logical flow with that very match adds
        // nothing (the plain flow already selects those packets); anything else at this match is a real clash.
        var kept = regular[0];
        var origins = new List<FlowOrigin> { kept.Draft.Origin };
        foreach (var (d, f) in list)
        {
            if (ReferenceEquals(d, kept.Draft) || origins.Contains(d.Origin) && (f.Actions == kept.Flow.Actions || IsConjunctionOnly(f.Actions))) continue;
            if (f.Actions == kept.Flow.Actions)
            {
                origins.Add(d.Origin);
                continue;
            }
            diagnostics.Add(new TranslationDiagnostic(DiagnosticKind.Conflict, (d.Origin as LogicalFlowOrigin)?.Flow.Id, d.Origin.Describe(),
                $"table {kept.Flow.Table} priority {kept.Flow.Priority} match '{kept.Flow.Match}' is also produced by {kept.Draft.Origin.Describe()} with other actions; that one is kept"));
        }
        return new DesiredFlow(kept.Flow, origins.ToValueArray());
    }

    private static bool IsConjunctionOnly(ActionList actions)
    {
        if (actions.Count == 0) return false;
        foreach (var a in actions.Items)
            if (a is not ConjunctionAction) return false;
        return true;
    }

    /// <summary>
    /// Stable ids: a hash of (logical flow, datapath, term), probed upward on collision in key order, so the same
    /// drafts always get the same ids whatever else the host has.
    /// </summary>
    private static Dictionary<(ulong, uint, int), uint>? ConjunctionIds(IReadOnlyList<Draft> drafts)
    {
        List<(ulong, uint, int)>? keys = null;
        foreach (var d in drafts)
            if (d.Conj is { } c) (keys ??= []).Add(c.Key);
        if (keys is null) return null;
        keys.Sort();
        var ids = new Dictionary<(ulong, uint, int), uint>();
        var used = new HashSet<uint>();
        for (int i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (i > 0 && key == keys[i - 1]) continue;
            uint id = Hash(key);
            while (id == 0 || !used.Add(id)) id++;
            ids[key] = id;
        }
        return ids;
    }

    private static uint Hash((ulong Flow, uint Datapath, int Term) key)
    {
        ulong h = key.Flow ^ ((ulong)key.Datapath << 32) ^ (uint)key.Term * 0x9e3779b97f4a7c15UL;
        h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL;
        h ^= h >> 27; h *= 0x94d049bb133111ebUL;
        h ^= h >> 31;
        return (uint)h;
    }

    /// <summary>
    /// Table ascending, priority descending, cookie ascending; ties keep their order (a stable sort). Flows are first
    /// spread by table (a counting sort, which keeps their order), then each table is sorted on its own: on one thread
    /// for a few thousand flows, else in two halves of about as many flows, one on another thread.
    /// </summary>
    public static ImmutableArray<DesiredFlow> Order(IEnumerable<DesiredFlow> flows) => Order(flows.ToArray());

    /// <summary>As <see cref="Order(IEnumerable{DesiredFlow})"/>, reading <paramref name="items"/> (left as they are).</summary>
    public static ImmutableArray<DesiredFlow> Order(DesiredFlow[] items)
    {
        var starts = new int[257];
        foreach (var f in items) starts[f.Flow.Table + 1]++;
        for (int t = 1; t < starts.Length; t++) starts[t] += starts[t - 1];
        var next = starts[..256];
        var sorted = new DesiredFlow[items.Length];
        var keys = new SortKey[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            var f = items[i].Flow;
            int at = next[f.Table]++;
            sorted[at] = items[i];
            keys[at] = KeyOf(f, i);
        }
        void SortTable(int t)
        {
            int length = starts[t + 1] - starts[t];
            if (length > 1) Array.Sort(keys, sorted, starts[t], length);
        }
        // For a host of 5,000 flows a parallel loop over the 256 tables took as long as sorting them on one thread, or
        // longer (docs/benchmarks.md, session 7); one hand-off of half the tables is all a large host needs.
        if (items.Length < 32768)
        {
            for (int t = 0; t < 256; t++) SortTable(t);
        }
        else
        {
            int middle = 0;
            while (middle < 256 && starts[middle + 1] <= items.Length / 2) middle++;
            var upper = Task.Run(() =>
            {
                for (int t = middle; t < 256; t++) SortTable(t);
            });
            for (int t = 0; t < middle; t++) SortTable(t);
            upper.Wait();
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    /// <summary>
    /// Flows in <see cref="Order(DesiredFlow[])"/>'s order, with their sort keys, for <see cref="Merge"/>: a translation
    /// sorts each datapath's flows on the thread that made them (whose cache still holds them), and then only merges.
    /// </summary>
    internal sealed class SortedRun
    {
        public SortedRun(List<DesiredFlow> first, List<DesiredFlow> second)
        {
            Flows = new DesiredFlow[first.Count + second.Count];
            first.CopyTo(Flows);
            second.CopyTo(Flows, first.Count);
            Keys = new SortKey[Flows.Length];
            for (int i = 0; i < Flows.Length; i++) Keys[i] = KeyOf(Flows[i].Flow, i);
            Array.Sort(Keys, Flows);
        }

        public DesiredFlow[] Flows { get; }

        public SortKey[] Keys { get; }

        /// <summary>Where the flows of tables below <paramref name="table"/> end.</summary>
        public int TableStart(int table) => Search.FirstAtLeast<SortKey>(Keys, (uint)table << 16, k => k.TablePriority);
    }

    /// <summary>
    /// The flows of <paramref name="runs"/> in <see cref="Order(DesiredFlow[])"/>'s order, ties in run order (what
    /// sorting the runs' concatenation gives). A large host merges in two halves of tables, one on another thread.
    /// </summary>
    internal static ImmutableArray<DesiredFlow> Merge(IReadOnlyList<SortedRun> runs)
    {
        int total = 0;
        foreach (var r in runs) total += r.Flows.Length;
        var merged = new DesiredFlow[total];
        var starts = new int[runs.Count];
        var ends = new int[runs.Count];
        if (total < ParallelMerge)
        {
            for (int r = 0; r < runs.Count; r++) ends[r] = runs[r].Flows.Length;
            MergeInto(runs, starts, ends, merged, 0);
            return ImmutableCollectionsMarshal.AsImmutableArray(merged);
        }
        // The first table at or past half the flows splits them: tables below it on this thread, the rest on another.
        var byTable = new int[257];
        foreach (var r in runs)
            foreach (var k in r.Keys) byTable[(k.TablePriority >> 16) + 1]++;
        int middle = 0, below = 0;
        while (middle < 256 && below + byTable[middle + 1] <= total / 2) below += byTable[++middle];
        var upperStarts = new int[runs.Count];
        var upperEnds = new int[runs.Count];
        for (int r = 0; r < runs.Count; r++)
        {
            ends[r] = upperStarts[r] = runs[r].TableStart(middle);
            upperEnds[r] = runs[r].Flows.Length;
        }
        var upper = Task.Run(() => MergeInto(runs, upperStarts, upperEnds, merged, below));
        MergeInto(runs, starts, ends, merged, 0);
        upper.Wait();
        return ImmutableCollectionsMarshal.AsImmutableArray(merged);
    }

    /// <summary>Below this many flows a merge stays on one thread.</summary>
    private const int ParallelMerge = 32768;

    /// <summary>
    /// Merges run r's flows [next[r], ends[r]) into <paramref name="into"/> from <paramref name="at"/>: a heap of the
    /// runs' next flows, each entry its whole key (table and priority, cookie, run) in one number.
    /// </summary>
    private static void MergeInto(IReadOnlyList<SortedRun> runs, int[] next, int[] ends, DesiredFlow[] into, int at)
    {
        var keys = new SortKey[runs.Count][];
        var flows = new DesiredFlow[runs.Count][];
        var heap = new UInt128[runs.Count];
        int size = 0;
        for (int r = 0; r < runs.Count; r++)
        {
            keys[r] = runs[r].Keys;
            flows[r] = runs[r].Flows;
            if (next[r] < ends[r]) heap[size++] = Entry(keys[r][next[r]], r);
        }
        for (int i = size / 2 - 1; i >= 0; i--) SiftDown(heap, size, i);
        while (size > 0)
        {
            int r = (int)(uint)heap[0];
            int n = next[r]++;
            into[at++] = flows[r][n];
            heap[0] = n + 1 < ends[r] ? Entry(keys[r][n + 1], r) : heap[--size];
            SiftDown(heap, size, 0);
        }
    }

    private static UInt128 Entry(in SortKey key, int run) => new((ulong)key.TablePriority << 32 | key.Cookie >> 32, key.Cookie << 32 | (uint)run);

    private static void SiftDown(UInt128[] heap, int size, int i)
    {
        var entry = heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1] < heap[child]) child++;
            if (heap[child] >= entry) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = entry;
    }

    private static SortKey KeyOf(FlowEntry f, int position) => new((uint)f.Table << 16 | (uint)(ushort.MaxValue - f.Priority), f.Cookie, position);

    internal readonly record struct SortKey(uint TablePriority, ulong Cookie, int Position) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other) =>
            TablePriority != other.TablePriority ? TablePriority.CompareTo(other.TablePriority)
            : Cookie != other.Cookie ? Cookie.CompareTo(other.Cookie)
            : Position.CompareTo(other.Position);
    }
}
