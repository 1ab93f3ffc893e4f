using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Flows;

/// <summary>
/// The order of <see cref="LogicalNetwork.Flows"/>: datapath key, pipeline (ingress first), table,
/// priority (highest first), match, actions. Stage kind and source break the remaining ties, so a
/// sort is total and deterministic.
/// </summary>
public sealed class FlowOrder : IComparer<LogicalFlow>
{
    public static readonly FlowOrder Instance = new();

    public int Compare(LogicalFlow? x, LogicalFlow? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int c = CompareIdentity(x, y);
        return c != 0 ? c : string.CompareOrdinal(x.Source, y.Source);
    }

    /// <summary>Compares everything but the source: 0 means the two are the same logical flow.</summary>
    public static int CompareIdentity(LogicalFlow x, LogicalFlow y)
    {
        int c = x.Datapath.CompareTo(y.Datapath);
        if (c != 0) return c;
        c = ((int)x.Stage.Pipeline).CompareTo((int)y.Stage.Pipeline);
        if (c != 0) return c;
        c = x.Stage.Table.CompareTo(y.Stage.Table);
        if (c != 0) return c;
        c = y.Priority.CompareTo(x.Priority);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Match, y.Match);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Actions, y.Actions);
        if (c != 0) return c;
        return ((int)x.Stage.Kind).CompareTo((int)y.Stage.Kind);
    }
}

/// <summary>Equality of logical flows by identity (datapath, stage, priority, match, actions), ignoring the source.</summary>
internal sealed class FlowIdentity : IEqualityComparer<LogicalFlow>
{
    public static readonly FlowIdentity Instance = new();

    public bool Equals(LogicalFlow? x, LogicalFlow? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        return x.Id == y.Id && x.Datapath == y.Datapath && x.Priority == y.Priority && x.Stage == y.Stage
            && string.Equals(x.Match, y.Match, StringComparison.Ordinal)
            && string.Equals(x.Actions, y.Actions, StringComparison.Ordinal);
    }

    // The id already hashes the identity fields.
    public int GetHashCode(LogicalFlow flow) => (int)flow.Id ^ (int)(flow.Id >> 32);
}
