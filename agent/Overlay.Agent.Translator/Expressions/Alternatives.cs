namespace Overlay.Agent.Translator.Expressions;

/// <summary>
/// Simplification of an OR of clauses on one storage: duplicates go, and so does every clause that implies a
/// more general one (<c>10.1.0.0/16</c> next to <c>10.0.0.0/8</c>). This is what keeps ANDs of negations small:
/// <c>tcp.dst != 80 &amp;&amp; tcp.dst != 81</c> pairs 16×16 single-bit clauses, but all that survives is 15 of them.
/// </summary>
internal static class Alternatives
{
    public static Clause[] Minimize(List<Clause> clauses, int limit)
    {
        if (SameMask(clauses))
        {
            // Exact alternatives (port keys, addresses of one prefix length): only duplicates can go, and the
            // sort by mask below keeps their order.
            var distinct = Distinct(clauses);
            if (distinct.Count > limit)
                throw new TranslationProblem(DiagnosticKind.Unsupported, $"the match needs more than {limit} OpenFlow flows");
            return [.. distinct];
        }
        if (clauses.Count <= SmallCount) return MinimizeSmall(clauses, limit);
        return Minimize((IEnumerable<Clause>)clauses, limit);
    }

    private const int SmallCount = 16;

    /// <summary>
    /// <see cref="Minimize(IEnumerable{Clause}, int)"/> for a few clauses (a port's addresses with the broadcast and
    /// multicast ranges): the same clauses in the same order, found by comparing each with those kept instead of
    /// through a LINQ sort and a table of masks.
    /// </summary>
    private static Clause[] MinimizeSmall(List<Clause> clauses, int limit)
    {
        // First occurrences, then a stable insertion sort by mask size: what Distinct and OrderBy give.
        Span<int> order = stackalloc int[clauses.Count];
        int n = 0;
        for (int i = 0; i < clauses.Count; i++)
        {
            bool seen = false;
            for (int j = 0; j < n && !seen; j++) seen = clauses[order[j]] == clauses[i];
            if (seen) continue;
            int bits = (int)UInt128.PopCount(clauses[i].Mask);
            int at = n++;
            while (at > 0 && (int)UInt128.PopCount(clauses[order[at - 1]].Mask) > bits)
            {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = i;
        }
        if (n > limit)
            throw new TranslationProblem(DiagnosticKind.Unsupported, $"the match needs more than {limit} OpenFlow flows");
        // A clause is redundant when a kept one with a mask inside its own has its value under that mask.
        var kept = new List<Clause>(n);
        for (int i = 0; i < n; i++)
        {
            var c = clauses[order[i]];
            bool redundant = false;
            foreach (var k in kept)
                if ((k.Mask & ~c.Mask) == 0 && (c.Value & k.Mask) == k.Value) { redundant = true; break; }
            if (!redundant) kept.Add(c);
        }
        return [.. kept];
    }

    /// <summary>All on one mask, with no value bits outside it (so equal clauses are exactly the redundant ones).</summary>
    private static bool SameMask(List<Clause> clauses)
    {
        for (int i = 0; i < clauses.Count; i++)
            if (clauses[i].Mask != clauses[0].Mask || (clauses[i].Value & ~clauses[i].Mask) != 0) return false;
        return true;
    }

    /// <summary>First occurrences, in order.</summary>
    private static List<Clause> Distinct(List<Clause> clauses)
    {
        var result = new List<Clause>(clauses.Count);
        if (clauses.Count <= 16)
        {
            foreach (var c in clauses)
                if (!result.Contains(c)) result.Add(c);
            return result;
        }
        var seen = new HashSet<Clause>(clauses.Count);
        foreach (var c in clauses)
            if (seen.Add(c)) result.Add(c);
        return result;
    }

    public static Clause[] Minimize(IEnumerable<Clause> clauses, int limit)
    {
        var sorted = clauses.Distinct().OrderBy(c => UInt128.PopCount(c.Mask)).ToList();
        if (sorted.Count > limit)
            throw new TranslationProblem(DiagnosticKind.Unsupported, $"the match needs more than {limit} OpenFlow flows");
        // Kept clauses by mask: a candidate is redundant if some kept mask m ⊆ its mask has its value under m.
        var byMask = new Dictionary<UInt128, HashSet<UInt128>>();
        var kept = new List<Clause>(sorted.Count);
        foreach (var c in sorted)
        {
            bool redundant = false;
            foreach (var (mask, values) in byMask)
            {
                if ((mask & ~c.Mask) == 0 && values.Contains(c.Value & mask)) { redundant = true; break; }
            }
            if (redundant) continue;
            kept.Add(c);
            if (!byMask.TryGetValue(c.Mask, out var set)) byMask[c.Mask] = set = [];
            set.Add(c.Value);
        }
        return [.. kept];
    }

    /// <summary>The AND of two ORs over one storage: every compatible pair, merged, then minimized.</summary>
    public static Clause[] Intersect(Clause[] a, Clause[] b, int limit)
    {
        if ((long)a.Length * b.Length > (long)limit * 16)
            throw new TranslationProblem(DiagnosticKind.Unsupported, $"the match needs more than {limit} OpenFlow flows");
        var pairs = new List<Clause>();
        foreach (var x in a)
            foreach (var y in b)
                if (x.CompatibleWith(y)) pairs.Add(x.Merge(y));
        return Minimize(pairs, limit);
    }
}
