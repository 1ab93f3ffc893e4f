using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Tests.Support;

internal static class Flows
{
    /// <summary>A flow in table 10 keyed by reg14=<paramref name="i"/>.</summary>
    public static FlowEntry Make(int i, uint outPort = 1, ulong? cookie = null, ushort priority = 100) =>
        new(10, priority, cookie ?? (ulong)(0x100 + i), Match.Builder().Reg(14, (uint)i).Build(), ActionList.Of(new OutputAction(outPort)));

    public static string[] Sorted(IEnumerable<FlowEntry> flows) => [.. flows.Select(f => f.ToString()).Order(StringComparer.Ordinal)];
}
