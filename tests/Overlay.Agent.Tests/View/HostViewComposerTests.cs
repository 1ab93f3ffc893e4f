using System.Collections.Immutable;
using Overlay.Agent.Ovs;
using Overlay.Agent.Tests.Support;
using Overlay.Agent.View;

namespace Overlay.Agent.Tests.View;

public sealed class HostViewComposerTests
{
    private static ImmutableSortedDictionary<string, uint?> Map(params (string Key, uint? Value)[] items) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, items.Select(i => KeyValuePair.Create(i.Key, i.Value)));

    [Fact]
    public void WithoutLiveOvsdbTheViewsOwnNumbersAreUsed()
    {
        ViewDocument doc = Networks.View() with { Remotes = [new("hv2", "192.168.0.2", 7)] };

        ComposedView c = HostViewComposer.Compose(doc, null, LocalOvsState.NotLive).Composed!;

        Assert.Equal("hv1", c.View.Chassis);
        Assert.Equal(new Dictionary<string, uint> { ["p1"] = 1, ["p2"] = 2 }, c.View.OfPorts);
        Assert.Equal("hv2", c.View.PortChassis["p3"]);
        Assert.Equal(7u, Assert.Single(c.View.Remotes).TunnelOfPort);
    }

    [Fact]
    public void LiveVifsBindTheirPortsHereAndLiveTunnelPortsNumberTheRemotes()
    {
        // p1 has a VIF at ofport 5, p2 (bound here by the view) has none yet, p3's VIF moved here.
        var live = new LocalOvsState(true, new ChassisIdentity("hv1", "10.9.9.1"), Map(("p1", 5), ("p3", 9), ("unknown-port", 4)), Map(("hv2", 60001)));

        ComposedView c = HostViewComposer.Compose(Networks.View(), null, live).Composed!;

        Assert.Equal("10.9.9.1", c.View.EncapIp);
        Assert.Equal(new Dictionary<string, uint> { ["p1"] = 5, ["p3"] = 9 }, c.View.OfPorts);
        Assert.Equal("hv1", c.View.PortChassis["p2"]);
        Assert.Equal("hv1", c.View.PortChassis["p3"]);
        Assert.False(c.View.PortChassis.ContainsKey("unknown-port"));
        Assert.Equal([60001u, null], c.View.Remotes.Select(r => r.TunnelOfPort));
        Assert.Equal([new ViewBinding("p1", "hv1", 5), new ViewBinding("p2", "hv1"), new ViewBinding("p3", "hv1", 9)], c.Document.Bindings.ToArray());
    }

    [Fact]
    public void AViewForAnotherChassisIsRefused()
    {
        ComposeResult r = HostViewComposer.Compose(Networks.View(), new ChassisIdentity("hv2", "192.168.0.2"), LocalOvsState.NotLive);

        Assert.Null(r.Composed);
        Assert.Contains("made for chassis 'hv1' but this is chassis 'hv2'", r.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandLineIdentityWinsOverOvsdb()
    {
        var live = LocalOvsState.NotLive with { Live = true, Identity = new ChassisIdentity("hv2", "1.1.1.1") };

        ComposeResult r = HostViewComposer.Compose(Networks.View(), new ChassisIdentity("hv1", "10.0.0.1"), live);

        Assert.Equal("10.0.0.1", r.Composed!.View.EncapIp);
    }
}
