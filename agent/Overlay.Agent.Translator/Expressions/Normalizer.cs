using Overlay.Logical;

namespace Overlay.Agent.Translator.Expressions;

/// <summary>
/// Normalization to an OR of <see cref="Term"/>s: ANDs distribute over ORs, except that an OR whose alternatives
/// all test one storage stays factored as a dimension (so <c>ip4.src == {a, b, c} &amp;&amp; tcp.dst == {d, e, f}</c>
/// can become a conjunctive match instead of 9 flows). Contradictory conjunctions disappear.
/// </summary>
internal static class Normalizer
{
    private static readonly Term[] Always = [Term.Empty];
    private static readonly Term[] Never = [];

    /// <summary>The terms of <paramref name="node"/>; the list may be shared, callers must not change it.</summary>
    public static IReadOnlyList<Term> Normalize(Node node, int limit)
    {
        switch (node)
        {
            case ConstNode c:
                return c.Value ? Always : Never;
            case ClauseNode c:
                return c.Clause.Mask == 0 ? Always : c.Terms;
            case OrNode o when OneStorage(o) is { } values:
                {
                    // Clauses on one storage (a set, a port group): straight to a dimension, as Factor makes it.
                    for (int i = 0; i < values.Count; i++)
                    {
                        if (values[i].Mask == 0) return Always;
                        if (i + 1 > limit) throw TooMany(limit);
                    }
                    var minimal = Alternatives.Minimize(values, Term.Limit);
                    return minimal.Length == 1 ? [new Term([minimal[0]], [])] : [new Term([], [new Dimension(values[0].Storage, minimal)])];
                }
            case OrNode o:
                {
                    var all = new List<Term>();
                    foreach (var t in o.Terms)
                    {
                        var part = Normalize(t, limit);
                        foreach (var term in part)
                        {
                            if (term.Fixed.Length == 0 && term.Dims.Length == 0) return Always;
                            all.Add(term);
                        }
                        if (all.Count > limit) throw TooMany(limit);
                    }
                    return Factor(all);
                }
            case AndNode a:
                return And(a, limit);
            default:
                throw new InvalidOperationException($"unexpected node {node.GetType().Name}");
        }
    }

    /// <summary>
    /// The AND of the parts' terms, distributed. While every part so far is one term of fixed clauses only (a
    /// relation and its prerequisites: the common case), their clauses are gathered and merged once at the end,
    /// which gives what merging them pairwise in order gives without an array per step.
    /// </summary>
    private static IReadOnlyList<Term> And(AndNode a, int limit)
    {
        int start = ClauseStack.Top;
        try
        {
            return And(a, limit, start);
        }
        finally
        {
            ClauseStack.Top = start;
        }
    }

    private static IReadOnlyList<Term> And(AndNode a, int limit, int start)
    {
        Term? only = null;
        bool gathering = false;
        List<Term>? acc = null;
        foreach (var t in a.Terms)
        {
            if (acc is null && t is ClauseNode clause)
            {
                // A relation: its clause joins the gathered ones directly (no one-clause term made for it).
                if (clause.Clause.Mask == 0) continue;
                if (!gathering) Gather(ref only, ref gathering);
                ClauseStack.Push(clause.Clause);
                continue;
            }
            var part = Normalize(t, limit);
            if (part.Count == 0) return Never;
            if (acc is null && part.Count == 1 && part[0].Dims.Length == 0)
            {
                var term = part[0];
                if (term.Fixed.Length == 0) continue;
                if (only is null && !gathering) { only = term; continue; }
                if (!gathering) Gather(ref only, ref gathering);
                foreach (var c in term.Fixed) ClauseStack.Push(c);
                continue;
            }
            if (acc is null)
            {
                var first = gathering ? Fixed(start) : only ?? Term.Empty;
                if (first is null) return Never;
                acc = [first];
            }
            if ((long)acc.Count * part.Count > limit) throw TooMany(limit);
            if (acc.Count == 1 && part.Count == 1)
            {
                // A single term on both sides: merge in place, acc is this call's own list.
                if (Term.Merge(acc[0], part[0]) is not { } merged) return Never;
                acc[0] = merged;
                continue;
            }
            var next = new List<Term>(acc.Count * part.Count);
            foreach (var x in acc)
                foreach (var y in part)
                    if (Term.Merge(x, y) is { } m) next.Add(m);
            if (next.Count == 0) return Never;
            acc = next;
        }
        if (acc is not null) return acc;
        if (!gathering) return only is null ? Always : [only];
        return Fixed(start) is { } all ? [all] : Never;
    }

    /// <summary>Starts gathering: the one term kept so far goes first.</summary>
    private static void Gather(ref Term? only, ref bool gathering)
    {
        gathering = true;
        if (only is null) return;
        foreach (var c in only.Fixed) ClauseStack.Push(c);
        only = null;
    }

    /// <summary>
    /// One term of the clauses gathered from <paramref name="start"/>: sorted by storage (stable), clauses on one
    /// storage merged in order; null when two contradict.
    /// </summary>
    private static Term? Fixed(int start)
    {
        var span = ClauseStack.From(start);
        int n = SortAndMerge(span);
        var result = n < 0 ? null : span[..n].ToArray();
        ClauseStack.Top = start;
        return result is null ? null : new Term(result, []);
    }

    /// <summary>Sorts by storage (stable) and merges clauses on one storage in order, in place; the count kept, or -1 on a contradiction.</summary>
    internal static int SortAndMerge(Span<Clause> span)
    {
        for (int i = 1; i < span.Length; i++)
        {
            var c = span[i];
            int j = i - 1;
            while (j >= 0 && span[j].Storage.Id > c.Storage.Id)
            {
                span[j + 1] = span[j];
                j--;
            }
            span[j + 1] = c;
        }
        int n = 0;
        for (int i = 0; i < span.Length; i++)
        {
            if (n > 0 && span[n - 1].Storage.Id == span[i].Storage.Id)
            {
                if (!span[n - 1].CompatibleWith(span[i])) return -1;
                span[n - 1] = span[n - 1].Merge(span[i]);
            }
            else span[n++] = span[i];
        }
        return n;
    }

