namespace Overlay.Agent.Translator;

/// <summary>Binary search over items sorted by an unsigned key.</summary>
internal static class Search
{
    /// <summary>The position of the first item whose key is ≥ <paramref name="key"/> (the length when none is).</summary>
    public static int FirstAtLeast<T>(ReadOnlySpan<T> sorted, uint key, Func<T, uint> keyOf)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (keyOf(sorted[mid]) < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
