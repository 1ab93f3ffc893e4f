namespace Overlay.Agent.Translator.Expressions;

/// <summary>
/// Normalization to an OR of <see cref="Term"/>s: ANDs distribute over ORs, except that an OR whose alternatives
/// all test one storage stays factored as a dimension (so <c>ip4.src == {a, b, c} &amp;&amp; tcp.dst == {d, e, f}</c>
/// can become a conjunctive match instead of 9 flows). Contradictory conjunctions disappear.
/// </summary>
internal static class Normalizer
{
    public static List<Term> Normalize(Node node, int limit)
    {
        switch (node)
        {
            case ConstNode c:
                return c.Value ? [Term.Empty] : [];
            case ClauseNode c:
                return c.Clause.Mask == 0 ? [Term.Empty] : [c.Term];
            case OrNode o:
                {
                    var all = new List<Term>();
                    foreach (var t in o.Terms)
                    {
                        var part = Normalize(t, limit);
                        foreach (var term in part)
                        {
                            if (term.Fixed.Length == 0 && term.Dims.Length == 0) return [Term.Empty];
                            all.Add(term);
                        }
                        if (all.Count > limit) throw TooMany(limit);
                    }
                    return Factor(all);
                }
            case AndNode a:
                {
                    var acc = new List<Term> { Term.Empty };
                    foreach (var t in a.Terms)
                    {
                        var part = Normalize(t, limit);
                        if (part.Count == 0) return [];
                        if ((long)acc.Count * part.Count > limit) throw TooMany(limit);
                        if (acc.Count == 1 && part.Count == 1)
                        {
                            // The common case (a relation and its prerequisites): merge in place, acc is this call's own list.
                            if (Term.Merge(acc[0], part[0]) is not { } only) return [];
                            acc[0] = only;
                            continue;
                        }
                        var next = new List<Term>(acc.Count * part.Count);
                        foreach (var x in acc)
                            foreach (var y in part)
                                if (Term.Merge(x, y) is { } m) next.Add(m);
                        if (next.Count == 0) return [];
                        acc = next;
                    }
                    return acc;
                }
            default:
                throw new InvalidOperationException($"unexpected node {node.GetType().Name}");
        }
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
