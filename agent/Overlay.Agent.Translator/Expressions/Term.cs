using Overlay.Agent.Translator.Layout;

namespace Overlay.Agent.Translator.Expressions;

/// <summary>An OR of clauses that all test the same storage (OVN's "dimension" of a conjunctive match).</summary>
internal sealed class Dimension(StorageMapping storage, Clause[] values)
{
    public StorageMapping Storage { get; } = storage;

    /// <summary>Two or more alternatives; never contradicting the term's fixed clauses.</summary>
    public Clause[] Values { get; } = values;
}

/// <summary>
/// One conjunction of the normal form: fixed single-field clauses (at most one per storage, sorted by storage)
/// ANDed with dimensions (ORs over one storage each, on distinct storages). Its flows are the cross product
/// of the dimensions, or a conjunctive match.
/// </summary>
internal sealed class Term
{
    public static readonly Term Empty = new([], []);

    /// <summary>Bound on the alternatives one dimension may grow to while combining.</summary>
    public const int Limit = 100_000;

    public Term(Clause[] @fixed, Dimension[] dims)
    {
        Fixed = @fixed;
        Dims = dims;
    }

    public Clause[] Fixed { get; }

    public Dimension[] Dims { get; }

    public long Product()
    {
        long p = 1;
        foreach (var d in Dims) p = checked(p * d.Values.Length);
        return p;
    }

    public Clause? FixedOn(StorageMapping storage)
    {
        foreach (var c in Fixed)
            if (ReferenceEquals(c.Storage, storage)) return c;
        return null;
    }

    /// <summary>This term with one more fixed clause, or null when it contradicts.</summary>
    public Term? With(Clause clause) => Create(AddFixed(Fixed, clause), Dims);

    /// <summary>The conjunction of two terms, or null when it can never hold.</summary>
    public static Term? Merge(Term a, Term b)
    {
        if (a.Fixed.Length == 0 && a.Dims.Length == 0) return b;
        if (b.Fixed.Length == 0 && b.Dims.Length == 0) return a;
        var fixedClauses = MergeFixed(a.Fixed, b.Fixed);
        if (fixedClauses is null) return null;
        return Create(fixedClauses, b.Dims.Length == 0 ? a.Dims : a.Dims.Length == 0 ? b.Dims : [.. a.Dims, .. b.Dims]);
    }

    /// <summary>
    /// Both sorted fixed lists in one pass (as adding <paramref name="y"/>'s clauses one by one would give); null on
    /// contradiction; <paramref name="x"/> itself when <paramref name="y"/> adds nothing.
    /// </summary>
    private static Clause[]? MergeFixed(Clause[] x, Clause[] y)
    {
        if (y.Length == 0) return x;
        if (x.Length == 0) return y;
        Clause[]? result = null;
        int i = 0, j = 0, n = 0;
        while (j < y.Length)
        {
            int yid = y[j].Storage.Id;
            while (i < x.Length && x[i].Storage.Id < yid)
            {
                if (result is not null) result[n] = x[i];
                i++; n++;
            }
            Clause c;
            if (i < x.Length && x[i].Storage.Id == yid)
            {
                if (!x[i].CompatibleWith(y[j])) return null;
                c = x[i].Merge(y[j]);
                if (result is null && c == x[i]) { i++; j++; n++; continue; }
                i++;
            }
            else c = y[j];
            if (result is null)
            {
                result = new Clause[x.Length + y.Length - j];
                Array.Copy(x, result, n);
            }
            result[n++] = c;
            j++;
        }
        if (result is null) return x;
        while (i < x.Length) result[n++] = x[i++];
        return n == result.Length ? result : result[..n];
    }

