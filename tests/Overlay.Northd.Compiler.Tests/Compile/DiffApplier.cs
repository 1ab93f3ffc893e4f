using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Compile.Flows;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>What a consumer of the diffs (the Southbound stream, an agent's cache) does with one: removals, then additions.</summary>
internal static class DiffApplier
{
    public static LogicalNetwork Apply(LogicalNetwork before, LogicalFlowDiff diff)
    {
        var flows = before.Flows.ToDictionary(f => f.Id);
        foreach (var f in diff.Removed)
        {
            Assert.True(flows.TryGetValue(f.Id, out var held) && held.Equals(f), $"removed flow was not present: {f}");
            flows.Remove(f.Id);
        }
        foreach (var f in diff.Added) Assert.True(flows.TryAdd(f.Id, f), $"added flow already present: {f}");
        var sorted = flows.Values.ToList();
        sorted.Sort(FlowOrder.Instance);
        return new LogicalNetwork(diff.Revision,
            Patch(before.Datapaths, diff.Datapaths, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Name, b.Name)),
            Patch(before.Ports, diff.Ports, (a, b) => (a.Datapath, a.Key) != (b.Datapath, b.Key)
                ? (a.Datapath, a.Key).CompareTo((b.Datapath, b.Key)) : string.CompareOrdinal(a.Name, b.Name)),
            Patch(before.MulticastGroups, diff.MulticastGroups, (a, b) => (a.Datapath, a.Key).CompareTo((b.Datapath, b.Key))),
            Patch(before.AddressSets, diff.AddressSets, (a, b) => string.CompareOrdinal(a.Name, b.Name)),
            Patch(before.PortGroups, diff.PortGroups, (a, b) => string.CompareOrdinal(a.Name, b.Name)),
            [.. sorted]);
    }

    private static ImmutableArray<T> Patch<T>(ImmutableArray<T> before, SetChanges<T> changes, Comparison<T> order)
    {
        var list = before.ToList();
        foreach (var x in changes.Removed) Assert.True(list.Remove(x), $"removed item was not present: {x}");
        list.AddRange(changes.Added);
        list.Sort(order);
        return [.. list];
    }
}
