using System.Collections.Immutable;
using Overlay.Agent.Translator.Layout;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;
using Overlay.Logical.Evaluation;
using Xunit.Abstractions;

namespace Overlay.Agent.Translator.Tests.Expressions;

/// <summary>
/// OVN's "test-ovn exhaustive" in spirit: for random matches (fixed seed), a packet satisfies the logical match
/// (the shared <see cref="ExprEvaluator"/>) exactly when the translated OpenFlow flows select that flow in the
/// test switch, conjunctive matches included.
/// </summary>
public class NormalizerEquivalenceTests(ITestOutputHelper output)
{
    private static readonly Stage Stage = Stages.LsInAcl;

    private static LogicalNetwork Network(IEnumerable<string> matches)
    {
        PortBinding Vif(string name, uint dp, uint key) => new(name, dp, key, "", null, ValueArray<string>.Empty, ValueArray<string>.Empty);
        var flows = matches.Select((m, i) => LogicalFlow.Create(1, Stage, 1000 + i, m, "next;", "test")).ToImmutableArray();
        return new LogicalNetwork(1,
            [new DatapathBinding(1, "sw", DatapathKind.Switch), new DatapathBinding(2, "other", DatapathKind.Switch)],
            [Vif("p1", 1, 1), Vif("p2", 1, 2), Vif("p3", 1, 3), Vif("p4", 1, 4), Vif("x1", 2, 1)],
            [new MulticastGroup(1, Keys.McFloodName, Keys.McFlood, ValueArray.Create("p1", "p2", "p3", "p4"))],
            [new AddressSetBinding("as1", ValueArray.Create("10.0.0.1", "10.0.0.0/30", "10.1.0.0/16", "fe80::1"))],
            [new PortGroupBinding("pg", ValueArray.Create("p1", "p3", "x1"))],
            flows);
    }

    private static EvaluationContext Context() => new(
        ["p1", "p2", "p3", "p4", Keys.McFloodName],
        [KeyValuePair.Create("as1", ImmutableArray.Create("10.0.0.1", "10.0.0.0/30", "10.1.0.0/16", "fe80::1"))],
        // A context answers for one datapath: the group's members there.
        [KeyValuePair.Create("pg", ImmutableArray.Create("p1", "p3"))]);

    [Theory]
    [InlineData(20260101, 8)]
    [InlineData(4242, 1)]
    public void Openflow_matches_agree_with_the_logical_match(int seed, int conjunctionThreshold)
    {
        var rng = new Random(seed);
        var gen = new RandomExpressions(rng);
        var exprs = new List<Expr>();
        while (exprs.Count < 400)
        {
            var text = Formatter.Format(gen.Next());
            if (LogicalSyntax.ParseMatch(text) is { Ok: true } r) exprs.Add(r.Value!);
        }
        var network = Network(exprs.Select(Formatter.Format));
        var view = Hosts.View(network, 1, 1, new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["p3"] = 1, ["p4"] = 1 });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var translation = Translator.Translate(view, new TranslatorOptions { ConjunctionThreshold = conjunctionThreshold, MaxFlowsPerLogicalFlow = 1000 });
        output.WriteLine($"translated in {clock.ElapsedMilliseconds} ms: {translation.Flows.Length} flows");
        var skipped = translation.Diagnostics.Select(d => d.FlowId).ToHashSet();
        Assert.All(translation.Diagnostics, d => Assert.Equal(DiagnosticKind.Unsupported, d.Kind));
        Assert.True(skipped.Count < exprs.Count / 5, $"{skipped.Count} of {exprs.Count} matches were not translated:\n" + string.Join("\n", translation.Diagnostics.Take(5)));

        var packets = new RandomPackets(rng);
        byte table = PhysicalPipeline.TableOf(Stage);
        var keys = new Dictionary<string, uint> { [""] = 0, ["p1"] = 1, ["p2"] = 2, ["p3"] = 3, ["p4"] = 4, [Keys.McFloodName] = Keys.McFlood };
        int hits = 0, conjunctive = 0, checks = 0;
        var context = Context();
        var byCookie = translation.Flows.ToLookup(f => f.Flow.Cookie, f => f.Flow);
        foreach (var flow in network.Flows)
        {
            if (skipped.Contains(flow.Id)) continue;
            var mine = byCookie[flow.Id].ToList();
            if (mine.Any(f => f.Match.Contains(OpenFlow.Fields.OfFields.ConjId))) conjunctive++;
            var sw = new OfSwitch(mine);
            var expr = LogicalSyntax.ParseMatch(flow.Match).Value!;
            for (int i = 0; i < 64; i++)
            {
                var p = packets.Next();
                bool logical = ExprEvaluator.Default.Evaluate(expr, p, context);
                var of = OfPacket.FromLogical(p, 1, keys[p.Inport], keys[p.Outport]);
                var hit = sw.Lookup(of, table);
                bool openflow = hit is not null && hit.Cookie == flow.Id;
                checks++;
                if (logical) hits++;
                if (logical != openflow)
                    Assert.Fail(
                        $"match ({flow.Match}) is {logical} logically but {openflow} in OpenFlow for {p}\nhit: {hit}\n" + string.Join("\n", mine));
            }
        }
        output.WriteLine($"{checks} checks, {hits} matching, {conjunctive} flows with conjunctive matches, {skipped.Count} skipped");
        Assert.True(hits > checks / 10 && hits < checks * 9 / 10, "the packet space is too lopsided to test anything");
        if (conjunctionThreshold == 1) Assert.True(conjunctive > 10);
    }
}
