using System.Collections.Concurrent;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// Shares equal fields between matches, so a large flow table keeps one <c>metadata=0x5</c> or <c>dl_type=0x0800</c>
/// instead of one per flow. Matches are immutable, so an interned match is interchangeable with the original
/// (equal, same hash, same text and encoding). A <see cref="ValueMatchBuilder"/> given an interner takes its fields
/// from here as it builds, so its matches need no interning afterwards. Thread-safe; holds what it has seen until
/// dropped, or until it has added <c>capacity</c> fields, when it starts over.
/// </summary>
public sealed class MatchInterner(int capacity = int.MaxValue, int expected = 0)
{
    private readonly int _capacity = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be at least 1");
    private Generation _current = new(Math.Min(Math.Max(expected, 0), capacity));

    /// <summary>Distinct fields held.</summary>
    public int Count
    {
        get
        {
            Generation g = _current;
            return g.Fields.Count + (g.Wide?.Count ?? 0);
        }
    }

    /// <summary>A match equal to <paramref name="match"/> whose fields are the shared instances (the same object if they already are).</summary>
    public Match Intern(Match match)
    {
        Generation g = _current;
        if (match.IsEmpty || match.SharedBy == g.Number)
        {
            return match;
        }

        var fields = match.Fields;
        MatchField[]? copy = null;
        for (int i = 0; i < fields.Length; i++)
        {
            MatchField f = fields[i];
            MatchField shared = FieldKey.TryOf(f, out FieldKey key) ? Share(g, key, f) : ShareWide(g, f);
            if (!ReferenceEquals(shared, f))
            {
                copy ??= [.. fields];
                copy[i] = shared;
            }
        }

        if (copy is null)
        {
            // Matches are immutable; the mark only saves the next Intern the lookups.
            match.SharedBy = g.Number;
            return match;
        }

        return new Match(copy, g.Number);
    }

    /// <summary>The shared field for <paramref name="key"/>, and the number of the table it came from.</summary>
    internal MatchField Field(in FieldKey key, out int table)
    {
        Generation g = _current;
        table = g.Number;
        return g.Fields.TryGetValue(key, out MatchField? known) ? known : Share(g, key, key.ToField());
    }

    private MatchField Share(Generation g, in FieldKey key, MatchField field)
    {
        if (g.Fields.TryGetValue(key, out MatchField? known))
        {
            return known;
        }

        Spend(g);
        return g.Fields.GetOrAdd(key, field);
    }

    private MatchField ShareWide(Generation g, MatchField field)
    {
        ConcurrentDictionary<MatchField, MatchField> wide = g.Wide ?? Interlocked.CompareExchange(ref g.Wide, new(), null) ?? g.Wide;
        if (wide.TryGetValue(field, out MatchField? known))
        {
            return known;
        }

        Spend(g);
        return wide.GetOrAdd(field, field);
    }

    // Kept by long-lived callers: start over rather than grow without bound. Fields already handed out stay valid.
    private void Spend(Generation g)
    {
        if (_capacity != int.MaxValue && Interlocked.Increment(ref g.Added) > _capacity)
        {
            Interlocked.CompareExchange(ref _current, new Generation(0), g);
        }
    }

    /// <summary>One table of shared fields; <c>expected</c> sizes it up front (a table that grows field by field spends much of a one-off translation re-hashing).</summary>
    private sealed class Generation(int expected)
    {
        private static int s_lastNumber;

        public readonly ConcurrentDictionary<FieldKey, MatchField> Fields = new(Environment.ProcessorCount, Math.Max(expected, 31));
        public ConcurrentDictionary<MatchField, MatchField>? Wide;
        public int Added;

        /// <summary>
        /// What matches whose fields all come from this table carry: a number unique in the process (not the table,
        /// which they must not keep alive), never 0.
        /// </summary>
        public readonly int Number = NextNumber();

        private static int NextNumber()
        {
            int n;
            do
            {
                n = Interlocked.Increment(ref s_lastNumber);
            }
            while (n == 0);
            return n;
        }
    }
}
