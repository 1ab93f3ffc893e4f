namespace Overlay.Logical;

/// <summary>
/// A read-only map from the language's names (fields, actions, keywords) to values, for lookups once per token or
/// field: open addressing, hashed on a name's length and three of its characters, at most a quarter full. The
/// names differ early, late or in length, so probes stay short; hashing every character, as a general dictionary
/// does, cost more than the probe.
/// </summary>
internal sealed class NameTable<T> where T : class
{
    private readonly string?[] keys;
    private readonly T?[] values;
    private readonly int mask;

    public NameTable(IEnumerable<KeyValuePair<string, T>> entries)
    {
        var list = entries.ToList();
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(list.Count, 1) * 4);
        keys = new string?[size];
        values = new T?[size];
        mask = size - 1;
        foreach (var (key, value) in list)
        {
            if (key.Length == 0) throw new ArgumentException("names are never empty", nameof(entries));
            int k = Hash(key) & mask;
            while (keys[k] is not null)
            {
                if (keys[k] == key) throw new ArgumentException($"duplicate name '{key}'", nameof(entries));
                k = (k + 1) & mask;
            }
            keys[k] = key;
            values[k] = value;
        }
    }

    public T? Find(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return null;
        for (int k = Hash(name) & mask; ; k = (k + 1) & mask)
        {
            var key = keys[k];
            if (key is null) return null;
            if (key.Length == name.Length && name.SequenceEqual(key)) return values[k];
        }
    }

    private static int Hash(ReadOnlySpan<char> s) =>
        (s.Length * 0x3b) ^ (s[0] * 0x9e1) ^ (s[s.Length >> 1] * 0x1f) ^ (s[^1] * 0x2d7);
}
