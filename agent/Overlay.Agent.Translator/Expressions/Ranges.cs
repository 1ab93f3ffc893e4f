namespace Overlay.Agent.Translator.Expressions;

/// <summary>Ordinal inequalities as bitwise prefix matches (OVN expands <c>tcp.dst &gt;= 1024</c> the same way).</summary>
internal static class Ranges
{
    /// <summary>
    /// The (value, mask) prefixes of a <paramref name="width"/>-bit field covering [<paramref name="low"/>, <paramref name="high"/>],
    /// fewest first-fit blocks; empty when low &gt; high.
    /// </summary>
    public static List<(UInt128 Value, UInt128 Mask)> Prefixes(UInt128 low, UInt128 high, int width)
    {
        var result = new List<(UInt128, UInt128)>();
        UInt128 ones = Clause.Ones(width);
        if (low > high || low > ones) return result;
        if (high > ones) high = ones;
        while (true)
        {
            // The largest aligned block starting at low that stays within high.
            int size = 0;
            while (size < width)
            {
                UInt128 span1 = size + 1 >= 128 ? UInt128.MaxValue : (UInt128.One << (size + 1)) - 1;
                if ((low & span1) != 0) break;
                UInt128 last = low + span1;
                if (last < low || last > high) break;
                size++;
            }
            UInt128 span = size >= 128 ? UInt128.MaxValue : (UInt128.One << size) - 1;
            result.Add((low, ones & ~span));
            UInt128 end = low + span;
            if (end >= high) return result;
            low = end + 1;
        }
    }
}
