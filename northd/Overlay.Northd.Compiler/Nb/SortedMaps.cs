using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>Content equality for the model's name-keyed sorted dictionaries.</summary>
internal static class SortedMaps
{
    public static bool ContentEquals<TValue>(ImmutableSortedDictionary<string, TValue> a, ImmutableSortedDictionary<string, TValue> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        var cmp = EqualityComparer<TValue>.Default;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || !cmp.Equals(value, other)) return false;
        return true;
    }

    public static int ContentHash<TValue>(ImmutableSortedDictionary<string, TValue> map)
    {
        var h = new HashCode();
        foreach (var (key, value) in map) { h.Add(key, StringComparer.Ordinal); h.Add(value); }
        return h.ToHashCode();
    }
}
