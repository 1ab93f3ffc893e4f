using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>Every flow the compiler emits re-parses, type-checks and prints back to the same text.</summary>
public sealed class ReparseTests
{
    public static TheoryData<string> Networks()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Topologies.All()) data.Add(name);
        data.Add("random-1");
        data.Add("random-2");
        return data;
    }

    private static Nb.NbDatabase Db(string name) => name.StartsWith("random-", StringComparison.Ordinal)
        ? RandomNb.Evolve(int.Parse(name["random-".Length..]), steps: 150)
        : Topologies.All().Single(t => t.Name == name).Db;

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryFlowReparsesAndTypeChecks(string name)
    {
        var network = NorthdCompiler.Compile(Db(name));
        Assert.NotEmpty(network.Flows);
        foreach (var f in network.Flows)
        {
            var match = LogicalSyntax.ParseMatch(f.Match);
            Assert.True(match.Ok, $"match of {f}: {match.Error}");
            Assert.Equal(f.Match, Formatter.Format(match.Value!));
            var actions = LogicalSyntax.ParseActions(f.Actions);
            Assert.True(actions.Ok, $"actions of {f}: {actions.Error}");
            Assert.Equal(f.Actions, Formatter.Format(actions.Value!));
            Assert.Equal(FlowId.Compute(f.Datapath, f.Stage, f.Priority, f.Match, f.Actions), f.Id);
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryStageOfEveryDatapathEndsWithOneDefaultFlow(string name)
    {
        var network = NorthdCompiler.Compile(Db(name));
        foreach (var dp in network.Datapaths)
            foreach (var stage in Stages.Declared.Where(s => s.Kind == dp.Kind))
            {
                var defaults = network.Flows.Where(f => f.Datapath == dp.Key && f.Stage == stage && f.Priority == 0).ToList();
                Assert.True(defaults.Count == 1, $"{dp.Name} {stage.Name}: {defaults.Count} priority-0 flows");
                Assert.Equal("1", defaults[0].Match);
            }
    }
}
