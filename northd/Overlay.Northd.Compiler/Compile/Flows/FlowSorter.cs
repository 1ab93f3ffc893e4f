using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Flows;

/// <summary>
/// Sorts flows in <see cref="FlowOrder"/>. Datapath, pipeline, table and priority are packed into one
/// integer per flow first, so most comparisons are one integer compare instead of a walk through
/// each flow's stage; strings are compared only between flows of the same table and priority.
/// </summary>
internal static class FlowSorter
{
    private readonly struct Entry(ulong key, LogicalFlow flow) : IComparable<Entry>
    {
        public readonly ulong Key = key;
        public readonly LogicalFlow Flow = flow;

        public int CompareTo(Entry other)
        {
            int c = Key.CompareTo(other.Key);
            return c != 0 ? c : FlowOrder.Instance.Compare(Flow, other.Flow);
        }
    }

    // Generated priorities are 0..33767 (ACLs: 1000 + 0..32767); the key inverts them so higher sorts first.
    private static ulong KeyOf(LogicalFlow f) =>
        (ulong)f.Datapath << 32 | (ulong)(f.Stage.Pipeline == Pipeline.Ingress ? 0 : 1) << 31
        | (ulong)(uint)(f.Stage.Table & 0x7fff) << 16 | (ulong)(ushort)(ushort.MaxValue - Math.Clamp(f.Priority, 0, ushort.MaxValue));

    /// <summary>Sorts <paramref name="flows"/> into a new array.</summary>
    public static LogicalFlow[] Sort(IReadOnlyCollection<LogicalFlow> flows)
    {
        var entries = new Entry[flows.Count];
        int i = 0;
        foreach (var f in flows) entries[i++] = new Entry(KeyOf(f), f);
        Array.Sort(entries);
        var result = new LogicalFlow[entries.Length];
        for (i = 0; i < entries.Length; i++) result[i] = entries[i].Flow;
        return result;
    }

    /// <summary>Sorts and keeps one flow per identity: the one whose source sorts first.</summary>
    public static LogicalFlow[] SortUnique(IReadOnlyCollection<LogicalFlow> flows)
    {
        var sorted = Sort(flows);
        int n = 0;
        for (int i = 0; i < sorted.Length; i++)
            if (n == 0 || FlowOrder.CompareIdentity(sorted[n - 1], sorted[i]) != 0) sorted[n++] = sorted[i];
        return n == sorted.Length ? sorted : sorted[..n];
    }
}
