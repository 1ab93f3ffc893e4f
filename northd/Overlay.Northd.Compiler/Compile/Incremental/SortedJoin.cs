using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>
/// Walks two versions of a name-keyed NB collection and reports each name whose value is not the same
/// object, with the old and new value (null when absent). Callers compare the values further as they
/// need (a port structurally; a switch by its parts, without comparing all its ports twice).
/// </summary>
internal static class SortedJoin
{
    private static readonly IComparer<string> Ordinal = StringComparer.Ordinal;

    public static void Differences<T, TState>(
        ImmutableSortedDictionary<string, T>? before,
        ImmutableSortedDictionary<string, T>? after,
        TState state,
        Action<TState, string, T?, T?> onDifference) where T : class
    {
        if (ReferenceEquals(before, after)) return;
        before ??= ImmutableSortedDictionary<string, T>.Empty;
        after ??= ImmutableSortedDictionary<string, T>.Empty;
        if (before.KeyComparer != Ordinal || after.KeyComparer != Ordinal)
        {
            ByLookup(before, after, state, onDifference);
            return;
        }
        // Both are ordered ordinally: one merge pass.
        using var a = before.GetEnumerator();
        using var b = after.GetEnumerator();
        bool hasA = a.MoveNext(), hasB = b.MoveNext();
        while (hasA || hasB)
        {
            int c = !hasA ? 1 : !hasB ? -1 : string.CompareOrdinal(a.Current.Key, b.Current.Key);
            if (c < 0)
            {
                onDifference(state, a.Current.Key, a.Current.Value, null);
                hasA = a.MoveNext();
            }
            else if (c > 0)
            {
                onDifference(state, b.Current.Key, null, b.Current.Value);
                hasB = b.MoveNext();
            }
            else
            {
                var (x, y) = (a.Current.Value, b.Current.Value);
                if (!ReferenceEquals(x, y)) onDifference(state, a.Current.Key, x, y);
                hasA = a.MoveNext();
                hasB = b.MoveNext();
            }
        }
    }

    private static void ByLookup<T, TState>(
        ImmutableSortedDictionary<string, T> before,
        ImmutableSortedDictionary<string, T> after,
        TState state,
        Action<TState, string, T?, T?> onDifference) where T : class
    {
        foreach (var (name, x) in before)
        {
            var y = after.GetValueOrDefault(name);
            if (!ReferenceEquals(x, y)) onDifference(state, name, x, y);
        }
        foreach (var (name, y) in after)
            if (!before.ContainsKey(name)) onDifference(state, name, null, y);
    }
}
