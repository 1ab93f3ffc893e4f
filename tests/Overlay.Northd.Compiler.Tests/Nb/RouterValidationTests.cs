using System.Collections.Immutable;
using Overlay.Logical;
using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class RouterValidationTests
{
    [Theory]
    [InlineData("00:00:00:00:ff:0z")]
    [InlineData("00:00:00:00:ff")]
    [InlineData("00-00-00-00-ff-01")]
    public void Router_port_mac_must_be_valid(string mac)
    {
        var d = FailsOnce($"lr-add lr0\nlrp-add lr0 a {mac} 10.0.0.1/24");
        Assert.Equal(("lrp a", "mac", mac), (d.Object, d.Field, d.Value));
        Assert.Contains("invalid MAC address", d.Message);
    }

    [Theory]
    [InlineData("10.0.0.1", "a prefix length is required")]
    [InlineData("10.0.0.1/33", "prefix length 33 is longer than 32 bits")]
    [InlineData("10.0.0.300/24", "invalid IP address '10.0.0.300'")]
    [InlineData("10.0.0.0/24", "is a network address; a router port needs a host address in its network (e.g. 10.0.0.1/24)")]
    [InlineData("10.0.0.255/24", "is the broadcast address of its network")]
    [InlineData("fd00::/64", "is a network address")]
    [InlineData("10.0.0.1/x", "invalid prefix length 'x'")]
    public void Router_port_networks_must_be_host_addresses_with_a_prefix(string network, string message)
    {
        var d = FailsOnce($"lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 {network}");
        Assert.Equal(("lrp a", "networks", network), (d.Object, d.Field, d.Value));
        Assert.Contains(message, d.Message);
    }

    [Theory]
    [InlineData("10.0.0.1/24")]
    [InlineData("10.0.0.0/31")]
    [InlineData("10.0.0.7/32")]
    [InlineData("fd00::1/64")]
    public void Valid_router_port_networks(string network) => Ok($"lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 {network}");

    [Fact]
    public void A_router_port_needs_at_least_one_network()
    {
        // Scripts cannot say this (lrp-add requires a network); commands built in code or YAML can.
        var r = NbTransaction.Apply(NbDatabase.Empty, [new LrAdd("lr0"), new LrpAdd("lr0", "a", "00:00:00:00:00:01", ValueArray<string>.Empty)]);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("lrp a", "networks", ""), (d.Object, d.Field, d.Value));
        Assert.Contains("at least one network", d.Message);
    }

    [Fact]
    public void Two_ports_of_one_router_with_overlapping_networks()
    {
        var d = FailsOnce("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/16\nlrp-add lr0 b 00:00:00:00:00:02 10.0.5.1/24");
        Assert.Equal(("lrp b", "networks", "10.0.5.1/24"), (d.Object, d.Field, d.Value));
        Assert.Contains("overlaps network 10.0.0.1/16 of port a on router lr0", d.Message);
        Ok("lr-add lr0\nlr-add lr1\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\nlrp-add lr1 b 00:00:00:00:00:02 10.0.0.2/24");
    }

    private const string Peers = "lr-add lr0\nlr-add lr1\n";

    [Fact]
    public void Peers_that_point_at_each_other_are_fine()
    {
        Ok(Peers + "lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 peer=lr1-lr0\nlrp-add lr1 lr1-lr0 00:00:00:00:ff:0a 20.0.0.2/30 peer=lr0-lr1");
    }

    [Fact]
    public void Peer_must_exist()
    {
        var d = FailsOnce(Peers + "lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 peer=lr1-lr0");
        Assert.Equal(("lrp lr0-lr1", "peer", "lr1-lr0"), (d.Object, d.Field, d.Value));
        Assert.Contains("router port lr1-lr0 does not exist", d.Message);
    }

    [Fact]
    public void A_peer_that_does_not_point_back_is_reported_on_both_sides()
    {
        var all = Fails(Peers + "lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 peer=lr1-lr0\nlrp-add lr1 lr1-lr0 00:00:00:00:ff:0a 20.0.0.2/30");
        Assert.Equal(2, all.Count);
        Assert.Equal("t.nbctl:3", Has(all, "lrp lr0-lr1", "peer", "lr1-lr0", "router port lr1-lr0 does not name lr0-lr1 as its peer (its peer is unset)").Location!.ToString());
        Assert.Equal("t.nbctl:4", Has(all, "lrp lr1-lr0", "peer", "", "router port lr0-lr1 names lr1-lr0 as its peer").Location!.ToString());
    }

    [Fact]
    public void A_port_cannot_be_its_own_peer()
    {
        var d = FailsOnce(Peers + "lrp-add lr0 a 00:00:00:00:ff:09 20.0.0.1/30 peer=a");
        Assert.Equal(("lrp a", "peer", "a"), (d.Object, d.Field, d.Value));
        Assert.Contains("cannot be its own peer", d.Message);
    }

    [Fact]
    public void A_router_port_is_attached_to_a_switch_or_peered_not_both()
    {
        var d = FailsOnce(Base + "\nlr-add lr1\nlrp-del lr0-sw0 -- lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24 peer=lr1-lr0\nlrp-add lr1 lr1-lr0 00:00:00:00:ff:02 10.0.0.2/24 peer=lr0-sw0");
        Assert.Equal(("lrp lr0-sw0", "peer", "lr1-lr0"), (d.Object, d.Field, d.Value));
        Assert.Contains("attached to switch port sw0-lr0 and also peered with lr1-lr0", d.Message);
    }

    private const string Router = "lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\nlrp-add lr0 b 00:00:00:00:00:02 20.0.0.1/30\n";

    [Fact]
    public void Route_next_hop_must_be_reachable_through_a_connected_network()
    {
        var d = FailsOnce(Router + "lr-route-add lr0 30.0.0.0/24 20.0.0.50");
        Assert.Equal(("lr lr0 route 30.0.0.0/24", "nexthop", "20.0.0.50"), (d.Object, d.Field, d.Value));
        Assert.Equal("next hop 20.0.0.50 is not in any network of router lr0", d.Message);
        Assert.Equal("t.nbctl:4", d.Location!.ToString());
        // With an output port the next hop is not checked against networks, and discard has no next hop.
        Ok(Router + "lr-route-add lr0 30.0.0.0/24 20.0.0.50 b\nlr-route-add lr0 40.0.0.0/24 discard");
    }

    [Theory]
    [InlineData("30.0.0.0/33", "ip_prefix", "invalid prefix: prefix length 33 is longer than 32 bits")]
    [InlineData("bogus", "ip_prefix", "invalid prefix: invalid IP address 'bogus'")]
    [InlineData("2001:db8::/64", "ip_prefix", "IPv6 static routes are not supported")]
    public void Route_prefix_problems(string prefix, string field, string message)
    {
        var d = FailsOnce(Router + $"lr-route-add lr0 {prefix} 10.0.0.9");
        Assert.Equal(($"lr lr0 route {prefix}", field, prefix), (d.Object, d.Field, d.Value));
        Assert.Contains(message, d.Message);
    }

    [Theory]
    [InlineData("10.0.0.300")]
    [InlineData("fd00::1")]
    [InlineData("drop")]
    public void Route_next_hop_must_be_ipv4_or_discard(string nexthop)
    {
        var d = FailsOnce(Router + $"lr-route-add lr0 30.0.0.0/24 {nexthop}");
        Assert.Equal(("lr lr0 route 30.0.0.0/24", "nexthop", nexthop), (d.Object, d.Field, d.Value));
        Assert.Contains("next hop must be an IPv4 address or \"discard\"", d.Message);
    }

    [Fact]
    public void Route_output_port_must_be_a_port_of_that_router()
    {
        var d = FailsOnce(Router + "lr-add lr1\nlrp-add lr1 c 00:00:00:00:00:03 30.0.0.1/24\nlr-route-add lr0 40.0.0.0/24 30.0.0.2 c");
        Assert.Equal(("lr lr0 route 40.0.0.0/24", "output_port", "c"), (d.Object, d.Field, d.Value));
        Assert.Contains("c is not a port of router lr0", d.Message);
    }

    [Fact]
    public void Route_policy_host_bits_and_duplicates_in_a_database_built_without_commands()
    {
        // The lr-route-add command normalizes host bits and refuses duplicates (as ovn-nbctl does);
        // a database from elsewhere is still checked.
        var db = Ok(Router);
        var routes = ValueArray.Create(
            new StaticRoute("30.0.0.5/24", "10.0.0.9"),
            new StaticRoute("40.0.0.0/24", "10.0.0.9", Policy: "sideways"),
            new StaticRoute("50.0.0.0/24", "10.0.0.9"),
            new StaticRoute("50.0.0.0/24", "10.0.0.8"));
        db = db with { Routers = db.Routers.SetItem("lr0", db.Routers["lr0"] with { StaticRoutes = routes }) };
        var all = NbValidator.Validate(db);
        Assert.Equal(3, all.Count);
        Has(all, "lr lr0 route 30.0.0.5/24", "ip_prefix", "30.0.0.5/24", "prefix has host bits set (the network is 30.0.0.0/24)");
        Has(all, "lr lr0 route 40.0.0.0/24 (sideways)", "policy", "sideways", "policy must be \"dst-ip\" or \"src-ip\"");
        Has(all, "lr lr0 route 50.0.0.0/24", "ip_prefix", "50.0.0.0/24", "duplicate prefix: 50.0.0.0/24 (policy: dst-ip)");
    }

    [Fact]
    public void Keys_and_port_names_in_a_database_built_without_commands()
    {
        var sw = LogicalSwitch.Create("sw0", 5) with
        {
            Ports = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, SwitchPort>("p", SwitchPort.Create("p", 0)), new("q", SwitchPort.Create("q", 0))]),
        };
        var lr = LogicalRouter.Create("lr0", 5) with
        {
            Ports = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, RouterPort>("p", new RouterPort("p", "00:00:00:00:00:01", ValueArray.Create("10.0.0.1/24"), null, 1))]),
        };
        var db = NbDatabase.Empty with { Switches = NbDatabase.Empty.Switches.Add("sw0", sw), Routers = NbDatabase.Empty.Routers.Add("lr0", lr) };
        var all = NbValidator.Validate(db);
        Has(all, "lr lr0", "tunnel_key", "5", "datapath tunnel key also used by ls sw0");
        Has(all, "lsp p", "tunnel_key", "0", "port tunnel key out of range");
        Has(all, "lrp p", "name", "p", "port name is also used on ls sw0");
    }
}
