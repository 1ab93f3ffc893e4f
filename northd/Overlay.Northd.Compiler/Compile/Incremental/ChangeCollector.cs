using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Units;

namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>
/// Records, during one update, each flow identity's published flow before it was first touched, and
/// each binding a regenerated unit dropped or produced; at the end it yields the net difference.
/// </summary>
internal sealed class ChangeCollector
{
    private readonly Dictionary<LogicalFlow, LogicalFlow?> before = new(FlowIdentity.Instance);
    private readonly List<DatapathBinding> datapathsAdded = [], datapathsRemoved = [];
    private readonly List<PortBinding> portsAdded = [], portsRemoved = [];
    private readonly List<MulticastGroup> groupsAdded = [], groupsRemoved = [];

    /// <summary>Call before the table's entry for this identity changes.</summary>
    public void Touch(LogicalFlow identity, FlowTable table)
    {
        if (!before.ContainsKey(identity)) before.Add(identity, table.Find(identity));
    }

    public void Bindings(UnitOutput old, UnitOutput now)
    {
        if (!Equals(old.Datapath, now.Datapath))
        {
            if (old.Datapath is { } x) datapathsRemoved.Add(x);
            if (now.Datapath is { } y) datapathsAdded.Add(y);
        }
        if (!Equals(old.Port, now.Port))
        {
            if (old.Port is { } x) portsRemoved.Add(x);
            if (now.Port is { } y) portsAdded.Add(y);
        }
        if (!old.Groups.AsSpan().SequenceEqual(now.Groups))
        {
            groupsRemoved.AddRange(old.Groups);
            groupsAdded.AddRange(now.Groups);
        }
    }

    public (List<LogicalFlow> Added, List<LogicalFlow> Removed) Flows(Func<uint, FlowTable?> tableOf)
    {
        var added = new List<LogicalFlow>();
        var removed = new List<LogicalFlow>();
        foreach (var (identity, old) in before)
        {
            var now = tableOf(identity.Datapath)?.Find(identity);
            if (Equals(old, now)) continue;
            if (old is not null) removed.Add(old);
            if (now is not null) added.Add(now);
        }
        added.Sort(FlowOrder.Instance);
        removed.Sort(FlowOrder.Instance);
        return (added, removed);
    }

    public SetChanges<DatapathBinding> Datapaths() => Net(datapathsAdded, datapathsRemoved, NetworkOrder.Datapaths);

    public SetChanges<PortBinding> Ports() => Net(portsAdded, portsRemoved, NetworkOrder.Ports);

    public SetChanges<MulticastGroup> Groups() => Net(groupsAdded, groupsRemoved, NetworkOrder.Groups);

    private static SetChanges<T> Net<T>(List<T> added, List<T> removed, Comparison<T> order)
    {
        if (added.Count == 0 && removed.Count == 0) return SetChanges<T>.None;
        added.Sort(order);
        removed.Sort(order);
        return new SetChanges<T>(added, removed);
    }
}
