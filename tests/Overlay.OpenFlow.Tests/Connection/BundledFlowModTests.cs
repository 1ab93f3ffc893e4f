using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow.Tests.Connection;

/// <summary>The bundle path from flow entries (<see cref="BundledFlowMod"/>) sends exactly what the <see cref="FlowMod"/> path sends.</summary>
public sealed class BundledFlowModTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // Every payload field set, so a path that drops or zeroes one differs.
    private static FlowEntry Flow(int i, uint outPort = 1) =>
        new(12, (ushort)(200 + i), 0xabc0 + (ulong)i, Match.Builder().Metadata(7).Reg(14, (uint)i).Build(), ActionList.Of(new OutputAction(outPort)))
        {
            IdleTimeout = 30,
            HardTimeout = 60,
            Importance = 5,
            Flags = FlowModFlags.SendFlowRemoved,
        };

    private static (BundledFlowMod[] Bundled, FlowMod[] Objects) EveryCommand() =>
        (
            [BundledFlowMod.DeleteAll, BundledFlowMod.DeleteStrict(Flow(1)), BundledFlowMod.ModifyStrict(Flow(2)), BundledFlowMod.Add(Flow(3))],
            [FlowMod.Delete(), FlowMod.DeleteStrict(Flow(1)), FlowMod.ModifyStrict(Flow(2)), FlowMod.Add(Flow(3))]
        );

    [Fact]
    public void EachIsTheFactorysFlowMod()
    {
        (BundledFlowMod[] bundled, FlowMod[] objects) = EveryCommand();

        Assert.Equal(objects, bundled.Select(b => b.ToFlowMod()));
    }

    [Fact]
    public async Task TheSwitchReceivesTheSameFlowModsAsFromFlowModObjects()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        (BundledFlowMod[] bundled, FlowMod[] objects) = EveryCommand();

        Assert.True((await connection.SendBundleAsync(objects).WaitAsync(Bound)).Committed);
        FlowMod[] viaObjects = await ReceivedAddsAsync(fake, objects.Length);
        Assert.True((await connection.SendBundleAsync(bundled).WaitAsync(Bound)).Committed);
        FlowMod[] viaEntries = await ReceivedAddsAsync(fake, bundled.Length);

        // Decoded from the wire (every field of the message), with the xids each bundle gave them set aside.
        Assert.Equal(objects, viaObjects.Select(m => m with { Xid = 0 }));
        Assert.Equal(objects, viaEntries.Select(m => m with { Xid = 0 }));
        Assert.Equal([Flow(3)], fake.Table);
    }

    [Fact]
    public async Task ARefusedAddIsNamedWithItsXid()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        BundledFlowMod[] mods = [.. Enumerable.Range(1, 5).Select(i => BundledFlowMod.Add(Flow(i, outPort: i == 4 ? FakeSwitch.BadAtAddPort : 1)))];

        BundleResult result = await connection.SendBundleAsync(mods).WaitAsync(Bound);

        Assert.False(result.Committed);
        Assert.Equal(3, result.FailedIndex);
        Assert.Equal("OFPBAC_BAD_OUT_PORT", result.Error!.Name);
        Assert.Equal(result.Error.Xid, result.FailedFlowMod!.Xid);
        Assert.Equal(FlowMod.Add(Flow(4, outPort: FakeSwitch.BadAtAddPort)) with { Xid = result.Error.Xid }, result.FailedFlowMod);
        Assert.Empty(fake.Table);
    }

    private static async Task<FlowMod[]> ReceivedAddsAsync(FakeSwitch fake, int count)
    {
        var mods = new FlowMod[count];
        for (int i = 0; i < count; i++)
            mods[i] = (FlowMod)((BundleAddMessage)await fake.WaitForAsync(m => m is BundleAddMessage)).Message;
        return mods;
    }
}
