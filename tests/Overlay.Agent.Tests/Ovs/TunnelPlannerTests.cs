using System.Collections.Immutable;
using Overlay.Agent.Ovs;
using Overlay.Agent.Translator;
using Overlay.Ovsdb.OpenVSwitch;

namespace Overlay.Agent.Tests.Ovs;

public sealed class TunnelPlannerTests
{
    private static ImmutableSortedDictionary<string, string> Map(params (string K, string V)[] kv) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, kv.Select(p => KeyValuePair.Create(p.K, p.V)));

    private static OvsPort Port(string name, string? chassis, string type = "geneve", string remoteIp = "192.168.0.2") => new(
        Guid.NewGuid(), name, chassis is null ? Map() : Map(("overlay-chassis-id", chassis)),
        [new OvsInterface(Guid.NewGuid(), name, type, Map(("csum", "true"), ("key", "flow"), ("remote_ip", remoteIp)), Map(), 10)]);

    private static readonly TunnelPort ToHv2 = new("ovn-hv2-0", "hv2", "192.168.0.2", 10, Requested: false);

    [Fact]
    public void MissingTunnelsAreCreatedWithTheChassisMarker()
    {
        TunnelPlan plan = TunnelPlanner.Plan("br-int", [ToHv2], [Port("br-int", null, "internal")], mayRemove: true);

        GeneveTunnelSpec spec = Assert.Single(plan.Ensure);
        Assert.Equal(("br-int", "ovn-hv2-0", "192.168.0.2"), (spec.Bridge, spec.PortName, spec.RemoteIp));
        Assert.Equal("hv2", spec.ExternalIds["overlay-chassis-id"]);
        Assert.Equal(Map(("csum", "true"), ("key", "flow"), ("remote_ip", "192.168.0.2")), spec.Options);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void AMatchingTunnelIsLeftAloneAndAWrongOneCorrected()
    {
        Assert.True(TunnelPlanner.Plan("br-int", [ToHv2], [Port("ovn-hv2-0", "hv2")], mayRemove: true).IsEmpty);
        Assert.Single(TunnelPlanner.Plan("br-int", [ToHv2], [Port("ovn-hv2-0", "hv2", remoteIp: "192.168.0.99")], mayRemove: true).Ensure);
    }

    [Fact]
    public void OnlyStaleTunnelsWeMadeAreRemovedAndOnlyOnceAllowed()
    {
        OvsPort[] existing = [Port("ovn-hv2-0", "hv2"), Port("ovn-hv3-0", "hv3"), Port("someone-elses", null), Port("br-int", null, "internal")];

        TunnelPlan later = TunnelPlanner.Plan("br-int", [ToHv2], existing, mayRemove: false);
        TunnelPlan now = TunnelPlanner.Plan("br-int", [ToHv2], existing, mayRemove: true);

        Assert.True(later.IsEmpty);
        Assert.Equal(["ovn-hv3-0"], now.Remove.Select(p => p.Name));
    }
}
