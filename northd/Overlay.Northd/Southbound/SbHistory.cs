namespace Overlay.Northd.Southbound;

/// <summary>One committed revision as subscribers see it: the view after it and the keys it touched.</summary>
internal sealed record SbRevision(SbView View, SbChanges Changes)
{
    public long Revision => View.Revision;
}

/// <summary>
/// The last few revisions in memory, so an agent that reconnects with the revision it holds gets only the
/// difference. Written by the commit path, read by any subscriber task.
/// </summary>
internal sealed class SbHistory(int capacity)
{
    private readonly object gate = new();
    private readonly SbRevision?[] ring = new SbRevision?[capacity];
    private int count;
    private int next;

    public void Add(SbRevision entry)
    {
        lock (gate)
        {
            if (count > 0 && entry.Revision != Latest!.Revision + 1)
            {
                // A gap (never expected): older entries can no longer be chained to this one.
                Array.Clear(ring);
                count = 0;
            }
            ring[next] = entry;
            next = (next + 1) % ring.Length;
            count = Math.Min(count + 1, ring.Length);
        }
    }

    public SbRevision? Latest
    {
        get
        {
            lock (gate) return count == 0 ? null : ring[(next - 1 + ring.Length) % ring.Length];
        }
    }

    /// <summary>
    /// The view at <paramref name="revision"/> and every key touched after it up to <paramref name="target"/>,
    /// or false when that revision is no longer (or not yet) held.
    /// </summary>
    public bool TrySince(long revision, SbRevision target, out SbView? held, out SbChanges? changes)
    {
        held = null;
        changes = null;
        lock (gate)
        {
            if (count == 0) return false;
            var newest = ring[(next - 1 + ring.Length) % ring.Length]!;
            long oldest = newest.Revision - count + 1;
            if (revision < oldest || revision > target.Revision || target.Revision > newest.Revision) return false;
            SbRevision At(long r) => ring[(int)(((next - 1 - (newest.Revision - r)) % ring.Length + ring.Length) % ring.Length)]!;
            held = At(revision).View;
            var union = new SbChanges();
            for (long r = revision + 1; r <= target.Revision; r++) union.UnionWith(At(r).Changes);
            changes = union;
            return true;
        }
    }
}
