using Overlay.Agent.Translator.Tests.Support;

namespace Overlay.Agent.Translator.Tests.Physical;

public class TunnelPortTests
{
    [Fact]
    public void One_geneve_port_per_remote_chassis_named_like_ovn_controller_does()
    {
        var network = Networks.Compile(Networks.SingleSwitch);
        var view = HostView.Create("chassis-1", "10.1.0.1",
            [new RemoteChassis("chassis-2", "10.1.0.2"), new RemoteChassis("chassis-3", "10.1.0.3", 7), new RemoteChassis("edge", "10.1.0.9"), new RemoteChassis("chassis-1", "10.1.0.1")],
            network, [("p1", "chassis-1", 60000u), ("p2", "chassis-2", null), ("p3", "edge", null)]);
        var t = Translator.Translate(view);
        Assert.Equal(
            ["ovn-chassi-0 chassis-2 10.1.0.2 60001 True", "ovn-chassi-1 chassis-3 10.1.0.3 7 False", "ovn-edge-0 edge 10.1.0.9 60002 True"],
            t.Tunnels.Select(p => $"{p.Name} {p.Chassis} {p.RemoteIp} {p.OfPort} {p.Requested}"));
        Assert.Equal("10.1.0.2", t.Tunnels[0].Options["remote_ip"]);
        Assert.Equal("flow", t.Tunnels[0].Options["key"]);
        Assert.Equal("true", t.Tunnels[0].Options["csum"]);
        Assert.Equal(t.Tunnels[0], t.Tunnels[0] with { });
    }

    [Fact]
    public void Every_remote_chassis_gets_a_classification_flow_into_local_output()
    {
        var t = Translator.Translate(Hosts.View(Networks.Compile(Networks.SingleSwitch), 1, 3, new Dictionary<string, int> { ["p1"] = 1 }));
        var fromTunnels = t.Flows.Where(f => f.Origin is ChassisOrigin).ToList();
        Assert.Equal(["in_port=102", "in_port=103"], fromTunnels.Select(f => f.Flow.Match.ToString()).Order());
        Assert.All(fromTunnels, f => Assert.EndsWith("resubmit(,40)", f.Flow.Actions.ToString()));
        Assert.Equal("{class=0x0102,type=0x80,len=4}->tun_metadata0", Geneve.TlvMap);
    }
}
