using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class RouterPortSetTests
{
    private const string Two = """
        lr-add lr0
        lr-add lr1
        lrp-add lr0 a 00:00:00:00:ff:01 10.0.0.1/24
        lrp-add lr0 b 00:00:00:00:ff:02 20.0.0.1/30 peer=c
        lrp-add lr1 c 00:00:00:00:ff:03 20.0.0.2/30 peer=b
        """;

    [Fact]
    public void Set_changes_mac_networks_and_peer_in_place_keeping_the_key()
    {
        var before = Ok(Two);
        var db = Ok("set Logical_Router_Port a mac='\"00:00:00:00:ff:11\"' networks='\"10.0.1.1/24\",\"10.0.0.1/24\"'", before);
        var a = db.Routers["lr0"].Ports["a"];
        Assert.Equal("00:00:00:00:ff:11", a.Mac);
        Assert.Equal(["10.0.0.1/24", "10.0.1.1/24"], a.Networks);
        Assert.Equal(before.Routers["lr0"].Ports["a"].TunnelKey, a.TunnelKey);
        Assert.Null(a.Peer);

        var unpeered = Ok("set Logical_Router_Port b peer=[] -- set Logical_Router_Port c peer=[]", before);
        Assert.Null(unpeered.Routers["lr0"].Ports["b"].Peer);
        Assert.Null(unpeered.Routers["lr1"].Ports["c"].Peer);
        Assert.Equal(before.Routers["lr0"].Ports["b"] with { Peer = null }, unpeered.Routers["lr0"].Ports["b"]);
    }

    [Fact]
    public void Set_values_are_validated_like_lrp_add()
    {
        var before = Ok(Two);
        Assert.Contains("port name not found", FailsOnce("set Logical_Router_Port nosuch mac='\"00:00:00:00:ff:11\"'", before).Message);
        var bad = FailsOnce("set Logical_Router_Port a mac='\"00:00:00:00:ff:1z\"'", before);
        Assert.Equal(("lrp a", "mac"), (bad.Object, bad.Field));
        Assert.Contains("supported: mac, networks, peer", FailsOnce("set Logical_Router_Port a enabled=false", before).Message);
        Assert.Contains("only the Logical_Router_Port table", FailsOnce("set Logical_Switch sw0 name=x", before).Message);
        Assert.Contains("at least one network", FailsOnce("set Logical_Router_Port a networks=[]", before).Message);
        // A peer must point back: setting only one side is refused by validation.
        Assert.NotEmpty(Fails("set Logical_Router_Port b peer=a", before));
    }
}
