using System.Runtime.InteropServices;

namespace Overlay.Northd.Compiler.Compile.Topology;

/// <summary>
/// A key to a bag of values (duplicates kept, so adds and removes pair up exactly). Almost every key
/// holds one value, which is stored inline: the index over 50,000 ports is then one object per key,
/// not three. Readers must not depend on the order of a key's values.
/// </summary>
internal sealed class MultiMap<TKey, TValue>(IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    internal struct Bag
    {
        public int Count;
        public TValue First;
        public List<TValue>? Rest;
    }

    private readonly Dictionary<TKey, Bag> map = new(comparer);

    public void Add(TKey key, TValue value)
    {
        ref var bag = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        if (bag.Count == 0) bag.First = value;
        else (bag.Rest ??= new List<TValue>(1)).Add(value);
        bag.Count++;
    }

    /// <summary>Removes one occurrence of the value.</summary>
    public void Remove(TKey key, TValue value)
    {
        ref var bag = ref CollectionsMarshal.GetValueRefOrNullRef(map, key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref bag)) return;
        var eq = EqualityComparer<TValue>.Default;
        if (eq.Equals(bag.First, value))
        {
            if (bag.Count == 1)
            {
                map.Remove(key);
                return;
            }
            bag.First = bag.Rest![^1];
            bag.Rest.RemoveAt(bag.Rest.Count - 1);
        }
        else if (bag.Rest is null || !bag.Rest.Remove(value)) return;
        bag.Count--;
    }

    public Values Get(TKey key) => map.TryGetValue(key, out var bag) ? new Values(bag) : default;

    /// <summary>The values of one key, enumerable without allocating.</summary>
    public readonly struct Values
    {
        private readonly Bag bag;

        internal Values(Bag bag) => this.bag = bag;

        public int Count => bag.Count;

        public Enumerator GetEnumerator() => new(bag);

        public struct Enumerator(Bag bag)
        {
            private int index = -1;

            public readonly TValue Current => index == 0 ? bag.First : bag.Rest![index - 1];

            public bool MoveNext() => ++index < bag.Count;
        }
    }
}

/// <summary>Counts per (outer, inner) pair, dropping pairs whose count reaches zero.</summary>
internal sealed class PairCounter
{
    private readonly Dictionary<string, Dictionary<string, int>> counts = new(StringComparer.Ordinal);

    public void Change(string outer, string inner, int delta)
    {
        if (!counts.TryGetValue(outer, out var row)) counts[outer] = row = new Dictionary<string, int>(StringComparer.Ordinal);
        row.TryGetValue(inner, out int n);
        n += delta;
        if (n > 0) row[inner] = n;
        else
        {
            row.Remove(inner);
            if (row.Count == 0) counts.Remove(outer);
        }
    }

    public int Get(string outer, string inner) =>
        counts.TryGetValue(outer, out var row) && row.TryGetValue(inner, out int n) ? n : 0;

    public IEnumerable<string> Inner(string outer) =>
        counts.TryGetValue(outer, out var row) ? row.Keys : [];
}
