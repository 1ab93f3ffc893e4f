using Overlay.Agent.Ovs;
using Overlay.Ovsdb;

namespace Overlay.Agent.Tests.Ovs;

public sealed class OvsRowsTests
{
    private static readonly Guid Root = Guid.NewGuid();
    private static readonly Guid Vif1 = Guid.NewGuid();
    private static readonly Guid TunnelIface = Guid.NewGuid();
    private static readonly Guid TunnelPort = Guid.NewGuid();

    private static OvsdbDatum Map(params (string K, string V)[] kv) => OvsdbDatum.StringMap(kv.Select(p => KeyValuePair.Create(p.K, p.V)));

    private static TableUpdates Batch(params RowUpdate[] rows) => new([.. rows], false);

    [Fact]
    public void TheSnapshotHasIdentityVifsAndTunnelPortNumbers()
    {
        var rows = new OvsRows();
        rows.Apply(Batch(
            new RowUpdate("Open_vSwitch", Root, null, new OvsdbRow { ["external_ids"] = Map(("overlay-chassis-id", "hv1"), ("overlay-encap-ip", "192.168.0.1")) }),
            new RowUpdate("Interface", Vif1, null, new OvsdbRow { ["name"] = "vif1", ["external_ids"] = Map(("iface-id", "p1")), ["ofport"] = OvsdbDatum.EmptySet }),
            new RowUpdate("Interface", TunnelIface, null, new OvsdbRow { ["name"] = "ovn-hv2-0", ["external_ids"] = Map(), ["ofport"] = 7L }),
            new RowUpdate("Port", TunnelPort, null, new OvsdbRow { ["name"] = "ovn-hv2-0", ["external_ids"] = Map(("overlay-chassis-id", "hv2")), ["interfaces"] = TunnelIface })));

        LocalOvsState s = rows.Snapshot();

        Assert.True(s.Live);
        Assert.Equal(new ChassisIdentity("hv1", "192.168.0.1"), s.Identity);
        Assert.Equal([KeyValuePair.Create("p1", (uint?)null)], s.Vifs);
        Assert.Equal([KeyValuePair.Create("hv2", (uint?)7)], s.TunnelOfPorts);
    }

    [Fact]
    public void LaterBatchesAssignPortsRemoveRowsAndCompareByContent()
    {
        var rows = new OvsRows();
        rows.Apply(Batch(new RowUpdate("Interface", Vif1, null, new OvsdbRow { ["name"] = "vif1", ["external_ids"] = Map(("iface-id", "p1")), ["ofport"] = OvsdbDatum.EmptySet })));
        LocalOvsState before = rows.Snapshot();

        rows.Apply(Batch(new RowUpdate("Interface", Vif1, new OvsdbRow { ["ofport"] = OvsdbDatum.EmptySet }, new OvsdbRow { ["ofport"] = 3L })));
        LocalOvsState assigned = rows.Snapshot();
        rows.Apply(Batch(new RowUpdate("Interface", Vif1, new OvsdbRow { ["name"] = "vif1" }, null)));

        Assert.Equal(3u, assigned.Vifs["p1"]);
        Assert.False(before.SameAs(assigned));
        Assert.True(assigned.SameAs(assigned with { }));
        Assert.Empty(rows.Snapshot().Vifs);
        Assert.Null(rows.Snapshot().Identity);
    }
}