    /// <summary>Combines dimensions on the same storage, folds fixed clauses into them, and fixes single-valued ones.</summary>
    public static Term? Create(Clause[]? fixedClauses, Dimension[] dims)
    {
        if (fixedClauses is null) return null;
        if (dims.Length == 0) return new Term(fixedClauses, dims);
        var byStorage = new List<Dimension>(dims.Length);
        foreach (var d in dims)
        {
            int i = byStorage.Count - 1;
            while (i >= 0 && !ReferenceEquals(byStorage[i].Storage, d.Storage)) i--;
            if (i < 0) { byStorage.Add(d); continue; }
            var both = Alternatives.Intersect(byStorage[i].Values, d.Values, Limit);
            if (both.Length == 0) return null;
            byStorage[i] = new Dimension(d.Storage, both);
        }

        var kept = new List<Dimension>(byStorage.Count);
        foreach (var d in byStorage)
        {
            var values = d.Values;
            if (FixedIn(fixedClauses, d.Storage) is { } f)
            {
                if (AnyImpliedBy(values, f)) continue; // the fixed clause already satisfies the OR
                values = MergedWith(values, f);
            }
            switch (values.Length)
            {
                case 0:
                    return null;
                case 1:
                    fixedClauses = AddFixed(fixedClauses, values[0]);
                    if (fixedClauses is null) return null;
                    break;
                default:
                    kept.Add(values.Length == d.Values.Length ? d : new Dimension(d.Storage, values));
                    break;
            }
        }
        return new Term(fixedClauses, [.. kept]);
    }

    internal static bool AnyImpliedBy(Clause[] values, Clause f)
    {
        foreach (var v in values)
            if (v.ImpliedBy(f)) return true;
        return false;
    }

    /// <summary>The values compatible with <paramref name="f"/>, each merged with it, first occurrences only, in order.</summary>
    internal static Clause[] MergedWith(Clause[] values, Clause f)
    {
        var result = new List<Clause>(values.Length);
        HashSet<Clause>? seen = values.Length > 16 ? new HashSet<Clause>(values.Length) : null;
        foreach (var v in values)
        {
            if (!v.CompatibleWith(f)) continue;
            var m = v.Merge(f);
            if (seen is not null ? seen.Add(m) : !result.Contains(m)) result.Add(m);
        }
        return [.. result];
    }

    private static Clause? FixedIn(Clause[] clauses, StorageMapping storage)
    {
        foreach (var c in clauses)
            if (ReferenceEquals(c.Storage, storage)) return c;
        return null;
    }

    /// <summary>
    /// <see cref="AddFixed(Clause[], Clause)"/> into <paramref name="into"/> (at least one longer than
    /// <paramref name="clauses"/>): the count written, or -1 on contradiction.
    /// </summary>
    public static int AddFixed(ReadOnlySpan<Clause> clauses, Clause clause, Span<Clause> into)
    {
        int id = clause.Storage.Id;
        int at = 0;
        while (at < clauses.Length && clauses[at].Storage.Id < id) at++;
        clauses[..at].CopyTo(into);
        if (at < clauses.Length && clauses[at].Storage.Id == id)
        {
            if (!clauses[at].CompatibleWith(clause)) return -1;
            into[at] = clauses[at].Merge(clause);
            clauses[(at + 1)..].CopyTo(into[(at + 1)..]);
            return clauses.Length;
        }
        into[at] = clause;
        clauses[at..].CopyTo(into[(at + 1)..]);
        return clauses.Length + 1;
    }

    /// <summary>Adds or merges a clause into a sorted fixed list; null on contradiction.</summary>
    private static Clause[]? AddFixed(Clause[]? clauses, Clause clause)
    {
        if (clauses is null) return null;
        int id = clause.Storage.Id;
        int at = 0;
        while (at < clauses.Length && clauses[at].Storage.Id < id) at++;
        if (at < clauses.Length && clauses[at].Storage.Id == id)
        {
            if (!clauses[at].CompatibleWith(clause)) return null;
            var merged = clauses[at].Merge(clause);
            if (merged == clauses[at]) return clauses;
            var copy = (Clause[])clauses.Clone();
            copy[at] = merged;
            return copy;
        }
        var result = new Clause[clauses.Length + 1];
        Array.Copy(clauses, result, at);
        result[at] = clause;
        Array.Copy(clauses, at, result, at + 1, clauses.Length - at);
        return result;
    }
}
