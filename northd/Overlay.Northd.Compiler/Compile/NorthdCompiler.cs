using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile;

/// <summary>
/// Stage 1, full compile: NB → logical network. Deterministic: the same database gives the same
/// datapaths, bindings, groups and byte-identical flows with the same ids, in the same order.
/// The NB is expected to be valid (NbValidator); malformed values are skipped, never thrown on.
/// </summary>
public static class NorthdCompiler
{
    public static LogicalNetwork Compile(NbDatabase db)
    {
        var topology = new NbTopology(db, TopologyIndex.Build(db), new AclCache());
        var work = DatapathWork.Plan(db);
        // Datapaths are independent: compile them in parallel.
        DatapathWork.ForAll(work, (w, sink, scratch) => w.Compile(topology, sink, scratch));
        return Assemble(db, work);
    }

    private static LogicalNetwork Assemble(NbDatabase db, List<DatapathWork> work)
    {
        int flowCount = 0, portCount = 0, groupCount = 0;
        foreach (var w in work)
        {
            flowCount += w.Flows.Length;
            portCount += w.Ports.Count;
            groupCount += w.Groups.Count;
        }
        var flows = ImmutableArray.CreateBuilder<LogicalFlow>(flowCount);
        var datapaths = new List<DatapathBinding>(work.Count);
        var ports = new List<PortBinding>(portCount);
        var groups = new List<MulticastGroup>(groupCount);
        foreach (var w in work)
        {
            flows.AddRange(w.Flows);
            datapaths.AddRange(w.Datapaths);
            ports.AddRange(w.Ports);
            groups.AddRange(w.Groups);
        }
        datapaths.Sort(NetworkOrder.Datapaths);
        ports.Sort(NetworkOrder.Ports);
        groups.Sort(NetworkOrder.Groups);
        return new LogicalNetwork(db.Revision, [.. datapaths], [.. ports], [.. groups],
            NamedSets.AddressSets(db), NamedSets.PortGroups(db), flows.MoveToImmutable());
    }
}
