using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Layout;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Expressions;

/// <summary>Clauses over logical storages → OpenFlow match fields, through <see cref="FieldMap"/>.</summary>
internal static class MatchBuilding
{
    /// <summary>
    /// A match on <c>metadata=datapath</c> plus every clause; problems (missing prerequisites) are returned, not thrown.
    /// With <paramref name="shared"/>, the fields are taken from it: each distinct field (<c>metadata=0x5</c>,
    /// <c>dl_type=0x0800</c>) is made once, and <see cref="FlowInterner.Match"/> has nothing left to do for the match.
    /// </summary>
    public static Match Build(ReadOnlySpan<Clause> clauses, uint datapath, FlowInterner? shared, out string? problem)
    {
        var match = Unchecked(clauses, datapath, shared);
        problem = ProblemOf(match);
        return match;
    }

    /// <summary>As <see cref="Build"/>, without the prerequisite check.</summary>
    public static Match Unchecked(ReadOnlySpan<Clause> clauses, uint datapath, FlowInterner? shared)
    {
        var b = new ValueMatchBuilder(shared?.Fields);
        b.Set(OfFields.Metadata, datapath);
        foreach (var c in clauses) Add(ref b, c);
        return b.BuildUnchecked();
    }

    private static string? ProblemOf(Match match)
    {
        var problems = match.Validate();
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>As <see cref="Build"/>, reporting a match OVS would reject as the flow's problem.</summary>
    public static Match BuildOrReport(ReadOnlySpan<Clause> clauses, uint datapath, FlowInterner? shared) =>
        Reported(Unchecked(clauses, datapath, shared));

    /// <summary>The match, or its problems (missing prerequisites) reported as the flow's: OVS would reject it.</summary>
    public static Match Reported(Match match) =>
        ProblemOf(match) is { } problem
            ? throw new TranslationProblem(DiagnosticKind.Unsupported, $"OVS would reject match '{match}': {problem}")
            : match;

    /// <summary>
    /// Whether <paramref name="c"/> sets an OpenFlow field already in <paramref name="used"/>, adding those it sets:
    /// clauses that never share a field make a match by setting each one's fields, in any order.
    /// </summary>
    public static bool SharesField(Clause c, HashSet<OfField> used)
    {
        foreach (var seg in c.Storage.Segments)
        {
            UInt128 mask = (c.Mask >> seg.StorageOffset) & Clause.Ones(seg.Width);
            if (mask != 0 && !used.Add(seg.Field)) return true;
        }
        return false;
    }

    /// <summary>The OpenFlow fields a clause sets, one per segment of its storage it has bits on.</summary>
    public static void Add(ref ValueMatchBuilder b, Clause c)
    {
        if (c.Storage.WholeField is { } whole)
        {
            // The loop below for a storage that is one whole field: no shifts.
            UInt128 all = Clause.Ones(whole.Bits);
            UInt128 m = c.Mask & all;
            if (m != 0) b.Set(whole, c.Value & all, m == all ? null : m);
            return;
        }
        foreach (var seg in c.Storage.Segments)
        {
            UInt128 ones = Clause.Ones(seg.Width);
            UInt128 mask = (c.Mask >> seg.StorageOffset) & ones;
            if (mask == 0) continue;
            UInt128 value = (c.Value >> seg.StorageOffset) & ones;
            var field = seg.Field;
            bool exact = seg.FieldOffset == 0 && seg.Width == field.Bits && mask == ones;
            b.Set(field, value << seg.FieldOffset, exact ? null : mask << seg.FieldOffset);
        }
    }

    /// <summary>True when some bits of the clause fall on a field OVS cannot mask, partially.</summary>
    public static bool NeedsCrush(Clause c)
    {
        foreach (var seg in c.Storage.Segments)
        {
            UInt128 ones = Clause.Ones(seg.Width);
            UInt128 mask = (c.Mask >> seg.StorageOffset) & ones;
            if (mask != 0 && mask != ones && !seg.Field.Maskable) return true;
        }
        return false;
    }

    /// <summary>
    /// The clause as exact values on its non-maskable fields (OVN's "crush"): <c>ip.ttl &lt; 4</c> on nw_ttl, which OVS
    /// cannot mask, becomes nw_ttl=0, 1, 2, 3. At most 256 values per clause.
    /// </summary>
    public static Clause[] Crush(Clause c)
    {
        UInt128 free = 0;
        foreach (var seg in c.Storage.Segments)
        {
            UInt128 ones = Clause.Ones(seg.Width) << seg.StorageOffset;
            if ((c.Mask & ones) != 0 && (c.Mask & ones) != ones && !seg.Field.Maskable) free |= ones & ~c.Mask;
        }
        int bits = (int)UInt128.PopCount(free);
        if (bits > 8)
            throw new TranslationProblem(DiagnosticKind.Unsupported,
                $"a partial match on {c.Storage.Storage} needs {1UL << Math.Min(bits, 63)} exact flows (its OpenFlow field cannot be masked)");
        var result = new Clause[1 << bits];
        for (int n = 0; n < result.Length; n++)
        {
            // Scatter the counter's bits over the free positions.
            UInt128 v = 0, rest = free;
            for (int k = 0; rest != 0; k++)
            {
                UInt128 low = rest & (~rest + 1);
                if ((n >> k & 1) != 0) v |= low;
                rest &= rest - 1;
            }
            result[n] = new Clause(c.Storage, c.Value | v, c.Mask | free);
        }
        return result;
    }
}
