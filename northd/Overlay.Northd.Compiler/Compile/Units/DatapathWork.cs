using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Units;

/// <summary>
/// The switches and routers sharing one datapath key (exactly one in a valid NB) and everything their
/// units produce. Datapaths are independent of each other, so they compile in parallel.
/// </summary>
internal sealed class DatapathWork(uint key)
{
    public uint Key { get; } = key;

    public List<LogicalSwitch> Switches { get; } = new(1);

    public List<LogicalRouter> Routers { get; } = new(1);

    public LogicalFlow[] Flows { get; private set; } = [];

    public List<DatapathBinding> Datapaths { get; } = new(1);

    public List<PortBinding> Ports { get; } = [];

    public List<MulticastGroup> Groups { get; } = [];

    /// <summary>Groups the NB's switches and routers by datapath key, in key order.</summary>
    public static List<DatapathWork> Plan(NbDatabase db)
    {
        var byKey = new Dictionary<uint, DatapathWork>(db.Switches.Count + db.Routers.Count);
        foreach (var sw in db.Switches.Values) Get(byKey, sw.TunnelKey).Switches.Add(sw);
        foreach (var r in db.Routers.Values) Get(byKey, r.TunnelKey).Routers.Add(r);
        var list = new List<DatapathWork>(byKey.Values);
        list.Sort((a, b) => a.Key.CompareTo(b.Key));
        return list;
    }

    private static DatapathWork Get(Dictionary<uint, DatapathWork> byKey, uint key)
    {
        if (!byKey.TryGetValue(key, out var w)) byKey[key] = w = new DatapathWork(key);
        return w;
    }

    /// <summary>Every unit's output, for the incremental compiler to keep (filled by <see cref="Generate"/>).</summary>
    public List<(UnitKey Unit, UnitOutput Output)> Units { get; } = [];

    /// <summary>Runs every unit of the datapath and keeps the sorted, de-duplicated flows and the bindings.</summary>
    public void Compile(NbTopology t, FlowSink sink, List<UnitKey> scratch)
    {
        Enumerate(t, scratch);
        var flows = new List<LogicalFlow>(scratch.Count * 8);
        foreach (var unit in scratch)
        {
            var output = UnitGenerator.Generate(unit, t, sink);
            flows.AddRange(output.Flows);
            if (output.Datapath is { } dp) Datapaths.Add(dp);
            if (output.Port is { } pb) Ports.Add(pb);
            Groups.AddRange(output.Groups);
        }
        Flows = FlowSorter.SortUnique(flows);
    }

    /// <summary>Runs every unit of the datapath and keeps each unit's output as it is.</summary>
    public void Generate(NbTopology t, FlowSink sink, List<UnitKey> scratch)
    {
        Enumerate(t, scratch);
        foreach (var unit in scratch) Units.Add((unit, UnitGenerator.Generate(unit, t, sink)));
    }

    private void Enumerate(NbTopology t, List<UnitKey> scratch)
    {
        scratch.Clear();
        foreach (var sw in Switches) UnitEnumerator.OfSwitch(sw, t, scratch);
        foreach (var r in Routers) UnitEnumerator.OfRouter(r, t, scratch);
    }

    /// <summary>Runs <paramref name="compile"/> on every datapath in parallel, each thread with its own sink.</summary>
    public static void ForAll(List<DatapathWork> work, Action<DatapathWork, FlowSink, List<UnitKey>> compile) =>
        Parallel.For(0, work.Count,
            () => (Sink: new FlowSink(), Scratch: new List<UnitKey>()),
            (i, _, local) =>
            {
                compile(work[i], local.Sink, local.Scratch);
                return local;
            },
            _ => { });
}
