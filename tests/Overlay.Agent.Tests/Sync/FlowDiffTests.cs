using Overlay.Agent.Sync;
using Overlay.Agent.Tests.Support;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.Sync;

public sealed class FlowDiffTests
{
    [Fact]
    public void TheBundleDeletesFirstThenModifiesThenAdds()
    {
        var installed = FlowSet.Of([Flows.Make(1), Flows.Make(2), Flows.Make(3)]);
        var desired = FlowSet.Of([Flows.Make(4), Flows.Make(2, outPort: 7), Flows.Make(3)]);

        FlowDiff diff = FlowDiff.Compute(installed, desired);
        var mods = diff.ToFlowMods();

        Assert.Equal([FlowModCommand.DeleteStrict, FlowModCommand.ModifyStrict, FlowModCommand.Add], mods.Select(m => m.Command));
        Assert.Equal([Flows.Make(1)], diff.Deletes.ToArray());
        Assert.Equal(Flows.Make(2, outPort: 7), mods[1].ToFlowEntry());
        Assert.Equal(Flows.Make(4), mods[2].ToFlowEntry());
    }

    [Fact]
    public void SameFlowsInAnotherOrderNeedNothing()
    {
        FlowEntry[] flows = [.. Enumerable.Range(0, 50).Select(i => Flows.Make(i))];
        var installed = FlowSet.Of(flows);
        var desired = FlowSet.Of(flows.Reverse());

        Assert.True(FlowDiff.Compute(installed, desired).IsEmpty);
        Assert.True(installed.SetEquals(desired));
    }

    [Fact]
    public void OnlyActionsChangedIsAStrictModifyThatKeepsTheFlow()
    {
        FlowDiff diff = FlowDiff.Compute(FlowSet.Of([Flows.Make(1)]), FlowSet.Of([Flows.Make(1, outPort: 2)]));

        FlowMod mod = Assert.Single(diff.ToFlowMods());
        Assert.Equal(FlowModCommand.ModifyStrict, mod.Command);
        Assert.True(Assert.Single(diff.Modifies).ActionsOnly);
    }

    [Fact]
    public void AChangedCookieIsAnAddThatReplacesTheFlowInPlace()
    {
        // An OpenFlow 1.5 modify would leave the old cookie on the switch.
        FlowDiff diff = FlowDiff.Compute(FlowSet.Of([Flows.Make(1, cookie: 5)]), FlowSet.Of([Flows.Make(1, cookie: 6)]));

        FlowMod mod = Assert.Single(diff.ToFlowMods());
        Assert.Equal(FlowModCommand.Add, mod.Command);
        Assert.Equal(6UL, mod.Cookie);
        Assert.Empty(diff.Deletes);
    }

    [Fact]
    public void AChangedMatchOrPriorityIsADeleteAndAnAdd()
    {
        FlowDiff diff = FlowDiff.Compute(FlowSet.Of([Flows.Make(1)]), FlowSet.Of([Flows.Make(1, priority: 99)]));

        Assert.Equal([FlowModCommand.DeleteStrict, FlowModCommand.Add], diff.ToFlowMods().Select(m => m.Command));
    }

    [Fact]
    public void ReplaceIsDeleteAllThenEveryDesiredFlow()
    {
        var desired = FlowSet.Of([Flows.Make(1), Flows.Make(2)]);

        var mods = FlowDiff.Replace(desired);

        Assert.Equal(FlowModCommand.Delete, mods[0].Command);
        Assert.Equal(FlowMod.AllTables, mods[0].TableId);
        Assert.True(mods[0].Match.IsEmpty);
        Assert.Equal(0UL, mods[0].CookieMask);
        Assert.Equal(desired.Flows.ToArray(), mods.Skip(1).Select(m => m.ToFlowEntry()).ToArray());
        var table = new TableModel([Flows.Make(9), Flows.Make(1, outPort: 3)]);
        table.Apply(mods);
        Assert.Equal(Flows.Sorted(desired), Flows.Sorted(table.Flows));
    }

    [Fact]
    public void DuplicateKeysKeepTheFirstFlow()
    {
        var set = FlowSet.Of([Flows.Make(1, outPort: 1), Flows.Make(1, outPort: 2)]);

        Assert.Equal([Flows.Make(1, outPort: 1)], set.Flows.ToArray());
    }

