using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Tests.Support;

namespace Overlay.Northd.Tests;

public sealed class NorthboundTests
{
    [Fact]
    public async Task Transact_commits_and_reads_back_with_keys()
    {
        await using var northd = await TestNorthd.StartAsync();
        var reply = await northd.TransactAsync(Topologies.TwoTenants());
        Assert.True(reply.Changed);
        Assert.Equal(1, reply.Revision);
        Assert.Contains("ls-add sw0", reply.Output);
        Assert.Contains(reply.Output, l => l.StartsWith("created ls sw0 (tunnel key", StringComparison.Ordinal));

        var db = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());
        Assert.Equal(1, db.Revision);
        Assert.Equal(["sw0", "sw1", "sw2"], db.Switches.Select(s => s.Name).Order());
        var sw0 = db.Switches.Single(s => s.Name == "sw0");
        Assert.NotEqual(0u, sw0.TunnelKey);
        Assert.Equal(["00:00:00:00:00:0a 10.0.0.10"], sw0.Ports.Single(p => p.Name == "p0a").Addresses);
        Assert.All(sw0.Ports, p => Assert.NotEqual(0u, p.TunnelKey));

        var sb = await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest());
        Assert.Equal(1, sb.Revision);
        Assert.Equal(4, sb.Datapaths.Count);
        Assert.Contains(sb.PortBindings, p => p.Name == "p0a" && p.Chassis == "");
        Assert.Contains(sb.PortBindings, p => p.Name == "rp-sw0" && p.Type == "patch" && p.Peer == "lrp-sw0");
        Assert.NotEmpty(sb.LogicalFlows);
        Assert.All(sb.LogicalFlows, f => Assert.Contains(sb.Datapaths, d => d.Key == f.Datapath));
    }

    [Fact]
    public async Task Invalid_transaction_lists_every_problem_and_writes_nothing()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.RunAsync("ls-add sw0");
        var before = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());

        var e = await Assert.ThrowsAsync<RpcException>(() => northd.TransactAsync(
            ["lsp-add", "sw0", "a"],
            ["lsp-set-addresses", "a", "zz:00:00:00:00:01 10.0.0.1"],
            ["lsp-add", "sw0", "b"],
            ["lsp-set-addresses", "b", "00:00:00:00:00:02 10.0.0.300"],
            ["acl-add", "sw0", "to-lport", "100", "ip4.dst == 1.2.3", "allow"]));
        Assert.Equal(StatusCode.InvalidArgument, e.Status);
        var lines = e.Detail.Split('\n');
        Assert.True(lines.Length >= 3, e.Detail);
        Assert.Contains(lines, l => l.Contains("lsp a", StringComparison.Ordinal) && l.Contains("addresses", StringComparison.Ordinal) && l.Contains("zz:00:00:00:00:01", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("lsp b", StringComparison.Ordinal) && l.Contains("10.0.0.300", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("acl", StringComparison.Ordinal) && l.Contains("1.2.3", StringComparison.Ordinal));

        var after = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());
        Assert.Equal(before, after);
        Assert.Equal(1, northd.Server.Revision);
    }

    [Fact]
    public async Task Unknown_verbs_and_bad_arguments_are_invalid_argument()
    {
        await using var northd = await TestNorthd.StartAsync();
        var unknown = await Assert.ThrowsAsync<RpcException>(() => northd.TransactAsync(["frobnicate", "sw0"], ["ls-add"], ["lsp-add", "sw0"]));
        Assert.Equal(StatusCode.InvalidArgument, unknown.Status);
        Assert.Contains("frobnicate", unknown.Detail, StringComparison.Ordinal);
        Assert.Contains("command:1", unknown.Detail, StringComparison.Ordinal);
        Assert.Contains("command:3", unknown.Detail, StringComparison.Ordinal);

        var empty = await Assert.ThrowsAsync<RpcException>(() => northd.Nb.TransactAsync(new TransactRequest()));
        Assert.Equal(StatusCode.InvalidArgument, empty.Status);
        var blank = await Assert.ThrowsAsync<RpcException>(() => northd.TransactAsync(["ls-add", "x"], []));
        Assert.Equal(StatusCode.InvalidArgument, blank.Status);
        Assert.Equal(0, northd.Server.Revision);
    }

    [Fact]
    public async Task Expected_revision_conflict_is_failed_precondition()
    {
        await using var northd = await TestNorthd.StartAsync();
        var first = await northd.RunAsync("ls-add sw0");
        await northd.RunAsync("ls-add sw1");
        var e = await Assert.ThrowsAsync<RpcException>(() => northd.TransactAsync(first.Revision, ["ls-add", "sw2"]));
        Assert.Equal(StatusCode.FailedPrecondition, e.Status);
        Assert.Contains("revision 2", e.Detail, StringComparison.Ordinal);
        var ok = await northd.TransactAsync(2, ["ls-add", "sw2"]);
        Assert.Equal(3, ok.Revision);
    }

    [Fact]
    public async Task Dry_run_and_no_op_transactions_do_not_write()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.RunAsync("ls-add sw0");
        var request = new TransactRequest { DryRun = true };
        request.Commands.Add(TestNorthd.Cmd("ls-add", "sw9"));
        var dry = await northd.Nb.TransactAsync(request);
        Assert.True(dry.Changed);
        Assert.Equal(1, dry.Revision);
        var noop = await northd.RunAsync("--may-exist ls-add sw0");
        Assert.False(noop.Changed);
        Assert.Equal(1, noop.Revision);
        var db = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());
        Assert.Equal(["sw0"], db.Switches.Select(s => s.Name));
    }

    [Fact]
    public async Task Delete_chassis_releases_its_bindings()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        var report = new Overlay.Contracts.Sb.BindingReport { Chassis = "hv1", EncapIp = "192.0.2.1" };
        report.IfaceIds.Add("p0a");
        var reported = await northd.Sb.ReportBindingsAsync(report);
        Assert.Equal(2, reported.Revision);
        var again = await northd.Sb.ReportBindingsAsync(report);
        Assert.Equal(2, again.Revision);
        var sb = await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest());
        Assert.Equal("hv1", sb.PortBindings.Single(p => p.Name == "p0a").Chassis);
        Assert.Equal(["hv1"], sb.Chassis.Select(c => c.Name));

        var missing = await Assert.ThrowsAsync<RpcException>(() => northd.Nb.DeleteChassisAsync(new DeleteChassisRequest { Name = "hv9" }));
        Assert.Equal(StatusCode.NotFound, missing.Status);
        Assert.Equal(2, (await northd.Nb.DeleteChassisAsync(new DeleteChassisRequest { Name = "hv9", IfExists = true })).Revision);

        var deleted = await northd.Nb.DeleteChassisAsync(new DeleteChassisRequest { Name = "hv1" });
        Assert.Equal(3, deleted.Revision);
        sb = await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest());
        Assert.Equal("", sb.PortBindings.Single(p => p.Name == "p0a").Chassis);
        Assert.Empty(sb.Chassis);
    }

    [Fact]
    public async Task Restart_keeps_everything_including_keys_and_bindings()
    {
        await using var northd = await TestNorthd.StartAsync(o => o.CompactionThresholdBytes = 2048);
        await northd.TransactAsync(Topologies.TwoTenants());
        // Deletions leave holes in the key spaces: keys after a replay must still be the ones allocated.
        await northd.RunAsync("ls-del sw1");
        await northd.RunAsync("ls-add sw3", "lsp-add sw3 p3a", "lsp-add sw0 p0c", "lsp-del p0b");
        var report = new Overlay.Contracts.Sb.BindingReport { Chassis = "hv1", EncapIp = "192.0.2.1" };
        report.IfaceIds.Add("p0a");
        report.IfaceIds.Add("p3a");
        await northd.Sb.ReportBindingsAsync(report);
        for (int i = 0; i < 20; i++) await northd.RunAsync($"ls-add extra{i}");
        await northd.RunAsync("ls-del extra3");
        var db = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());
        var sb = await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest());

        await northd.RestartAsync();
        Assert.Equal(db, await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest()));
        Assert.Equal(sb, await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest()));
        Assert.NotEmpty(Directory.GetFiles(northd.DataDir));

        // And it keeps going from there.
        var next = await northd.RunAsync("ls-add after-restart");
        Assert.Equal(db.Revision + 1, next.Revision);
        await northd.RestartAsync();
        Assert.Contains((await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest())).Switches, s => s.Name == "after-restart");
    }
}
