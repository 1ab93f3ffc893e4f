using System.Collections.Immutable;
using Overlay.Ovsdb.OpenVSwitch;
using Overlay.Ovsdb.Schema;

namespace Overlay.Ovsdb.Tests.Integration;

/// <summary>Our client against a real ovsdb-server, with ovs-vsctl as the oracle.</summary>
public class OvsdbServerTests(OvsdbServerFixture ovs) : IClassFixture<OvsdbServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task List_dbs_includes_Open_vSwitch()
    {
        await using var client = await ovs.ConnectAsync();
        Assert.Contains("Open_vSwitch", await client.ListDatabasesAsync());
    }

    [Fact]
    public async Task Tcp_remote_reaches_the_same_database()
    {
        ovs.Vsctl("set", "Open_vSwitch", ".", "external_ids:tcp-probe=seen");
        await using var client = await OvsdbClient.ConnectAsync(ovs.TcpRemote);
        Assert.Equal("seen", (await new OpenVSwitchDatabase(client).GetExternalIdsAsync())["tcp-probe"]);
    }

    [Fact]
    public async Task Get_schema_matches_the_schema_file()
    {
        await using var client = await ovs.ConnectAsync();
        var schema = await client.GetSchemaAsync("Open_vSwitch");
        var file = DatabaseSchema.Parse(File.ReadAllText(OvsdbServerFixture.SchemaPath));

        Assert.Equal(OvsTools.Run("ovsdb-tool", ["schema-version", OvsdbServerFixture.SchemaPath]).Trim(), schema.Version);
        Assert.Equal(file.Tables.Keys, schema.Tables.Keys);
        Assert.Equal(file["Bridge"].Columns.Keys, schema["Bridge"].Columns.Keys);
        Assert.Equal(file["Interface"]["ofport_request"].Type, schema["Interface"]["ofport_request"].Type);
    }

    [Fact]
    public async Task Unknown_database_is_an_rpc_error_and_the_connection_survives()
    {
        await using var client = await ovs.ConnectAsync();
        var error = await Assert.ThrowsAsync<OvsdbRpcException>(() => client.GetSchemaAsync("No_Such_Db"));
        Assert.Equal("unknown database", error.Error);
        await client.EchoAsync();
    }

    [Fact]
    public async Task Ensure_bridge_twice_creates_exactly_one_bridge_with_the_settings()
    {
        await using var client = await ovs.ConnectAsync();
        var db = new OpenVSwitchDatabase(client);
        var settings = new BridgeSettings("br-twice") { DatapathType = "netdev" };

        var first = await db.EnsureBridgeAsync(settings);
        var second = await db.EnsureBridgeAsync(settings);

        Assert.True(first.Created);
        Assert.Equal(new BridgeEnsureResult(first.Uuid, Created: false, Updated: false), second);
        Assert.Equal(first.Uuid.ToString(), ovs.Vsctl("--bare", "--columns=_uuid", "find", "Bridge", "name=br-twice"));
        Assert.Equal("secure", ovs.Vsctl("get", "Bridge", "br-twice", "fail_mode"));
        Assert.Equal("[OpenFlow15]", ovs.Vsctl("get", "Bridge", "br-twice", "protocols"));
        Assert.Equal("netdev", ovs.Vsctl("get", "Bridge", "br-twice", "datapath_type"));
        Assert.Equal("\"true\"", ovs.Vsctl("get", "Bridge", "br-twice", "other_config:disable-in-band"));
        Assert.Equal("", ovs.Vsctl("list-ports", "br-twice"));
        Assert.Equal("internal", ovs.Vsctl("get", "Interface", "br-twice", "type"));
        Assert.Contains("br-twice", ovs.Vsctl("list-br").Split('\n'));
    }

    [Fact]
    public async Task Ensure_bridge_repairs_drifted_settings_and_keeps_other_config_keys()
    {
        await using var client = await ovs.ConnectAsync();
        var db = new OpenVSwitchDatabase(client);
        var settings = new BridgeSettings("br-drift") { Protocols = ["OpenFlow13", "OpenFlow15"] };
        var created = await db.EnsureBridgeAsync(settings);
        ovs.Vsctl("set", "Bridge", "br-drift", "fail_mode=standalone", "protocols=OpenFlow10",
            "other_config:disable-in-band=false", "other_config:hwaddr=\"02:00:00:00:00:01\"");

        var repaired = await db.EnsureBridgeAsync(settings);

        Assert.Equal(new BridgeEnsureResult(created.Uuid, Created: false, Updated: true), repaired);
        Assert.Equal("secure", ovs.Vsctl("get", "Bridge", "br-drift", "fail_mode"));
        Assert.Equal("[OpenFlow13, OpenFlow15]", ovs.Vsctl("get", "Bridge", "br-drift", "protocols"));
        Assert.Equal("\"true\"", ovs.Vsctl("get", "Bridge", "br-drift", "other_config:disable-in-band"));
        Assert.Equal("\"02:00:00:00:00:01\"", ovs.Vsctl("get", "Bridge", "br-drift", "other_config:hwaddr"));
    }

    [Fact]
    public async Task Concurrent_ensure_bridge_from_many_connections_creates_one_bridge()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ovs.ConnectAsync()));
        try
        {
            var settings = new BridgeSettings("br-race");
            var results = await Task.WhenAll(clients.Select(c => new OpenVSwitchDatabase(c).EnsureBridgeAsync(settings)));

            Assert.Single(results, r => r.Created);
            Assert.Single(results.Select(r => r.Uuid).Distinct());
            Assert.Equal(results[0].Uuid.ToString(), ovs.Vsctl("--bare", "--columns=_uuid", "find", "Bridge", "name=br-race"));
            Assert.Equal("br-race", ovs.Vsctl("--bare", "--columns=name", "find", "Port", "name=br-race"));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Geneve_tunnel_port_is_created_corrected_listed_and_removed()
    {
        await using var client = await ovs.ConnectAsync();
        var db = new OpenVSwitchDatabase(client);
        await db.EnsureBridgeAsync(new BridgeSettings("br-tun"));
        var spec = new GeneveTunnelSpec("br-tun", "ovl-hv2", "192.0.2.2")
        {
            ExternalIds = new Dictionary<string, string> { ["overlay-chassis-id"] = "hv2" }.ToImmutableSortedDictionary(),
        };

        Assert.Equal(TunnelEnsureResult.Created, await db.EnsureGeneveTunnelAsync(spec));
        Assert.Equal(TunnelEnsureResult.Unchanged, await db.EnsureGeneveTunnelAsync(spec));
        Assert.Contains("ovl-hv2", ovs.Vsctl("list-ports", "br-tun").Split('\n'));
        Assert.Equal("geneve", ovs.Vsctl("get", "Interface", "ovl-hv2", "type"));
        Assert.Equal("{csum=\"true\", key=flow, remote_ip=\"192.0.2.2\"}", ovs.Vsctl("get", "Interface", "ovl-hv2", "options"));
        Assert.Equal("{overlay-chassis-id=hv2}", ovs.Vsctl("get", "Port", "ovl-hv2", "external_ids"));

        Assert.Equal(TunnelEnsureResult.Updated, await db.EnsureGeneveTunnelAsync(spec with { RemoteIp = "192.0.2.3" }));
        Assert.Equal("\"192.0.2.3\"", ovs.Vsctl("get", "Interface", "ovl-hv2", "options:remote_ip"));

        var port = Assert.Single(await db.GetPortsAsync("br-tun"), p => p.Name == "ovl-hv2");
        Assert.Equal("hv2", port.ExternalIds["overlay-chassis-id"]);
        var iface = Assert.Single(port.Interfaces);
        Assert.Equal(("geneve", "192.0.2.3", "flow"), (iface.Type, iface.Options["remote_ip"], iface.Options["key"]));

        Assert.True(await db.RemovePortAsync("br-tun", "ovl-hv2"));
        Assert.DoesNotContain("ovl-hv2", ovs.Vsctl("list-ports", "br-tun").Split('\n'));
        Assert.Equal("", ovs.Vsctl("--bare", "--columns=name", "find", "Interface", "name=ovl-hv2"));
        Assert.False(await db.RemovePortAsync("br-tun", "ovl-hv2"));
    }

    [Fact]
    public async Task Tunnel_on_a_missing_bridge_is_refused()
    {
        await using var client = await ovs.ConnectAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new OpenVSwitchDatabase(client).EnsureGeneveTunnelAsync(new GeneveTunnelSpec("br-missing", "t", "192.0.2.9")));
        Assert.Contains("br-missing", error.Message);
    }

    [Fact]
    public async Task External_ids_written_by_ovs_vsctl_are_read_back()
    {
        ovs.Vsctl("set", "Open_vSwitch", ".", "external_ids:overlay-chassis-id=hv-7", "external_ids:overlay-encap-ip=192.0.2.7");
        await using var client = await ovs.ConnectAsync();

        var ids = await new OpenVSwitchDatabase(client).GetExternalIdsAsync();

        Assert.Equal("hv-7", ids["overlay-chassis-id"]);
        Assert.Equal("192.0.2.7", ids["overlay-encap-ip"]);
    }

    [Fact]
    public async Task Rejected_transaction_lists_the_failing_operation_and_changes_nothing()
    {
        await using var client = await ovs.ConnectAsync();
        var db = new OpenVSwitchDatabase(client);
        await db.EnsureBridgeAsync(new BridgeSettings("br-reject"));

        var error = await Assert.ThrowsAsync<OvsdbTransactionException>(() => client.TransactAsync("Open_vSwitch",
        [
            new Update("Bridge", [Condition.Equal("name", "br-reject")], new OvsdbRow { ["datapath_type"] = "netdev" }),
            new Update("Bridge", [Condition.Equal("name", "br-reject")], new OvsdbRow { ["fail_mode"] = "bogus" }),
        ]));

        var failed = Assert.Single(error.Errors);
        Assert.Equal(1, failed.Index);
        Assert.Equal("constraint violation", failed.Error);
        Assert.Contains("operation 1 (update Bridge where name == br-reject set {fail_mode: bogus}): constraint violation", error.Message);
        Assert.Equal("\"\"", ovs.Vsctl("get", "Bridge", "br-reject", "datapath_type"));
    }

    [Fact]
    public async Task Commit_time_error_is_reported_as_commit()
    {
        await using var client = await ovs.ConnectAsync();
        var error = await Assert.ThrowsAsync<OvsdbTransactionException>(() => client.TransactAsync("Open_vSwitch",
        [
            // Each operation is fine on its own; the dangling reference is only found when committing.
            new Insert("Port", new OvsdbRow { ["name"] = "dangling", ["interfaces"] = Guid.Parse("00000000-0000-0000-0000-0000000000ff") }),
        ]));
        var failed = Assert.Single(error.Errors);
        Assert.Null(failed.Index);
        Assert.Equal("referential integrity violation", failed.Error);
        Assert.Contains("commit: referential integrity violation", error.Message);
        Assert.Equal("", ovs.Vsctl("--bare", "--columns=name", "find", "Port", "name=dangling"));
    }

    [Fact]
    public async Task Monitor_sees_rows_added_and_deleted_by_ovs_vsctl()
    {
        await using var client = await ovs.ConnectAsync();
        await using var monitor = await client.MonitorAsync("Open_vSwitch", [new MonitorRequest("Bridge", ["name"])]);
        using var timeout = new CancellationTokenSource(Deadline);

        ovs.Vsctl("--no-wait", "add-br", "br-mon");
        var added = await NextChangeAsync(monitor, "br-mon", timeout.Token);
        Assert.Equal(RowChangeKind.Insert, added.Kind);

        ovs.Vsctl("--no-wait", "del-br", "br-mon");
        var deleted = await NextChangeAsync(monitor, "br-mon", timeout.Token);
        Assert.Equal((RowChangeKind.Delete, added.Uuid), (deleted.Kind, deleted.Uuid));
    }

    private static async Task<RowUpdate> NextChangeAsync(OvsdbMonitor monitor, string bridge, CancellationToken cancellationToken)
    {
        while (true)
        {
            var updates = await monitor.Updates.ReadAsync(cancellationToken);
            var match = updates.Rows.FirstOrDefault(r => (r.New ?? r.Old)!.GetString("name") == bridge);
            if (match is not null)
                return match;
        }
    }
}