    /// <summary>From a fixed seed: applying the plan to what is installed gives exactly the desired flows, and then nothing is left to do.</summary>
    [Fact]
    public void ApplyingThePlanReachesTheDesiredSetAndIsThenIdempotent()
    {
        var random = new Random(20261121);
        for (int round = 0; round < 300; round++)
        {
            var installed = FlowSet.Of(RandomFlows(random));
            var desired = FlowSet.Of(RandomFlows(random));
            var table = new TableModel(installed);

            FlowDiff diff = FlowDiff.Compute(installed, desired);
            table.Apply(diff.ToFlowMods());

            Assert.Equal(Flows.Sorted(desired), Flows.Sorted(table.Flows));
            Assert.True(FlowDiff.Compute(FlowSet.Of(table.Flows), desired).IsEmpty);
            Assert.True(diff.Count <= installed.Count + desired.Count);
            int untouched = installed.Count(f => desired.TryGet(FlowSet.KeyOf(f), out var d) && d == f);
            Assert.Equal(installed.Count - untouched, diff.Deletes.Length + diff.Modifies.Length);
        }
    }

    [Fact]
    public void TheBundleIsTheFactoryFlowModsInOrder()
    {
        FlowEntry timed = Flows.Make(1) with { IdleTimeout = 9, HardTimeout = 8, Importance = 7, Flags = FlowModFlags.SendFlowRemoved };
        var installed = FlowSet.Of([timed, Flows.Make(2), Flows.Make(3, cookie: 1)]);
        var desired = FlowSet.Of([Flows.Make(4), Flows.Make(2, outPort: 7), Flows.Make(3, cookie: 2)]);

        FlowDiff diff = FlowDiff.Compute(installed, desired);

        FlowMod[] expected = [FlowMod.DeleteStrict(timed), FlowMod.ModifyStrict(Flows.Make(2, outPort: 7)), FlowMod.Add(Flows.Make(3, cookie: 2)), FlowMod.Add(Flows.Make(4))];
        Assert.Equal(expected, diff.ToBundle().Select(m => m.ToFlowMod()));
        Assert.Equal(expected, diff.ToFlowMods());
        Assert.Equal(expected.Length, diff.ToBundle().Count);
        Assert.Equal([FlowMod.Delete(), FlowMod.Add(Flows.Make(4)), FlowMod.Add(Flows.Make(2, outPort: 7)), FlowMod.Add(Flows.Make(3, cookie: 2))],
            FlowDiff.ReplaceBundle(desired).Select(m => m.ToFlowMod()));
        Assert.Throws<ArgumentOutOfRangeException>(() => diff.ToBundle()[expected.Length]);
    }

    [Fact]
    public void FromOrToNothingIsEveryFlowInTheSetsOrder()
    {
        var flows = FlowSet.Of([Flows.Make(3), Flows.Make(1), Flows.Make(2), Flows.Make(1, outPort: 9)]);

        FlowDiff fresh = FlowDiff.Compute(FlowSet.Empty, flows);
        FlowDiff cleared = FlowDiff.Compute(flows, FlowSet.Empty);

        Assert.Equal([Flows.Make(3), Flows.Make(1), Flows.Make(2)], fresh.Adds.ToArray());
        Assert.Empty(fresh.Deletes);
        Assert.Empty(fresh.Modifies);
        Assert.Equal([Flows.Make(3), Flows.Make(1), Flows.Make(2)], cleared.Deletes.ToArray());
        Assert.Empty(cleared.Adds);
        Assert.Empty(cleared.Modifies);
    }

    private static IEnumerable<FlowEntry> RandomFlows(Random random)
    {
        int n = random.Next(0, 12);
        for (int i = 0; i < n; i++)
        {
            FlowEntry f = Flows.Make(random.Next(0, 10), outPort: (uint)random.Next(1, 3), cookie: (ulong)random.Next(0, 2), priority: (ushort)(100 + random.Next(0, 2)));
            yield return random.Next(0, 4) == 0 ? f with { Actions = ActionList.Of(ResubmitAction.ToTable(20)) } : f;
        }
    }
}
