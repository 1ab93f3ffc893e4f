using System.Buffers;
using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Layout;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Expressions;

/// <summary>
/// The OpenFlow matches of one logical flow: plain matches (each one flow with the flow's actions) and
/// conjunctive matches (a head carrying the actions under <c>conj_id</c>, and per dimension the clause matches
/// that say <c>conjunction(id, k/n)</c>). <see cref="Index"/> numbers conjunctive terms within the flow.
/// </summary>
internal sealed record ConjunctiveMatch(int Index, Match Head, Match[][] Clauses);

internal sealed class EmittedMatches
{
    public List<Match> Plain { get; } = [];

    public List<ConjunctiveMatch> Conjunctive { get; } = [];

    private int conjunctiveFlows;

    public int FlowCount => Plain.Count + conjunctiveFlows;

    public void Add(ConjunctiveMatch match)
    {
        Conjunctive.Add(match);
        conjunctiveFlows += 1;
        foreach (var d in match.Clauses) conjunctiveFlows += d.Length;
    }
}

/// <summary>
/// Terms → OpenFlow matches with <c>metadata=datapath</c>: partial matches on fields OVS cannot mask are
/// crushed to exact values; a term whose cross product would exceed the threshold becomes a conjunctive match
/// (after splitting off the fields other fields depend on, such as eth_type, so every clause flow carries its
/// prerequisites); everything else is enumerated.
/// </summary>
internal static class MatchEmitter
{
    /// <summary>Storages whose OpenFlow fields are prerequisites of others; never a conjunction dimension.</summary>
    private static readonly HashSet<string> PrerequisiteStorages = ["eth.type", "ip.proto", "icmp6.type", "vlan.tci"];

    public static EmittedMatches Emit(IReadOnlyList<Term> terms, uint datapath, int threshold, int limit, FlowInterner? shared = null)
    {
        var result = new EmittedMatches();
        for (int i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (!NeedsCrush(term))
            {
                Place(term, datapath, threshold, limit, result, shared);
                CheckCount(result, limit);
                continue;
            }
            foreach (var crushed in Crush(term))
            {
                Place(crushed, datapath, threshold, limit, result, shared);
                CheckCount(result, limit);
            }
        }
        return result;
    }

    private static void CheckCount(EmittedMatches result, int limit)
    {
        if (result.FlowCount > limit)
            throw new TranslationProblem(DiagnosticKind.Unsupported, $"the match needs more than {limit} OpenFlow flows");
    }

    private static bool NeedsCrush(Term term)
    {
        foreach (var c in term.Fixed)
            if (MatchBuilding.NeedsCrush(c)) return true;
        foreach (var d in term.Dims)
            foreach (var v in d.Values)
                if (MatchBuilding.NeedsCrush(v)) return true;
        return false;
    }

    private static IEnumerable<Term> Crush(Term term)
    {
        var fixedClauses = new List<Clause>();
        var dims = new List<Dimension>();
        bool changed = false;
        foreach (var c in term.Fixed)
        {
            if (!MatchBuilding.NeedsCrush(c)) { fixedClauses.Add(c); continue; }
            changed = true;
            var values = MatchBuilding.Crush(c);
            if (values.Length == 1) fixedClauses.Add(values[0]);
            else dims.Add(new Dimension(c.Storage, values));
        }
        foreach (var d in term.Dims)
        {
            if (!d.Values.Any(MatchBuilding.NeedsCrush)) { dims.Add(d); continue; }
            changed = true;
            dims.Add(new Dimension(d.Storage, d.Values.SelectMany(v => MatchBuilding.NeedsCrush(v) ? MatchBuilding.Crush(v) : [v]).Distinct().ToArray()));
        }
        if (!changed) return [term];
        var rebuilt = Term.Create([], [.. dims]);
        if (rebuilt is null) return [];
        foreach (var c in fixedClauses)
        {
            rebuilt = rebuilt.With(c);
            if (rebuilt is null) return [];
        }
        return [rebuilt];
    }

    private static void Place(Term term, uint datapath, int threshold, int limit, EmittedMatches result, FlowInterner? shared)
    {
        if (term.Dims.Length >= 2 && term.Product() > threshold)
        {
            var prerequisite = term.Dims.FirstOrDefault(d => PrerequisiteStorages.Contains(d.Storage.Storage));
            if (prerequisite is not null)
            {
                // Split on it first: each part then fixes the field its clause flows depend on.
                var rest = term.Dims.Where(d => d != prerequisite).ToArray();
                foreach (var v in prerequisite.Values)
                    if (Term.Create(term.Fixed, rest)?.With(v) is { } part) Place(part, datapath, threshold, limit, result, shared);
                return;
            }
            if (TryConjunctive(term, datapath, result, shared)) return;
        }
        Enumerate(term.Fixed, term.Dims, 0, datapath, limit, result, shared);
    }

    private static bool TryConjunctive(Term term, uint datapath, EmittedMatches result, FlowInterner? shared)
    {
        var head = MatchBuilding.Build(term.Fixed, datapath, shared, out var problem);
        if (problem is not null) return false;
        var clauses = new Match[term.Dims.Length][];
        // Each value joins the fixed clauses in one buffer (what Term.With gives, without a term per value).
        var buffer = ArrayPool<Clause>.Shared.Rent(term.Fixed.Length + 1);
        try
        {
            for (int k = 0; k < term.Dims.Length; k++)
            {
                var dim = term.Dims[k];
                clauses[k] = new Match[dim.Values.Length];
                for (int i = 0; i < dim.Values.Length; i++)
                {
                    int n = Term.AddFixed(term.Fixed, dim.Values[i], buffer);
                    if (n < 0) return false;
                    clauses[k][i] = MatchBuilding.Build(buffer.AsSpan(0, n), datapath, shared, out problem);
                    if (problem is not null) return false;
                }
            }
        }
        finally
        {
            ArrayPool<Clause>.Shared.Return(buffer);
        }
        result.Add(new ConjunctiveMatch(result.Conjunctive.Count, head, clauses));
        return true;
    }

    private static void Enumerate(ReadOnlySpan<Clause> fixedClauses, Dimension[] dims, int k, uint datapath, int limit, EmittedMatches result, FlowInterner? shared)
    {
        if (k == dims.Length)
        {
            var match = MatchBuilding.BuildOrReport(fixedClauses, datapath, shared);
            if (result.Plain.Count >= limit)
                throw new TranslationProblem(DiagnosticKind.Unsupported, $"the match needs more than {limit} OpenFlow flows");
            result.Plain.Add(match);
            return;
        }
        // Each value joins the fixed clauses in a buffer of this level (what Term.With gives, without a term per flow).
        var buffer = ArrayPool<Clause>.Shared.Rent(fixedClauses.Length + 1);
        try
        {
            foreach (var v in dims[k].Values)
            {
                int n = Term.AddFixed(fixedClauses, v, buffer);
                if (n >= 0) Enumerate(buffer.AsSpan(0, n), dims, k + 1, datapath, limit, result, shared);
            }
        }
        finally
        {
            ArrayPool<Clause>.Shared.Return(buffer);
        }
    }
}
