using System.Globalization;
using Overlay.Ovsdb.OpenVSwitch;

namespace Overlay.Ovsdb.Tests.Integration;

/// <summary>The VIF watcher against ovsdb-server plus a real (userspace) ovs-vswitchd assigning OpenFlow ports.</summary>
public class VifWatcherTests(OvsSwitchFixture ovs) : IClassFixture<OvsSwitchFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Vif_added_by_ovs_vsctl_is_seen_then_its_ofport_then_its_removal()
    {
        await using var client = await ovs.ConnectAsync();
        await new OpenVSwitchDatabase(client).EnsureBridgeAsync(new BridgeSettings("br-vif") { DatapathType = "netdev" });
        await using var watcher = await new OpenVSwitchDatabase(client).WatchVifsAsync();
        using var timeout = new CancellationTokenSource(Deadline);

        ovs.Vsctl("add-port", "br-vif", "vif1", "--", "set", "Interface", "vif1", "type=internal", "external_ids:iface-id=lp1");

        // ovs-vsctl's transaction inserts the row without an ofport; ovs-vswitchd assigns it in a later one.
        var added = await NextForAsync(watcher, "vif1", timeout.Token);
        Assert.Equal((VifEventKind.Added, "lp1", (int?)null), (added.Kind, added.Vif.IfaceId, added.Vif.OfPort));
        var assigned = await NextForAsync(watcher, "vif1", timeout.Token);
        Assert.Equal(VifEventKind.OfPortChanged, assigned.Kind);
        var vif = assigned.Vif;
        Assert.NotNull(vif.OfPort);
        Assert.Equal(ovs.Vsctl("get", "Interface", "vif1", "ofport"), vif.OfPort.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(vif, watcher.Current[vif.InterfaceUuid]);

        ovs.Vsctl("set", "Interface", "vif1", "external_ids:iface-id=lp2");
        var moved = new[] { await NextForAsync(watcher, "vif1", timeout.Token), await NextForAsync(watcher, "vif1", timeout.Token) };
        Assert.Equal([(VifEventKind.Removed, "lp1"), (VifEventKind.Added, "lp2")], moved.Select(e => (e.Kind, e.Vif.IfaceId)));

        ovs.Vsctl("del-port", "br-vif", "vif1");
        var removed = await NextForAsync(watcher, "vif1", timeout.Token);
        Assert.Equal((VifEventKind.Removed, "lp2"), (removed.Kind, removed.Vif.IfaceId));
        Assert.DoesNotContain(watcher.Current.Values, v => v.Name == "vif1");
    }

    [Fact]
    public async Task Vifs_that_exist_before_watching_are_reported_with_their_ofport()
    {
        await using var client = await ovs.ConnectAsync();
        await new OpenVSwitchDatabase(client).EnsureBridgeAsync(new BridgeSettings("br-pre") { DatapathType = "netdev" });
        ovs.Vsctl("add-port", "br-pre", "vif0", "--", "set", "Interface", "vif0", "type=internal", "external_ids:iface-id=lp0");
        ovs.Vsctl("add-port", "br-pre", "plain0", "--", "set", "Interface", "plain0", "type=internal");
        using var timeout = new CancellationTokenSource(Deadline);
        await OvsTools.WaitUntilAsync(() => ovs.Vsctl("get", "Interface", "vif0", "ofport") is not ("[]" or "-1"), Deadline, "ovs-vswitchd to assign vif0 an ofport");

        await using var watcher = await new OpenVSwitchDatabase(client).WatchVifsAsync();

        var existing = await NextForAsync(watcher, "vif0", timeout.Token);
        Assert.Equal(VifEventKind.Added, existing.Kind);
        Assert.Equal(ovs.Vsctl("get", "Interface", "vif0", "ofport"), existing.Vif.OfPort?.ToString(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(watcher.Current.Values, v => v.Name is "plain0" or "br-pre");
    }

    [Fact]
    public async Task Geneve_tunnel_port_gets_an_ofport_from_the_switch()
    {
        await using var client = await ovs.ConnectAsync();
        var db = new OpenVSwitchDatabase(client);
        await db.EnsureBridgeAsync(new BridgeSettings("br-gnv") { DatapathType = "netdev" });

        await db.EnsureGeneveTunnelAsync(new GeneveTunnelSpec("br-gnv", "gnv-peer", "192.0.2.20"));

        await OvsTools.WaitUntilAsync(
            () => ovs.Vsctl("get", "Interface", "gnv-peer", "ofport") is not ("[]" or "-1"),
            Deadline,
            "ovs-vswitchd to accept the geneve port");
        var iface = Assert.Single(Assert.Single(await db.GetPortsAsync("br-gnv"), p => p.Name == "gnv-peer").Interfaces);
        Assert.Equal(ovs.Vsctl("get", "Interface", "gnv-peer", "ofport"), iface.OfPort?.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("[]", ovs.Vsctl("get", "Interface", "gnv-peer", "error"));
    }

    private static async Task<VifEvent> NextForAsync(VifWatcher watcher, string interfaceName, CancellationToken cancellationToken)
    {
        while (true)
        {
            var e = await watcher.Events.ReadAsync(cancellationToken);
            if (e.Vif.Name == interfaceName)
                return e;
        }
    }
}
