using System.Diagnostics;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Tests.Support;

namespace Overlay.Northd.Tests;

public sealed class FlowControlTests
{
    /// <summary>Replaces address set "big" with <paramref name="count"/> addresses (about 16 bytes each on the wire).</summary>
    private static string[][] BigAddressSet(int round, int count, bool exists) =>
    [
        .. exists ? new[] { new[] { "destroy", "Address_Set", "big" } } : [],
        ["create", "Address_Set", "name=big",
            "addresses=[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"10.{round % 200}.{i / 250}.{i % 250 + 1}\"")) + "]"],
    ];

    [Fact]
    public async Task Slow_subscriber_blocks_neither_writes_nor_other_agents_and_is_resynced()
    {
        await using var northd = await TestNorthd.StartAsync(o => o.SubscriberQueueLimit = 4);
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var fast = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        await fast.StartAsync();

        // The slow agent reads its first update and then stops reading; HTTP/2 flow control stalls northd's writes to it.
        using var slowChannel = northd.NewChannel();
        var slowRequest = new SubscribeRequest { Chassis = "hv2", EncapIp = "192.0.2.2" };
        slowRequest.IfaceIds.Add("p0b");
        using var slowStop = new CancellationTokenSource();
        await using var slow = new SouthboundClient(slowChannel).SubscribeAsync(slowRequest, slowStop.Token).GetAsyncEnumerator(slowStop.Token);
        Assert.True(await slow.MoveNextAsync());
        var slowModel = new AgentModel();
        slowModel.Apply(slow.Current);
        Assert.True(slow.Current.Full);

        const int Rounds = 40;
        var clock = Stopwatch.StartNew();
        long last = 0;
        for (int round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            last = (await northd.TransactAsync(BigAddressSet(round, 4000, exists: round > 0))).Revision;
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5), $"write {round} took {Stopwatch.GetElapsedTime(started)}");
            // The fast agent keeps up, revision by revision.
            var got = await fast.UntilRevisionAsync(last);
            Assert.Equal(last, got[^1].Revision);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.True(northd.Server.Resyncs > 0, "the stalled subscriber's queue should have overflowed");

        // The slow agent reads again: what was in flight, then a full update, and it ends up holding the same as everyone.
        bool sawResync = false;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (slowModel.Revision < last || !sawResync)
        {
            Assert.True(await slow.MoveNextAsync().AsTask().WaitAsync(limit.Token));
            sawResync |= slow.Current.Full;
            slowModel.Apply(slow.Current);
        }
        Assert.True(sawResync);
        var expected = AgentModel.Expected(await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest()), "hv2");
        Assert.Equal(expected.Describe(), slowModel.Describe());
        slowStop.Cancel();
    }

    [Fact]
    public async Task Wait_hv_returns_after_every_chassis_installed_and_times_out_naming_the_laggards()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        await using var hv2 = new TestAgent(northd.Address, "hv2", "192.0.2.2", "p2a");
        await hv1.StartAsync();
        await hv2.StartAsync();

        var request = new TransactRequest { Wait = WaitFor.WaitHv };
        request.Commands.Add(TestNorthd.Cmd("ls-add", "sw5"));
        var transact = northd.Nb.TransactAsync(request, TimeSpan.FromSeconds(30));
        // Revisions: 1 topology, 2 and 3 the two subscriptions' reports, 4 this transaction.
        const long Revision = 4;
        await hv1.UntilRevisionAsync(Revision);
        await hv2.UntilRevisionAsync(Revision);
        await hv1.ReportInstalledAsync(Revision);
        // Deadlines of 4 s: northd answers a quarter of the time left (at most a second) before the client gives up,
        // and half a second of a 2 s deadline was once not enough on a loaded CI host (the client's own timeout came
        // first, naming nobody).
        var pending = await Assert.ThrowsAsync<RpcException>(() =>
            northd.Nb.WaitAsync(new WaitRequest { Revision = Revision, Wait = WaitFor.WaitHv }, TimeSpan.FromSeconds(4)));
        Assert.Contains("hv2 (installed 0", pending.Detail.Replace("nothing reported", "installed 0", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(transact.IsCompleted, "wait=hv must not return before hv2 installed the revision");
        await hv2.ReportInstalledAsync(Revision);
        var reply = await transact.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Revision, reply.Revision);

        var status = await northd.Nb.WaitAsync(new WaitRequest { Revision = Revision, Wait = WaitFor.WaitHv }, TimeSpan.FromSeconds(5));
        Assert.Equal(["hv1", "hv2"], status.Chassis.Select(c => c.Name));
        Assert.All(status.Chassis, c => Assert.True(c.Connected && c.InstalledRevision == Revision));

        // Only hv1 installs the next revision: the wait times out naming hv2.
        var next = await northd.RunAsync("ls-add sw6");
        await hv1.UntilRevisionAsync(next.Revision);
        await hv1.ReportInstalledAsync(next.Revision);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            northd.Nb.WaitAsync(new WaitRequest { Revision = next.Revision, Wait = WaitFor.WaitHv }, TimeSpan.FromSeconds(4)));
        Assert.Equal(StatusCode.DeadlineExceeded, e.Status);
        Assert.Contains("hv2 (installed 4)", e.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hv1", e.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8));

        // A transaction with wait=hv that times out is still durable.
        var late = new TransactRequest { Wait = WaitFor.WaitHv };
        late.Commands.Add(TestNorthd.Cmd("ls-add", "sw7"));
        var lateError = await Assert.ThrowsAsync<RpcException>(() => northd.Nb.TransactAsync(late, TimeSpan.FromSeconds(2)));
        Assert.Equal(StatusCode.DeadlineExceeded, lateError.Status);
        Assert.Contains((await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest())).Switches, s => s.Name == "sw7");

        // Deleting the laggard lets the wait complete.
        await hv2.DisconnectAsync();
        await northd.Nb.DeleteChassisAsync(new DeleteChassisRequest { Name = "hv2" });
        await hv1.UntilRevisionAsync(northd.Server.Revision);
        await hv1.ReportInstalledAsync(northd.Server.Revision);
        var done = await northd.Nb.WaitAsync(new WaitRequest { Revision = northd.Server.Revision, Wait = WaitFor.WaitHv }, TimeSpan.FromSeconds(5));
        Assert.Equal(["hv1"], done.Chassis.Select(c => c.Name));
    }
}
