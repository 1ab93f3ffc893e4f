using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class RouterVerbTests
{
    [Fact]
    public void Lr_add_and_may_exist()
    {
        var db = Ok("lr-add lr0\n--may-exist lr-add lr0");
        Assert.Equal(1u, db.Routers["lr0"].TunnelKey);
        var d = FailsOnce("lr-add lr0\nlr-add lr0");
        Assert.Equal(("lr lr0", "name", "lr0"), (d.Object, d.Field, d.Value));
        Assert.Contains("a router with this name already exists", d.Message);
        Assert.Equal(["lr1"], Ok("lr-add").Routers.Keys);
        Assert.Contains("--may-exist requires specifying a name", FailsOnce("--may-exist lr-add").Message);
    }

    [Fact]
    public void Lr_del_removes_ports_and_routes_and_if_exists_tolerates_a_missing_router()
    {
        var db = Ok("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\nlr-route-add lr0 0.0.0.0/0 10.0.0.254\nlr-del lr0");
        Assert.Empty(db.Routers);
        Ok("lr-add lr1\nlrp-add lr1 a 00:00:00:00:00:01 10.0.0.1/24", db); // port name freed
        Assert.Contains("router name not found", FailsOnce("lr-del nosuch").Message);
        Ok("--if-exists lr-del nosuch");
    }

    [Fact]
    public void Lrp_add_stores_mac_networks_peer_and_a_port_key()
    {
        var db = Ok("""
            lr-add lr0
            lr-add lr1
            lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 peer=lr1-lr0
            lrp-add lr1 lr1-lr0 00:00:00:00:ff:0a 20.0.0.2/30 fd00::2/64 peer=lr0-lr1
            """);
        var p = Lrp(db, "lr1", "lr1-lr0");
        Assert.Equal(("00:00:00:00:ff:0a", "lr0-lr1", 1u), (p.Mac, p.Peer, p.TunnelKey));
        Assert.Equal(["20.0.0.2/30", "fd00::2/64"], p.Networks);
        Assert.Null(Lrp(Ok("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24"), "lr0", "a").Peer);
    }

    [Fact]
    public void Lrp_add_errors()
    {
        Assert.Contains("router name not found", FailsOnce("lrp-add nolr a 00:00:00:00:00:01 10.0.0.1/24").Message);
        Assert.Contains("a port with this name already exists",
            FailsOnce("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24").Message);
        var d = FailsOnce("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 peer=b");
        Assert.Contains("at least one network", d.Message);
        Assert.Contains("usage: [--may-exist] lrp-add ROUTER PORT MAC NETWORK... [peer=PEER]", d.Message);
        Assert.Equal("foo=bar", FailsOnce("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24 foo=bar").Value);
    }

    [Fact]
    public void Lrp_add_may_exist_succeeds_only_when_the_port_says_the_same_thing()
    {
        const string setup = "lr-add lr0\nlr-add lr1\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\n";
        var db = Ok(setup + "--may-exist lrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24");
        Assert.Equal(1u, Lrp(db, "lr0", "a").TunnelKey);
        // Same network written with another host address is the same network, as ovn-nbctl compares them.
        Ok(setup + "--may-exist lrp-add lr0 a 00:00:00:00:00:01 10.0.0.2/24");
        Assert.Contains("port already exists but in router lr0", FailsOnce(setup + "--may-exist lrp-add lr1 a 00:00:00:00:00:01 10.0.0.1/24").Message);
        Assert.Contains("port already exists with mac 00:00:00:00:00:01", FailsOnce(setup + "--may-exist lrp-add lr0 a 00:00:00:00:00:02 10.0.0.1/24").Message);
        Assert.Contains("port already exists with different network", FailsOnce(setup + "--may-exist lrp-add lr0 a 00:00:00:00:00:01 10.1.0.1/24").Message);
        Assert.Contains("mismatching peer", FailsOnce(setup + "--may-exist lrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24 peer=x").Message);
    }

    [Fact]
    public void Lrp_del_and_if_exists()
    {
        var db = Ok("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\nlrp-del a");
        Assert.Empty(db.Routers["lr0"].Ports);
        var d = FailsOnce("lrp-del nosuch");
        Assert.Equal(("lrp nosuch", "name", "nosuch"), (d.Object, d.Field, d.Value));
        Ok("--if-exists lrp-del nosuch");
    }

    private const string Router = "lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\nlrp-add lr0 b 00:00:00:00:00:02 20.0.0.1/30\n";

    [Fact]
    public void Lr_route_add_normalizes_the_prefix_as_ovn_nbctl_does()
    {
        var db = Ok(Router + "lr-route-add lr0 30.0.0.5/24 20.0.0.2\nlr-route-add lr0 40.0.0.7/32 10.0.0.9\nlr-route-add lr0 50.0.0.1 discard");
        Assert.Equal(
            [new StaticRoute("30.0.0.0/24", "20.0.0.2"), new StaticRoute("40.0.0.7", "10.0.0.9"), new StaticRoute("50.0.0.1", "discard")],
            db.Routers["lr0"].StaticRoutes);
    }

    [Fact]
    public void Lr_route_add_with_output_port_and_policy()
    {
        var db = Ok(Router + "--policy=src-ip lr-route-add lr0 10.0.0.0/24 20.0.0.2 b");
        Assert.Equal([new StaticRoute("10.0.0.0/24", "20.0.0.2", "b", "src-ip")], db.Routers["lr0"].StaticRoutes);
        var d = FailsOnce(Router + "--policy=sideways lr-route-add lr0 10.0.0.0/24 20.0.0.2");
        Assert.Equal("--policy=sideways", d.Value);
        Assert.Contains("policy must be \"dst-ip\" or \"src-ip\"", d.Message);
    }

    [Fact]
    public void Lr_route_add_duplicate_prefix_is_an_error_and_may_exist_replaces_the_route()
    {
        var d = FailsOnce(Router + "lr-route-add lr0 30.0.0.0/24 20.0.0.2\nlr-route-add lr0 30.0.0.9/24 10.0.0.5");
        Assert.Equal(("lr lr0 route 30.0.0.0/24", "ip_prefix", "30.0.0.0/24"), (d.Object, d.Field, d.Value));
        Assert.Contains("duplicate prefix: 30.0.0.0/24 (policy: dst-ip)", d.Message);
        Assert.Equal("t.nbctl:5", d.Location!.ToString());

        var db = Ok(Router + "lr-route-add lr0 30.0.0.0/24 20.0.0.2\n--may-exist lr-route-add lr0 30.0.0.0/24 10.0.0.5 a");
        Assert.Equal([new StaticRoute("30.0.0.0/24", "10.0.0.5", "a")], db.Routers["lr0"].StaticRoutes);
        // Same prefix with another policy is another route.
        Assert.Equal(2, Ok(Router + "lr-route-add lr0 30.0.0.0/24 20.0.0.2\n--policy=src-ip lr-route-add lr0 30.0.0.0/24 20.0.0.2").Routers["lr0"].StaticRoutes.Count);
        Assert.Contains("router name not found", FailsOnce("lr-route-add nolr 0.0.0.0/0 1.1.1.1").Message);
    }

    [Fact]
    public void Lr_route_del_by_prefix_nexthop_port_and_policy()
    {
        const string routes = Router + "lr-route-add lr0 30.0.0.0/24 20.0.0.2\nlr-route-add lr0 31.0.0.0/24 20.0.0.2 b\n--policy=src-ip lr-route-add lr0 10.0.0.0/24 20.0.0.2\n";
        Assert.Equal(["31.0.0.0/24", "10.0.0.0/24"],
            Ok(routes + "lr-route-del lr0 30.0.0.7/24").Routers["lr0"].StaticRoutes.Select(r => r.IpPrefix));
        Assert.Equal(["30.0.0.0/24", "10.0.0.0/24"],
            Ok(routes + "lr-route-del lr0 31.0.0.0/24 20.0.0.2 b").Routers["lr0"].StaticRoutes.Select(r => r.IpPrefix));
        Assert.Equal(["30.0.0.0/24", "31.0.0.0/24"],
            Ok(routes + "--policy=src-ip lr-route-del lr0").Routers["lr0"].StaticRoutes.Select(r => r.IpPrefix));
        Assert.Empty(Ok(routes + "lr-route-del lr0").Routers["lr0"].StaticRoutes);
    }

    [Fact]
    public void Lr_route_del_errors_and_if_exists()
    {
        var d = FailsOnce(Router + "lr-route-del lr0 99.0.0.0/24");
        Assert.Contains("no matching route: policy 'any', prefix '99.0.0.0/24', nexthop 'any', output_port 'any'", d.Message);
        Ok(Router + "--if-exists lr-route-del lr0 99.0.0.0/24");
        Assert.Contains("bad prefix argument: nonsense", FailsOnce(Router + "lr-route-del lr0 nonsense").Message);
        Assert.Contains("bad nexthop argument: bad", FailsOnce(Router + "lr-route-del lr0 30.0.0.0/24 bad").Message);
        // As in ovn-nbctl, --if-exists is about the route; the router must exist.
        Assert.Contains("router name not found", FailsOnce("--if-exists lr-route-del nolr").Message);
    }
}
