using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Northd.Tests.Support;

namespace Overlay.Northd.Tests;

public sealed class SubscribeTests
{
    private static async Task<AgentModel> ExpectedAsync(TestNorthd northd, string chassis) =>
        AgentModel.Expected(await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest()), chassis);

    private static void AssertHolds(AgentModel expected, TestAgent agent) => Assert.Equal(expected.Describe(), agent.Snapshot());

    [Fact]
    public async Task Subscribe_gets_a_full_snapshot_then_deltas_stamped_with_revisions()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        var first = await hv1.StartAsync();
        Assert.True(first.Full);
        Assert.Equal(2, first.Revision); // the subscription's iface-ids were a chassis report: revision 2
        Assert.Equal(["lr0", "sw0", "sw1"], first.Datapaths.Select(d => d.Name).Order());
        AssertHolds(await ExpectedAsync(northd, "hv1"), hv1);

        var reply = await northd.TransactAsync(Topologies.Vif("sw0", "p0c", "00:00:00:00:00:0c", "10.0.0.12"));
        var updates = await hv1.UntilRevisionAsync(reply.Revision);
        var delta = updates[^1];
        Assert.False(delta.Full);
        Assert.Equal(reply.Revision, delta.Revision);
        Assert.Contains(delta.PortBindings, p => p.Name == "p0c");
        Assert.NotEmpty(delta.LogicalFlows);
        AssertHolds(await ExpectedAsync(northd, "hv1"), hv1);

        // A change elsewhere still produces an (empty) update carrying the revision.
        var other = await northd.TransactAsync(Topologies.Vif("sw2", "p2b", "00:00:00:00:00:2b", "10.0.2.11"));
        var empty = (await hv1.UntilRevisionAsync(other.Revision))[^1];
        Assert.Equal(other.Revision, empty.Revision);
        Assert.Empty(empty.PortBindings);
        Assert.Empty(empty.LogicalFlows);

        var removed = await northd.RunAsync("lsp-del p0c");
        var gone = (await hv1.UntilRevisionAsync(removed.Revision))[^1];
        Assert.Contains("p0c", gone.RemovedPortBindings);
        Assert.NotEmpty(gone.RemovedLogicalFlows);
        AssertHolds(await ExpectedAsync(northd, "hv1"), hv1);
    }

    [Fact]
    public async Task Each_agent_gets_only_its_relevant_datapaths_through_the_patch_closure()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        await using var hv2 = new TestAgent(northd.Address, "hv2", "192.0.2.2", "p2a");
        await hv1.StartAsync();
        var first2 = await hv2.StartAsync();
        Assert.Equal(["sw2"], first2.Datapaths.Select(d => d.Name));

        // hv1 learns about hv2 as a chassis (for tunnels) but holds none of sw2.
        var rev = northd.Server.Revision;
        await hv1.UntilRevisionAsync(rev);
        Assert.Equal(["hv1", "hv2"], hv1.Model.Chassis.Keys);
        Assert.Equal(["lr0", "sw0", "sw1"], hv1.Model.Datapaths.Values.Select(d => d.Name).Order());
        Assert.DoesNotContain(hv1.Model.Ports.Values, p => p.Name == "p2a");
        Assert.Equal("hv1", hv1.Model.Ports["p0a"].Chassis);
        AssertHolds(await ExpectedAsync(northd, "hv1"), hv1);
        AssertHolds(await ExpectedAsync(northd, "hv2"), hv2);

        // Attaching sw2 to the router makes everything relevant to both through the closure.
        var link = await northd.TransactAsync(Topologies.RouterLink("lr0", "sw2", "00:00:00:00:01:02", "10.0.2.1/24"));
        await hv1.UntilRevisionAsync(link.Revision);
        var update2 = await hv2.UntilRevisionAsync(link.Revision);
        Assert.Contains(update2.SelectMany(u => u.Datapaths), d => d.Name == "sw0");
        Assert.Equal(["lr0", "sw0", "sw1", "sw2"], hv2.Model.Datapaths.Values.Select(d => d.Name).Order());
        AssertHolds(await ExpectedAsync(northd, "hv1"), hv1);
        AssertHolds(await ExpectedAsync(northd, "hv2"), hv2);

        // Detaching it again removes them.
        var unlink = await northd.RunAsync("lsp-del rp-sw2", "lrp-del lrp-sw2");
        var back = await hv2.UntilRevisionAsync(unlink.Revision);
        Assert.NotEmpty(back[^1].RemovedDatapaths);
        Assert.Equal(["sw2"], hv2.Model.Datapaths.Values.Select(d => d.Name));
        AssertHolds(await ExpectedAsync(northd, "hv2"), hv2);
    }

    [Fact]
    public async Task Binding_change_moves_relevance()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        await using var hv2 = new TestAgent(northd.Address, "hv2", "192.0.2.2", "p2a");
        await hv1.StartAsync();
        await hv2.StartAsync();

        // p0a moves to hv2 (a VM migrated): hv2 reports it, hv1 stops reporting it.
        var moved = await hv2.ReportBindingsAsync("p2a", "p0a");
        await hv2.UntilRevisionAsync(moved.Revision);
        Assert.Equal("hv2", hv2.Model.Ports["p0a"].Chassis);
        Assert.Contains(hv2.Model.Datapaths.Values, d => d.Name == "sw0");
        var released = await hv1.ReportBindingsAsync();
        await hv1.UntilRevisionAsync(released.Revision);
        await hv2.UntilRevisionAsync(released.Revision);
        Assert.Empty(hv1.Model.Datapaths);
        Assert.Empty(hv1.Model.Flows);
        AssertHolds(await ExpectedAsync(northd, "hv1"), hv1);
        AssertHolds(await ExpectedAsync(northd, "hv2"), hv2);

        // A port created after the agent reported its iface-id binds as soon as it exists.
        var early = await hv1.ReportBindingsAsync("p9");
        await hv1.UntilRevisionAsync(early.Revision);
        Assert.Empty(hv1.Model.Datapaths);
        var created = await northd.TransactAsync(["ls-add", "sw9"], ["lsp-add", "sw9", "p9"]);
        await hv1.UntilRevisionAsync(created.Revision);
        Assert.Equal(["sw9"], hv1.Model.Datapaths.Values.Select(d => d.Name));
        Assert.Equal("hv1", hv1.Model.Ports["p9"].Chassis);
        AssertHolds(await ExpectedAsync(northd, "hv1"), hv1);
    }

    [Fact]
    public async Task Resume_after_disconnect_gets_a_delta_and_the_same_state_as_a_fresh_subscriber()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        await hv1.StartAsync();
        long held = hv1.Model.Revision;
        await hv1.DisconnectAsync();

        await northd.TransactAsync(Topologies.Vif("sw1", "p1b", "00:00:00:00:00:1b", "10.0.1.11"));
        await northd.RunAsync("lsp-del p0b");
        await northd.TransactAsync(["acl-add", "sw0", "to-lport", "1000", "ip4 && tcp.dst == 22", "drop"]);
        await northd.TransactAsync(Topologies.Vif("sw2", "p2b", "00:00:00:00:00:2b", "10.0.2.11"));

        // The same agent comes back holding revision `held`: it gets one delta, not a snapshot.
        await using var resumed = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        resumed.Model.Apply(hv1.Model.ToFullUpdate());
        var first = await resumed.StartAsync(held);
        Assert.False(first.Full);
        Assert.Equal(northd.Server.Revision, first.Revision);
        Assert.Contains(first.PortBindings, p => p.Name == "p1b");
        Assert.Contains("p0b", first.RemovedPortBindings);
        Assert.DoesNotContain(first.PortBindings, p => p.Name == "p2b");

        await using var fresh = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        Assert.True((await fresh.StartAsync()).Full);
        Assert.Equal(fresh.Snapshot(), resumed.Snapshot());
        AssertHolds(await ExpectedAsync(northd, "hv1"), resumed);

        // A revision northd no longer (or never) had means a full update.
        await using var lost = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        Assert.True((await lost.StartAsync(northd.Server.Revision + 100)).Full);
        await hv1.DisposeAsync();
    }

    [Fact]
    public async Task Resume_after_northd_restart_at_the_same_revision_is_an_empty_delta()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        await hv1.StartAsync();
        long held = hv1.Model.Revision;
        await hv1.DisconnectAsync();
        await northd.RestartAsync();
        await using var back = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        var first = await back.StartAsync(held);
        Assert.False(first.Full);
        Assert.Equal(held, first.Revision);
        Assert.Empty(first.LogicalFlows);
        Assert.Empty(first.PortBindings);
    }

    [Fact]
    public async Task Idle_subscription_gets_heartbeats_with_the_current_revision()
    {
        await using var northd = await TestNorthd.StartAsync(o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(200));
        await northd.RunAsync("ls-add sw0");
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1");
        var first = await hv1.StartAsync();
        var beat = await hv1.NextAsync(TimeSpan.FromSeconds(5));
        Assert.True(beat.Heartbeat);
        Assert.Equal(first.Revision, beat.Revision);
    }
}
