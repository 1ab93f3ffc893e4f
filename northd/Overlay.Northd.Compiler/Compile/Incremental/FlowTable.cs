using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;

namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>
/// The flows of one datapath. Units that produce the same flow share it: the table keeps one flow per
/// identity and counts its producers; the published flow names the producer whose source sorts first,
/// exactly as the full compile picks it.
/// </summary>
internal sealed class FlowTable
{
    private readonly Dictionary<LogicalFlow, LogicalFlow> published = new(FlowIdentity.Instance);
    // Only identities with more than one producer: every producer's source, with repeats.
    private readonly Dictionary<LogicalFlow, List<string>> shared = new(FlowIdentity.Instance);
    private LogicalFlow[]? sorted;

    public int Count => published.Count;

    public LogicalFlow? Find(LogicalFlow identity) => published.GetValueOrDefault(identity);

    public void Add(LogicalFlow flow)
    {
        sorted = null;
        if (!published.TryGetValue(flow, out var current))
        {
            published.Add(flow, flow);
            return;
        }
        if (!shared.TryGetValue(flow, out var sources)) shared[flow] = sources = [current.Source];
        sources.Add(flow.Source);
        if (string.CompareOrdinal(flow.Source, current.Source) < 0) published[flow] = flow;
    }

    public void Remove(LogicalFlow flow)
    {
        sorted = null;
        if (!shared.TryGetValue(flow, out var sources))
        {
            published.Remove(flow);
            return;
        }
        sources.Remove(flow.Source);
        string first = sources[0];
        foreach (var s in sources)
            if (string.CompareOrdinal(s, first) < 0) first = s;
        if (sources.Count == 1) shared.Remove(flow);
        var current = published[flow];
        if (!string.Equals(current.Source, first, StringComparison.Ordinal)) published[flow] = current with { Source = first };
    }

    /// <summary>The flows in <see cref="FlowOrder"/>, cached until the next change.</summary>
    public LogicalFlow[] Sorted()
    {
        if (sorted is null)
        {
            sorted = FlowSorter.Sort(published.Values);
        }
        return sorted;
    }
}
