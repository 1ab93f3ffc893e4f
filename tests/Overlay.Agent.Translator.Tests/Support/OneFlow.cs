using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>
/// One logical flow on switch "sw" (key 1; VIFs p1..p3 on hv1 = this host, p4 on hv2; group _MC_flood; address
/// set as1; port group pg = p1, p3 and x1 of another switch), translated for hv1.
/// </summary>
internal static class OneFlow
{
    public static readonly Dictionary<string, int> Placement = new() { ["p1"] = 1, ["p2"] = 1, ["p3"] = 1, ["p4"] = 2, ["x1"] = 1 };

    public static LogicalNetwork Network(params LogicalFlow[] flows)
    {
        PortBinding Vif(string name, uint dp, uint key) => new(name, dp, key, "", null, ValueArray<string>.Empty, ValueArray<string>.Empty);
        return new LogicalNetwork(1,
            [new DatapathBinding(1, "sw", DatapathKind.Switch), new DatapathBinding(2, "other", DatapathKind.Switch)],
            [Vif("p1", 1, 1), Vif("p2", 1, 2), Vif("p3", 1, 3), Vif("p4", 1, 4), Vif("x1", 2, 1)],
            [new MulticastGroup(1, Keys.McFloodName, Keys.McFlood, ValueArray.Create("p1", "p2", "p3", "p4"))],
            [new AddressSetBinding("as1", ValueArray.Create("10.0.0.1", "10.0.0.0/30", "10.1.0.0/16"))],
            [new PortGroupBinding("pg", ValueArray.Create("p1", "p3", "x1"))],
            [.. flows]);
    }

    public static LogicalFlow Flow(string match, string actions = "next;", Stage? stage = null, int priority = 100) =>
        LogicalFlow.Create(1, stage ?? Stages.LsInAcl, priority, match, actions, "test");

    public static Translation Translate(LogicalNetwork network, TranslatorOptions? options = null) =>
        Translator.Translate(Hosts.View(network, 1, 2, Placement), options);

    /// <summary>The OpenFlow flows of a single logical flow, as "match actions" lines (cookie and table left out).</summary>
    public static (ImmutableArray<DesiredFlow> Flows, Translation Translation) Of(string match, string actions = "next;", Stage? stage = null, TranslatorOptions? options = null)
    {
        var flow = Flow(match, actions, stage);
        var t = Translate(Network(flow), options);
        return ([.. t.FromLogicalFlow(flow.Id)], t);
    }

    public static List<string> Lines(IEnumerable<DesiredFlow> flows) =>
        flows.Select(f => $"{f.Flow.Match} actions={f.Flow.Actions}").ToList();
}
