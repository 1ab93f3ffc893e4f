using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Incremental;
using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile;

/// <summary>
/// Stage 1, incremental. Holds the compiled state of one NB revision as compile units (the flows and
/// bindings one NB object yields on one datapath). <see cref="Update"/> diffs the NB, asks the dependency
/// index which units the changes touch (in the old and the new revision), regenerates only those with
/// the same generators the full compile uses, and returns the net difference. Not thread-safe: one
/// caller updates it at a time.
/// </summary>
public sealed class IncrementalCompiler
{
    private readonly TopologyIndex index;
    private readonly AclCache acls = new();
    private readonly FlowSink sink = new();
    private readonly Dictionary<UnitKey, UnitOutput> units = new();
    private readonly Dictionary<uint, FlowTable> tables = new();
    private LogicalNetwork? network;

    public IncrementalCompiler(NbDatabase db)
    {
        Database = db;
        index = TopologyIndex.Build(db);
        var topology = new NbTopology(db, index, acls);
        // The first compile is a full one: every unit, generated in parallel per datapath, then stored.
        var work = DatapathWork.Plan(db);
        DatapathWork.ForAll(work, (w, s, scratch) => w.Generate(topology, s, scratch));
        int count = 0;
        foreach (var w in work) count += w.Units.Count;
        units.EnsureCapacity(count);
        foreach (var w in work)
            foreach (var (unit, output) in w.Units) Store(unit, UnitOutput.Empty, output, changes: null);
    }

    /// <summary>The NB revision the state reflects.</summary>
    public NbDatabase Database { get; private set; }

    /// <summary>Number of live compile units (for diagnostics and benchmarks).</summary>
    public int UnitCount => units.Count;

    /// <summary>The whole logical network of <see cref="Database"/>; built on first use after an update (O(flows)).</summary>
    public LogicalNetwork Network => network ??= Materialize();

    public LogicalFlowDiff Update(NbDatabase next)
    {
        var previous = Database;
        if (ReferenceEquals(previous, next)) return LogicalFlowDiff.Nothing(next.Revision);

        var changes = NbDiff.Compute(previous, next);
        var dirty = new HashSet<UnitKey>();
        var before = new NbTopology(previous, index, acls);
        foreach (var c in changes) Dependencies.Collect(c, before, dirty);
        IndexUpdate.Apply(index, changes, previous, next);
        var after = new NbTopology(next, index, acls);
        foreach (var c in changes) Dependencies.Collect(c, after, dirty);

        Database = next;
        network = null;
        var collector = new ChangeCollector();
        foreach (var unit in dirty)
        {
            var old = units.GetValueOrDefault(unit) ?? UnitOutput.Empty;
            Store(unit, old, UnitGenerator.Generate(unit, after, sink), collector);
        }

        var (added, removed) = collector.Flows(key => tables.GetValueOrDefault(key));
        return new LogicalFlowDiff(added, removed, next.Revision, collector.Datapaths(), collector.Ports(), collector.Groups(),
            NamedSetChanges.AddressSets(changes, previous, next), NamedSetChanges.PortGroups(changes, previous, next), dirty.Count);
    }

    private void Store(UnitKey unit, UnitOutput old, UnitOutput now, ChangeCollector? changes)
    {
        if (now.IsEmpty) units.Remove(unit);
        else units[unit] = now;
        changes?.Bindings(old, now);
        if (SameFlows(old.Flows, now.Flows)) return;
        foreach (var f in old.Flows)
        {
            var table = tables[f.Datapath];
            changes?.Touch(f, table);
            table.Remove(f);
            if (table.Count == 0) tables.Remove(f.Datapath);
        }
        foreach (var f in now.Flows)
        {
            if (!tables.TryGetValue(f.Datapath, out var table)) tables[f.Datapath] = table = new FlowTable();
            changes?.Touch(f, table);
            table.Add(f);
        }
    }

    private static bool SameFlows(LogicalFlow[] a, LogicalFlow[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].Equals(b[i])) return false;
        return true;
    }

    private LogicalNetwork Materialize()
    {
        var datapaths = new List<DatapathBinding>();
        var ports = new List<PortBinding>();
        var groups = new List<MulticastGroup>();
        foreach (var output in units.Values)
        {
            if (output.Datapath is { } dp) datapaths.Add(dp);
            if (output.Port is { } pb) ports.Add(pb);
            groups.AddRange(output.Groups);
        }
        datapaths.Sort(NetworkOrder.Datapaths);
        ports.Sort(NetworkOrder.Ports);
        groups.Sort(NetworkOrder.Groups);

        var keys = new List<uint>(tables.Keys);
        keys.Sort();
        int count = 0;
        foreach (var key in keys) count += tables[key].Count;
        var flows = ImmutableArray.CreateBuilder<LogicalFlow>(count);
        foreach (var key in keys) flows.AddRange(tables[key].Sorted());

        var db = Database;
        return new LogicalNetwork(db.Revision, [.. datapaths], [.. ports], [.. groups],
            NamedSets.AddressSets(db), NamedSets.PortGroups(db), flows.MoveToImmutable());
    }
}
