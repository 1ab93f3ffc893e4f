using System.Text;
using System.Text.Json;
using Overlay.Ovsdb.Tests.Fakes;

namespace Overlay.Ovsdb.Tests;

/// <summary>The client against an in-process fake server speaking the protocol over a real Unix socket.</summary>
public class ClientProtocolTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task List_dbs_sends_an_RFC_request_and_returns_the_names()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.ListDatabasesAsync();
        var request = await server.ReceiveAsync();
        Assert.Equal("list_dbs", request.GetProperty("method").GetString());
        Assert.Equal(0, request.GetProperty("params").GetArrayLength());
        await server.ReplyAsync(request.GetProperty("id").GetInt64(), """["Open_vSwitch","_Server"]""");

        Assert.Equal(["Open_vSwitch", "_Server"], (await call.WaitAsync(Deadline)).ToArray());
    }

    [Fact]
    public async Task Server_echo_is_answered_with_the_same_id_and_params()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        await server.SendAsync("""{"method":"echo","params":["x",{"y":[1,2]}],"id":"echo-7"}""");
        var reply = await server.ReceiveAsync();

        Assert.Equal("echo-7", reply.GetProperty("id").GetString());
        Assert.Equal("""["x",{"y":[1,2]}]""", reply.GetProperty("result").GetRawText());
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Replies_are_matched_by_id_even_out_of_order_and_in_one_packet()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var first = client.GetSchemaAsync("First");
        var (id1, _) = await server.ExpectRequestAsync("get_schema");
        var second = client.GetSchemaAsync("Second");
        var (id2, _) = await server.ExpectRequestAsync("get_schema");

        await server.SendAsync(
            $$$"""{"id":{{{id2}}},"result":{"name":"Second","version":"2.0.0","tables":{}},"error":null}""" +
            $$$"""{"id":{{{id1}}},"result":{"name":"First","version":"1.0.0","tables":{}},"error":null}""");

        Assert.Equal("First", (await first.WaitAsync(Deadline)).Name);
        Assert.Equal("Second", (await second.WaitAsync(Deadline)).Name);
    }

    [Fact]
    public async Task Per_operation_error_names_the_failing_operation()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.TransactAsync("Open_vSwitch",
        [
            new Select("Bridge", [Condition.Equal("name", "br0")], ["_uuid"]),
            new Update("Bridge", [Condition.Equal("name", "br0")], new OvsdbRow { ["fail_mode"] = "bogus" }),
            new Comment("never reached"),
        ]);
        var (id, parameters) = await server.ExpectRequestAsync("transact");
        Assert.Equal("Open_vSwitch", parameters[0].GetString());
        Assert.Equal(4, parameters.GetArrayLength());
        Assert.Equal("update", parameters[2].GetProperty("op").GetString());
        await server.ReplyAsync(id, """[{"rows":[]},{"error":"constraint violation","details":"bogus is not one of the allowed values"},null]""");

        var error = await Assert.ThrowsAsync<OvsdbTransactionException>(() => call.WaitAsync(Deadline));
        var failed = Assert.Single(error.Errors);
        Assert.Equal(1, failed.Index);
        Assert.IsType<Update>(failed.Operation);
        Assert.Contains("operation 1 (update Bridge where name == br0 set {fail_mode: bogus}): constraint violation: bogus is not one of the allowed values", error.Message);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Commit_error_after_the_last_operation_is_reported_as_commit()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.TransactAsync("Open_vSwitch", [new Insert("Port", new OvsdbRow { ["name"] = "p" })]);
        var (id, _) = await server.ExpectRequestAsync("transact");
        await server.ReplyAsync(id, """[{"uuid":["uuid","36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9"]},{"error":"referential integrity violation","details":"Table Port column interfaces row 36bcfb4e has 0 elements"}]""");

        var error = await Assert.ThrowsAsync<OvsdbTransactionException>(() => call.WaitAsync(Deadline));
        Assert.Null(Assert.Single(error.Errors).Index);
        Assert.Contains("commit: referential integrity violation", error.Message);
    }

    [Fact]
    public async Task Successful_transact_returns_uuids_counts_and_rows()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.TransactAsync("Open_vSwitch",
        [
            new Insert("Interface", new OvsdbRow { ["name"] = "i" }, "iface"),
            new Mutate("Bridge", [], [Mutation.Insert("ports", OvsdbAtom.NamedUuid("iface"))]),
            new Select("Bridge", [], ["name"]),
        ]);
        var (id, _) = await server.ExpectRequestAsync("transact");
        await server.ReplyAsync(id, """[{"uuid":["uuid","36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9"]},{"count":2},{"rows":[{"name":"br0"},{"name":"br1"}]}]""");

        var result = await call.WaitAsync(Deadline);
        Assert.Equal(Guid.Parse("36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9"), result.GetInsertedUuid("iface"));
        Assert.Equal(2, result[1].Count);
        Assert.Equal(["br0", "br1"], result[2].Rows.Select(r => r.GetString("name")));
    }

    [Fact]
    public async Task Rpc_error_becomes_an_exception_with_error_and_details()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.GetSchemaAsync("Nope");
        var (id, _) = await server.ExpectRequestAsync("get_schema");
        await server.SendAsync($$$"""{"id":{{{id}}},"result":null,"error":{"error":"unknown database","details":"get_schema request specifies unknown database Nope"}}""");

        var error = await Assert.ThrowsAsync<OvsdbRpcException>(() => call.WaitAsync(Deadline));
        Assert.Equal("unknown database", error.Error);
        Assert.Contains("Nope", error.Details);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Monitor_delivers_initial_rows_then_updates_then_cancels()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;
        const string A = "00000000-0000-0000-0000-00000000000a";
        const string B = "00000000-0000-0000-0000-00000000000b";

        var starting = client.MonitorAsync("Open_vSwitch", [new MonitorRequest("Interface", ["name", "ofport"])]);
        var (id, parameters) = await server.ExpectRequestAsync("monitor");
        Assert.Equal("Open_vSwitch", parameters[0].GetString());
        string monitorId = parameters[1].GetString()!;
        var request = Assert.Single(parameters[2].GetProperty("Interface").EnumerateArray());
        Assert.Equal("""["name","ofport"]""", request.GetProperty("columns").GetRawText());
        Assert.True(request.GetProperty("select").GetProperty("modify").GetBoolean());

        // The reply and the first update arrive back to back, as they may from a busy server.
        await server.SendAsync(
            Reply(id, """{"Interface":{"A":{"new":{"name":"a","ofport":["set",[]]}}}}""".Replace("\"A\"", $"\"{A}\"")) +
            Update(monitorId, """{"Interface":{"A":{"old":{"ofport":["set",[]]},"new":{"name":"a","ofport":5}}}}""".Replace("\"A\"", $"\"{A}\"")));
        await using var monitor = await starting.WaitAsync(Deadline);

        var initial = Assert.Single(monitor.Initial.Rows);
        Assert.True(monitor.Initial.IsInitial);
        Assert.Equal((RowChangeKind.Insert, "Interface", Guid.Parse(A), "a"), (initial.Kind, initial.Table, initial.Uuid, initial.New!.GetString("name")));

        using var timeout = new CancellationTokenSource(Deadline);
        var modify = Assert.Single((await monitor.Updates.ReadAsync(timeout.Token)).Rows);
        Assert.Equal(RowChangeKind.Modify, modify.Kind);
        Assert.Equal(5, modify.New!.GetInteger("ofport"));
        Assert.Equal(["ofport"], modify.Old!.Keys);

        await server.SendAsync(Update("not-ours", """{"Interface":{"B":{"new":{"name":"b"}}}}""".Replace("\"B\"", $"\"{B}\"")));
        await server.SendAsync(Update(monitorId, """{"Interface":{"A":{"old":{"name":"a","ofport":5}}}}""".Replace("\"A\"", $"\"{A}\"")));
        var delete = Assert.Single((await monitor.Updates.ReadAsync(timeout.Token)).Rows);
        Assert.Equal((RowChangeKind.Delete, Guid.Parse(A)), (delete.Kind, delete.Uuid));

        var cancelling = monitor.DisposeAsync().AsTask();
        var (cancelId, cancelParams) = await server.ExpectRequestAsync("monitor_cancel");
        Assert.Equal(monitorId, cancelParams[0].GetString());
        await server.ReplyAsync(cancelId, "{}");
        await cancelling.WaitAsync(Deadline);
        Assert.True(monitor.Updates.Completion.IsCompleted);
    }

    [Theory]
    [InlineData("""{"id":1,"result":[}""", "malformed JSON")]
    [InlineData("""[{"id":1}]""", "expected a JSON object")]
    [InlineData("""{"jsonrpc":"2.0"}""", "neither a request nor a response")]
    [InlineData("""{"method":7,"params":[],"id":null}""", "\"method\" must be a string")]
    [InlineData("""{"method":"update","params":{},"id":null}""", "\"params\" must be an array")]
    public async Task Malformed_input_closes_the_connection_with_the_reason(string garbage, string reason)
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;
        var monitor = await StartEmptyMonitorAsync(server, client);

        var pending = client.ListDatabasesAsync();
        await server.ExpectRequestAsync("list_dbs");
        await server.SendAsync(garbage);

        var closed = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => pending.WaitAsync(Deadline));
        Assert.Contains(reason, closed.Reason);
        Assert.IsType<OvsdbProtocolException>(closed.InnerException);
        Assert.Contains(reason, (await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => client.Completion.WaitAsync(Deadline))).Reason);
        Assert.False(client.IsConnected);

        // Monitors end with the same reason, and later calls fail at once rather than hang.
        using var timeout = new CancellationTokenSource(Deadline);
        var monitorEnd = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(async () => await monitor.Updates.WaitToReadAsync(timeout.Token));
        Assert.Contains(reason, monitorEnd.Reason);
        Assert.Contains(reason, (await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => client.EchoAsync())).Reason);
    }

    [Fact]
    public async Task Malformed_monitor_update_closes_the_connection()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;
        var monitor = await StartEmptyMonitorAsync(server, client);

        await server.SendAsync(Update(monitor.Id, """{"Interface":{"not-a-uuid":{"new":{}}}}"""));

        var closed = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => client.Completion.WaitAsync(Deadline));
        Assert.Contains("bad row uuid \"not-a-uuid\"", closed.Reason);
    }

    [Fact]
    public async Task Truncated_message_then_hangup_is_reported_as_truncated()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var pending = client.ListDatabasesAsync();
        var (id, _) = await server.ExpectRequestAsync("list_dbs");
        await server.SendAsync($$$"""{"id":{{{id}}},"result":["Open_v""");
        server.Hangup();

        var closed = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => pending.WaitAsync(Deadline));
        Assert.Contains("truncated", closed.Reason);
    }

    [Fact]
    public async Task Clean_hangup_fails_pending_calls()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var pending = client.EchoAsync();
        await server.ExpectRequestAsync("echo");
        server.Hangup();

        var closed = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => pending.WaitAsync(Deadline));
        Assert.Equal("peer closed the connection", closed.Reason);
    }

    [Fact]
    public async Task Invalid_utf8_closes_the_connection_instead_of_crashing()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        var pending = client.ListDatabasesAsync();
        var (id, _) = await server.ExpectRequestAsync("list_dbs");
        await server.SendRawAsync([.. Encoding.UTF8.GetBytes($$$"""{"id":{{{id}}},"result":["""), (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']', (byte)'}']);

        var closed = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => pending.WaitAsync(Deadline));
        Assert.Contains("invalid UTF-8", closed.Reason);
    }

    [Fact]
    public async Task Cancelled_call_leaves_the_connection_usable_and_its_late_reply_is_ignored()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;
        await using var __ = client;

        using var cancel = new CancellationTokenSource();
        var abandoned = client.ListDatabasesAsync(cancel.Token);
        var (lateId, _) = await server.ExpectRequestAsync("list_dbs");
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Deadline));

        var next = client.ListDatabasesAsync();
        var (id, _) = await server.ExpectRequestAsync("list_dbs");
        await server.ReplyAsync(lateId, """["late"]""");
        await server.ReplyAsync(id, """["fresh"]""");
        Assert.Equal(["fresh"], (await next.WaitAsync(Deadline)).ToArray());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Keepalive_echo_closes_a_connection_whose_peer_stops_answering()
    {
        // A full second between echoes: the fake server must answer each one within an interval even when
        // the CI machine is busy (at 100 ms a loaded 2-core runner missed it and the test flaked).
        var (server, client) = await FakeOvsdbServer.StartAsync(new OvsdbClientOptions { EchoInterval = TimeSpan.FromSeconds(1) });
        await using var _ = server;
        await using var __ = client;

        // Answered echoes keep it open...
        for (int i = 0; i < 3; i++)
        {
            var (id, parameters) = await server.ExpectRequestAsync("echo");
            await server.ReplyAsync(id, parameters.GetRawText());
        }
        Assert.True(client.IsConnected);

        // ...an unanswered one closes it.
        await server.ExpectRequestAsync("echo");
        var closed = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => client.Completion.WaitAsync(Deadline));
        Assert.Contains("no reply to echo", closed.Reason);
    }

    [Fact]
    public async Task Disposing_the_client_completes_quietly_and_fails_later_calls()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync();
        await using var _ = server;

        await client.DisposeAsync();

        await client.Completion.WaitAsync(Deadline);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<OvsdbConnectionClosedException>(() => client.ListDatabasesAsync());
        await Assert.ThrowsAsync<EndOfStreamException>(server.ReceiveAsync);
    }

    private static string Reply(long id, string result) => $$"""{"id":{{id}},"result":""" + result + ""","error":null}""";

    private static string Update(string monitorId, string tableUpdates) =>
        $$"""{"method":"update","params":["{{monitorId}}",""" + tableUpdates + """],"id":null}""";

    private static async Task<OvsdbMonitor> StartEmptyMonitorAsync(FakeOvsdbServer server, OvsdbClient client)
    {
        var starting = client.MonitorAsync("Open_vSwitch", [new MonitorRequest("Interface")]);
        var (id, _) = await server.ExpectRequestAsync("monitor");
        await server.ReplyAsync(id, "{}");
        return await starting.WaitAsync(Deadline);
    }
}
