using Overlay.Ovsdb.OpenVSwitch;
using Overlay.Ovsdb.Tests.Fakes;

namespace Overlay.Ovsdb.Tests;

/// <summary>The VIF watcher's wiring (monitor request, event stream, end of stream) against the fake server.</summary>
public class VifWatcherFakeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Watcher_monitors_Interface_reports_vifs_and_ends_with_the_connection()
    {
        var (server, client) = await FakeOvsdbServer.StartAsync(attach: true);
        await using var _ = server;
        await using var __ = client;

        var starting = new OpenVSwitchDatabase(client).WatchVifsAsync();
        var (id, parameters) = await server.ExpectRequestAsync("monitor");
        Assert.Equal("Open_vSwitch", parameters[0].GetString());
        Assert.Equal("""["name","external_ids","ofport"]""", Assert.Single(parameters[2].GetProperty("Interface").EnumerateArray()).GetProperty("columns").GetRawText());
        await server.ReplyAsync(id, """{"Interface":{"00000000-0000-0000-0000-00000000000a":{"new":{"name":"tap0","external_ids":["map",[["iface-id","lp1"]]],"ofport":3}}}}""");
        await using var watcher = await starting.WaitAsync(Deadline);

        using var timeout = new CancellationTokenSource(Deadline);
        var added = await watcher.Events.ReadAsync(timeout.Token);
        Assert.Equal(new VifEvent(VifEventKind.Added, new Vif(Guid.Parse("00000000-0000-0000-0000-00000000000a"), "tap0", "lp1", 3)), added);

        server.Hangup();
        var end = await Assert.ThrowsAsync<OvsdbConnectionClosedException>(async () => await watcher.Events.WaitToReadAsync(timeout.Token));
        Assert.Equal("peer closed the connection", end.Reason);
    }
}
