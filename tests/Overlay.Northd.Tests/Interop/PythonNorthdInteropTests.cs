using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Northd.Tests.Support;

namespace Overlay.Northd.Tests.Interop;

/// <summary>
/// A real gRPC client against the real northd (in-process, 127.0.0.1:0): Debian's python3-grpcio with stubs that
/// Debian's grpc_tools.protoc generates from our .proto files at test time. Replies the python side decoded come
/// back as protobuf JSON and are compared with what the C# client reads from the same server.
/// </summary>
public sealed class PythonNorthdInteropTests(PythonStubs stubs) : IClassFixture<PythonStubs>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    private static object Transact(string[][] commands, string wait = "WAIT_NONE", double timeout = 20) =>
        new { op = "transact", commands, wait, timeout };

    private static object GetDatabase() => new { op = "getdb" };

    private static object GetSouthbound() => new { op = "getsb" };

    private static object Wait(long revision, string wait, double timeout) => new { op = "wait", revision, wait, timeout };

    private static T Message<T>(JsonElement result) where T : IMessage<T>, new()
    {
        Assert.True(result.GetProperty("status").GetString() == "OK", $"python call failed: {result}");
        return JsonParser.Default.Parse<T>(result.GetProperty("message").GetRawText());
    }

    private static JsonElement Summary(JsonElement result) => result.GetProperty("summary");

    private static string Status(JsonElement result) => result.GetProperty("status").GetString()!;

    private static string Details(JsonElement result) => result.GetProperty("details").GetString()!;

    [Fact]
    public async Task Python_transact_with_generated_stubs_is_committed_and_visible_to_csharp()
    {
        await using var northd = await TestNorthd.StartAsync();

        var results = await stubs.CallsAsync(northd.Address, Transact(
        [
            ["ls-add", "sw0"],
            ["lsp-add", "sw0", "p1"],
            ["lsp-set-addresses", "p1", "00:00:00:00:00:01 10.0.0.1"],
        ]));

        var reply = Message<TransactReply>(results[0]);
        var summary = Summary(results[0]);
        Assert.Equal(1, reply.Revision);
        Assert.True(reply.Changed);
        Assert.Equal(4, reply.Output.Count); // one line per command, then what was created
        Assert.StartsWith("ls-add sw0", reply.Output[0], StringComparison.Ordinal);
        Assert.StartsWith("lsp-set-addresses p1", reply.Output[2], StringComparison.Ordinal);
        Assert.Equal(reply.Revision, summary.GetProperty("revision").GetInt64());
        Assert.True(summary.GetProperty("changed").GetBoolean());
        Assert.Equal(reply.Output, summary.GetProperty("output").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(reply.Revision, northd.Server.Revision);

        var db = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());
        Assert.Equal(reply.Revision, db.Revision);
        var sw0 = Assert.Single(db.Switches);
        Assert.Equal("sw0", sw0.Name);
        Assert.NotEqual(0u, sw0.TunnelKey);
        Assert.Equal($"created ls sw0 (tunnel key {sw0.TunnelKey})", reply.Output[3]);
        var p1 = Assert.Single(sw0.Ports);
        Assert.Equal("p1", p1.Name);
        Assert.Equal(["00:00:00:00:00:01 10.0.0.1"], p1.Addresses);
        Assert.NotEqual(0u, p1.TunnelKey);
    }

    [Fact]
    public async Task Python_decodes_the_database_and_the_southbound_state()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        await hv1.StartAsync();

        var results = await stubs.CallsAsync(northd.Address, GetDatabase(), GetSouthbound());
        var db = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());
        var sb = await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest());

        // Every field the python side decoded, back through protobuf's JSON mapping.
        Assert.Equal(db, Message<Database>(results[0]));
        Assert.Equal(sb, Message<SouthboundState>(results[1]));

        // And read attribute by attribute in python.
        var nb = Summary(results[0]);
        Assert.Equal(db.Revision, nb.GetProperty("revision").GetInt64());
        Assert.Equal(["sw0", "sw1", "sw2"], db.Switches.Select(s => s.Name).Order());
        Assert.Equal(
            db.Switches.Select(s => (s.Name, s.TunnelKey, string.Join(';', s.Ports.Select(p => $"{p.Name}/{p.TunnelKey}/{p.Type}/{string.Join('|', p.Addresses)}")))),
            nb.GetProperty("switches").EnumerateArray().Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("tunnel_key").GetUInt32(),
                string.Join(';', s.GetProperty("ports").EnumerateArray().Select(p =>
                    $"{p.GetProperty("name").GetString()}/{p.GetProperty("tunnel_key").GetUInt32()}/{p.GetProperty("type").GetString()}/" +
                    string.Join('|', p.GetProperty("addresses").EnumerateArray().Select(a => a.GetString())))))));
        Assert.All(db.Switches, s => Assert.NotEqual(0u, s.TunnelKey));
        var rp = nb.GetProperty("switches").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "sw0")
            .GetProperty("ports").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "rp-sw0");
        Assert.Equal("lrp-sw0", rp.GetProperty("options").GetProperty("router-port").GetString());
        var lr0 = Assert.Single(nb.GetProperty("routers").EnumerateArray());
        Assert.Equal("lr0", lr0.GetProperty("name").GetString());
        Assert.Equal(Assert.Single(db.Routers).TunnelKey, lr0.GetProperty("tunnel_key").GetUInt32());
        Assert.Equal(["lrp-sw0", "lrp-sw1"], lr0.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());

        var south = Summary(results[1]);
        Assert.Equal(sb.Revision, south.GetProperty("revision").GetInt64());
        Assert.Equal(
            sb.Datapaths.Select(d => (d.Name, d.Key, d.Kind.ToString().ToUpperInvariant())),
            south.GetProperty("datapaths").EnumerateArray().Select(d =>
                (d.GetProperty("name").GetString()!, d.GetProperty("key").GetUInt32(), d.GetProperty("kind").GetString()!)));
        Assert.Contains(south.GetProperty("datapaths").EnumerateArray(), d => d.GetProperty("name").GetString() == "lr0" && d.GetProperty("kind").GetString() == "ROUTER");
        Assert.Equal(
            sb.PortBindings.Select(p => (p.Name, p.Datapath, p.Key, p.Type, p.Chassis)),
            south.GetProperty("port_bindings").EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("datapath").GetUInt32(),
                p.GetProperty("key").GetUInt32(), p.GetProperty("type").GetString()!, p.GetProperty("chassis").GetString()!)));
        Assert.Contains(south.GetProperty("port_bindings").EnumerateArray(), p => p.GetProperty("name").GetString() == "p0a" && p.GetProperty("chassis").GetString() == "hv1");
        Assert.Equal([("hv1", "192.0.2.1")], south.GetProperty("chassis").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("encap_ip").GetString())));
        Assert.True(sb.LogicalFlows.Count > 0);
        Assert.Equal(sb.LogicalFlows.Count, south.GetProperty("logical_flows").GetInt32());
        Assert.Equal(sb.LogicalFlows.Select(f => f.Datapath).Distinct().Order(), south.GetProperty("flow_datapaths").EnumerateArray().Select(d => d.GetUInt32()));
    }

    [Fact]
    public async Task Invalid_commands_from_python_are_invalid_argument_and_northd_keeps_serving()
    {
        await using var northd = await TestNorthd.StartAsync();

        var results = await stubs.CallsAsync(northd.Address,
            Transact([["ls-add", "sw0"], ["lsp-add", "sw0", "p1"], ["lsp-set-addresses", "p1", "zz:00:00:00:00:01 10.0.0.1"]]),
            Transact([["frobnicate", "sw0"]]),
            GetDatabase(),
            Transact([["ls-add", "sw0"], ["lsp-add", "sw0", "p1"], ["lsp-set-addresses", "p1", "00:00:00:00:00:01 10.0.0.1"]]));

        Assert.Equal("INVALID_ARGUMENT", Status(results[0]));
        Assert.Contains("zz:00:00:00:00:01", Details(results[0]), StringComparison.Ordinal);
        Assert.Contains("p1", Details(results[0]), StringComparison.Ordinal);
        Assert.Equal("INVALID_ARGUMENT", Status(results[1]));
        Assert.Contains("frobnicate", Details(results[1]), StringComparison.Ordinal);

        // Nothing was written, and the same python channel goes on working.
        var empty = Message<Database>(results[2]);
        Assert.Equal(0, empty.Revision);
        Assert.Empty(empty.Switches);
        var applied = Message<TransactReply>(results[3]);
        Assert.Equal(1, applied.Revision);
        Assert.Equal(1, northd.Server.Revision);
        var sw0 = Assert.Single((await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest())).Switches);
        Assert.Equal(["00:00:00:00:00:01 10.0.0.1"], Assert.Single(sw0.Ports).Addresses);
    }

    [Fact]
    public async Task Python_subscribe_stream_gets_a_full_update_then_a_delta_and_cancels_cleanly()
    {
        await using var northd = await TestNorthd.StartAsync();
        var topology = await northd.TransactAsync(Topologies.TwoTenants());
        using var subscriber = stubs.Subscribe(northd.Address, "hv-py", "192.0.2.9", ["p0a"], TimeSpan.FromSeconds(60));
        var model = new AgentModel();

        var (first, firstSummary) = await NextUpdateAsync(subscriber);
        Assert.True(first.Full);
        Assert.Equal(topology.Revision + 1, first.Revision); // the subscription's iface-ids are a chassis report
        Assert.Contains(first.Datapaths, d => d.Name == "sw0");
        Assert.Equal(["lr0", "sw0", "sw1"], first.Datapaths.Select(d => d.Name).Order());
        Assert.Contains(first.PortBindings, p => p.Name == "p0a" && p.Chassis == "hv-py");
        Assert.NotEmpty(first.LogicalFlows);
        Assert.All(first.LogicalFlows, f => Assert.Contains(first.Datapaths, d => d.Key == f.Datapath));
        Assert.True(firstSummary.GetProperty("full").GetBoolean());
        Assert.Equal(first.Revision, firstSummary.GetProperty("revision").GetInt64());
        Assert.Equal(first.LogicalFlows.Count, firstSummary.GetProperty("logical_flows").GetInt32());
        Assert.Equal(first.Datapaths.Select(d => (d.Name, d.Key)),
            firstSummary.GetProperty("datapaths").EnumerateArray().Select(d => (d.GetProperty("name").GetString()!, d.GetProperty("key").GetUInt32())));
        model.Apply(first);
        Assert.Equal(AgentModel.Expected(await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest()), "hv-py").Describe(), model.Describe());

        var added = await northd.TransactAsync(Topologies.Vif("sw0", "p0c", "00:00:00:00:00:0c", "10.0.0.12"));
        Assert.Equal(first.Revision + 1, added.Revision);
        var (delta, deltaSummary) = await NextUpdateAsync(subscriber);
        Assert.False(delta.Full);
        Assert.Equal(added.Revision, delta.Revision);
        Assert.Contains(delta.PortBindings, p => p.Name == "p0c");
        Assert.NotEmpty(delta.LogicalFlows);
        Assert.False(deltaSummary.GetProperty("full").GetBoolean());
        Assert.Equal(added.Revision, deltaSummary.GetProperty("revision").GetInt64());
        model.Apply(delta);
        Assert.Equal(AgentModel.Expected(await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest()), "hv-py").Describe(), model.Describe());

        var end = await subscriber.CancelAsync(Step);
        Assert.Equal("CANCELLED", end.GetProperty("end").GetString());
        // northd notices the cancelled stream and drops the subscription (bounded).
        var clock = Stopwatch.StartNew();
        while (northd.Server.Subscribers != 0)
        {
            Assert.True(clock.Elapsed < Step, $"northd still counts {northd.Server.Subscribers} subscriber(s) after the python stream was cancelled");
            await Task.Delay(20);
        }
        var status = await northd.Nb.WaitAsync(new WaitRequest { Wait = WaitFor.WaitSb }, Step);
        Assert.False(Assert.Single(status.Chassis, c => c.Name == "hv-py").Connected);
    }

    /// <summary>The next update (heartbeats skipped) as the python side decoded it.</summary>
    private static async Task<(Update Update, JsonElement Summary)> NextUpdateAsync(PythonSubscriber subscriber)
    {
        while (true)
        {
            var line = await subscriber.NextAsync(Step);
            Assert.True(line.TryGetProperty("update", out var json), $"python stream ended early: {line}");
            var update = JsonParser.Default.Parse<Update>(json.GetRawText());
            if (!update.Heartbeat) return (update, line.GetProperty("summary"));
        }
    }

    [Fact]
    public async Task Python_wait_hv_with_a_deadline_is_deadline_exceeded_while_a_chassis_lags()
    {
        await using var northd = await TestNorthd.StartAsync();
        await northd.TransactAsync(Topologies.TwoTenants());
        await using var hv1 = new TestAgent(northd.Address, "hv1", "192.0.2.1", "p0a");
        var first = await hv1.StartAsync();
        await hv1.ReportInstalledAsync(first.Revision);

        // Caught up: the wait returns with the chassis status.
        var caughtUp = await stubs.CallsAsync(northd.Address, Wait(first.Revision, "WAIT_HV", timeout: 10));
        var status = Message<WaitReply>(caughtUp[0]);
        var hv1Status = Assert.Single(status.Chassis);
        Assert.Equal("hv1", hv1Status.Name);
        Assert.True(hv1Status.Connected);
        Assert.Equal(first.Revision, hv1Status.InstalledRevision);
        Assert.Equal(first.Revision, Assert.Single(Summary(caughtUp[0]).GetProperty("chassis").EnumerateArray()).GetProperty("installed_revision").GetInt64());

        // hv1 receives the next revision but does not report it installed: it lags.
        var next = await northd.RunAsync("ls-add sw5");
        await hv1.UntilRevisionAsync(next.Revision);
        var lagging = await stubs.CallsAsync(northd.Address,
            Wait(next.Revision, "WAIT_HV", timeout: 2),
            Transact([["ls-add", "sw6"]], wait: "WAIT_HV", timeout: 2),
            GetDatabase());

        Assert.Equal("DEADLINE_EXCEEDED", Status(lagging[0]));
        Assert.Contains("hv1", Details(lagging[0]), StringComparison.Ordinal);
        double seconds = lagging[0].GetProperty("seconds").GetDouble();
        Assert.True(seconds is >= 1 and < 5, $"the wait took {seconds} s for a 2 s deadline");
        Assert.Equal("DEADLINE_EXCEEDED", Status(lagging[1]));
        // The transaction whose wait timed out is still durable, and northd keeps serving.
        Assert.Contains(Message<Database>(lagging[2]).Switches, s => s.Name == "sw6");

        // Once hv1 reports the current revision installed, the same python wait succeeds.
        long current = northd.Server.Revision;
        await hv1.UntilRevisionAsync(current);
        await hv1.ReportInstalledAsync(current);
        var done = await stubs.CallsAsync(northd.Address, Wait(current, "WAIT_HV", timeout: 10));
        Assert.Equal(current, Assert.Single(Message<WaitReply>(done[0]).Chassis).InstalledRevision);
    }
}
