using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// Shares equal fields between matches, so a large flow table keeps one <c>metadata=0x5</c> or <c>dl_type=0x0800</c>
/// instead of one per flow. Matches are immutable, so an interned match is interchangeable with the original
/// (equal, same hash, same text and encoding). Thread-safe; holds what it has seen until dropped.
/// </summary>
public sealed class MatchInterner
{
    private readonly ConcurrentDictionary<MatchField, MatchField> _fields = new();

    public int Count => _fields.Count;

    /// <summary>A match equal to <paramref name="match"/> whose fields are the shared instances (the same object if they already are).</summary>
    public Match Intern(Match match)
    {
        var fields = match.Fields;
        MatchField[]? copy = null;
        for (int i = 0; i < fields.Length; i++)
        {
            MatchField f = fields[i];
            MatchField shared = _fields.GetOrAdd(f, f);
            if (!ReferenceEquals(shared, f))
            {
                copy ??= [.. fields];
                copy[i] = shared;
            }
        }

        return copy is null ? match : new Match(ImmutableCollectionsMarshal.AsImmutableArray(copy));
    }
}