    /// <summary>
    /// The normal form of <c>Node.And(annotator.Annotate(match), also)</c> when it is one conjunction of clauses (most
    /// matches with their prerequisites), without building that tree (see <see cref="Annotator.TryGather(Expr, out bool)"/>):
    /// its sorted, merged clauses on this thread's scratch room (valid until the next normalization on the thread), or
    /// <paramref name="never"/> when it cannot hold. What <see cref="Normalize"/> gives as its only term, without making
    /// one. With <paramref name="dimension"/> set, the form is those clauses ANDed with one OR over one storage (a set of
    /// constants, the <c>ip</c> predicate), as <see cref="Normalize"/> makes that OR: minimized, in order; the clauses
    /// have not been folded into it yet (<see cref="Term.Create"/> does that). False, with nothing kept, for any other match.
    /// </summary>
    public static bool TryConjunction(Annotator annotator, Expr match, Node also, int limit, out ReadOnlySpan<Clause> clauses,
        out Clause[]? dimension, out bool never)
    {
        clauses = default;
        dimension = null;
        int start = ClauseStack.Top;
        bool plain;
        try
        {
            annotator.GatherDimension();
            plain = annotator.TryGather(match, out never) && (never || Annotator.TryGather(also, annotator, out never));
            // An OR beside the dimension must be one a gathered clause settles, as the general normalization finds.
            if (plain && !never && !annotator.AllImplied(ClauseStack.From(start))) plain = false;
            if (plain && !never && annotator.Dimension is { } values)
            {
                if (Minimal(values, limit) is not { } minimal) plain = false;
                else if (minimal.Length == 1) ClauseStack.Push(minimal[0]);
                else dimension = minimal;
            }
        }
        catch
        {
            ClauseStack.Top = start;
            throw;
        }
        if (!plain || never)
        {
            ClauseStack.Top = start;
            return plain;
        }
        never = !Merged(start, out clauses);
        return true;
    }

    /// <summary>
    /// A gathered OR's alternatives as <see cref="Normalize"/> makes them (minimized, in order), or null for the ORs it
    /// answers otherwise: an alternative that always holds, more than <paramref name="limit"/> or <see cref="Term.Limit"/>.
    /// </summary>
    public static Clause[]? Minimal(List<Clause> values, int limit)
    {
        if (values.Count > limit || values.Count > Term.Limit) return null;
        foreach (var v in values)
            if (v.Mask == 0) return null;
        return Alternatives.Minimize(values, Term.Limit);
    }

    /// <summary>
    /// The clauses pushed on the clause stack since <paramref name="start"/>, sorted and merged as a gathered
    /// conjunction is (valid until the next normalization on the thread); false when two contradict. The stack is
    /// back at <paramref name="start"/> either way.
    /// </summary>
    public static bool Merged(int start, out ReadOnlySpan<Clause> clauses)
    {
        clauses = default;
        var span = ClauseStack.From(start);
        ClauseStack.Top = start;
        int n = SortAndMerge(span);
        if (n < 0) return false;
        clauses = span[..n];
        return true;
    }

    /// <summary>
    /// Scratch room for gathered clauses, one per thread, used as a stack: a nested AND gathers above its caller's
    /// clauses and gives the room back when it returns.
    /// </summary>
    internal static class ClauseStack
    {
        [ThreadStatic] private static Clause[]? items;
        [ThreadStatic] private static int top;

        public static int Top { get => top; set => top = value; }

        public static void Push(Clause c)
        {
            var a = items ??= new Clause[64];
            if (top == a.Length) Array.Resize(ref items, a.Length * 2);
            items![top++] = c;
        }

        public static Span<Clause> From(int start) => items.AsSpan(start, top - start);
    }

    /// <summary>The clauses of an OR of two or more clauses all on one storage, in order; null for any other OR.</summary>
    internal static List<Clause>? OneStorage(OrNode o)
    {
        if (o.Terms.Length < 2 || o.Terms[0] is not ClauseNode first) return null;
        var values = new List<Clause>(o.Terms.Length);
        foreach (var t in o.Terms)
        {
            if (t is not ClauseNode c || !ReferenceEquals(c.Clause.Storage, first.Clause.Storage)) return null;
            values.Add(c.Clause);
        }
        return values;
    }

    /// <summary>Alternatives that each test only one and the same storage become a single dimension.</summary>
    private static List<Term> Factor(List<Term> alternatives)
    {
        if (alternatives.Count < 2) return alternatives;
        Layout.StorageMapping? storage = null;
        var values = new List<Clause>();
        foreach (var t in alternatives)
        {
            Clause[] mine;
            if (t.Fixed.Length == 1 && t.Dims.Length == 0) mine = t.Fixed;
            else if (t.Fixed.Length == 0 && t.Dims.Length == 1) mine = t.Dims[0].Values;
            else return alternatives;
            if (storage is null) storage = mine[0].Storage;
            else if (!ReferenceEquals(storage, mine[0].Storage)) return alternatives;
            values.AddRange(mine);
        }
        var minimal = Alternatives.Minimize(values, Term.Limit);
        return minimal.Length == 1 ? [new Term([minimal[0]], [])] : [new Term([], [new Dimension(storage!, minimal)])];
    }

    private static TranslationProblem TooMany(int limit) =>
        new(DiagnosticKind.Unsupported, $"the match needs more than {limit} OpenFlow flows");
}
