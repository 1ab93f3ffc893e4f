using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>What the compiler emits for specific NB features.</summary>
public sealed class PipelineTests
{
    private static List<LogicalFlow> FlowsOf(LogicalNetwork n, string datapath, Stage stage) =>
        n.Flows.Where(f => f.Datapath == n.Datapaths.Single(d => d.Name == datapath).Key && f.Stage == stage).ToList();

    [Fact]
    public void DisabledPortDropsEverythingFromAndToItButStaysKnown()
    {
        var n = NorthdCompiler.Compile(Topologies.PortSecurity());
        Assert.Contains(n.Ports, p => p.Name == "down");
        var down = n.Flows.Where(f => f.Source == "Logical_Switch_Port down").Select(f => (f.Stage.Name, f.Priority, f.Match, f.Actions)).ToList();
        Assert.Contains(("ls_in_check_port_sec", 100, "inport == \"down\"", "drop;"), down);
        Assert.Contains(("ls_out_check_port_sec", 150, "outport == \"down\"", "drop;"), down);
        Assert.Contains(("ls_in_l2_lkup", 50, "eth.dst == 50:54:00:00:00:05", "outport = \"down\"; output;"), down);
        Assert.Contains(down, f => f.Name == "ls_in_arp_rsp" && f.Match.StartsWith("arp.tpa == 10.0.0.5 ", StringComparison.Ordinal));
        Assert.DoesNotContain(down, f => f.Priority is 90 or 85 or 80 or 70);
        var flood = n.MulticastGroups.Single(g => g.Name == Keys.McFloodName);
        Assert.Equal(["cidr", "ip4", "ip6", "mac-only", "open"], flood.Ports.Items.ToArray());
    }

    [Fact]
    public void PortTakingUnknownDestinationsGetsNoArpResponder()
    {
        var n = NorthdCompiler.Compile(Topologies.OneSwitchTwoVifs().Vif("ls1", "vm2", ["00:00:00:00:00:02 10.0.0.2", "unknown"]));
        Assert.DoesNotContain(n.Flows, f => f.Stage == Stages.LsInArpRsp && f.Match.Contains("10.0.0.2", StringComparison.Ordinal));
        Assert.Contains(n.Flows, f => f.Stage == Stages.LsInArpRsp && f.Match.Contains("10.0.0.1", StringComparison.Ordinal));
        Assert.Contains(n.Flows, f => f.Stage == Stages.LsInL2Lkup && f.Match == "eth.dst == 00:00:00:00:00:02");
    }

    [Fact]
    public void PortGroupAclsLandOnEverySwitchWithAMemberAndFollowMembership()
    {
        var acl = new Acl("to-lport", 10, "outport == @pg && ip4", "drop");
        var db = NbDatabase.Empty.Switch("a").Switch("b").Switch("c")
            .Vif("a", "a1", ["02:00:00:00:00:01 10.0.0.1"]).Vif("b", "b1", ["02:00:00:00:00:02 10.0.0.2"]).Vif("c", "c1", [])
            .PortGroup("pg", ["a1", "b1", "ghost"], acl);
        var n = NorthdCompiler.Compile(db);
        Assert.Single(FlowsOf(n, "a", Stages.LsOutAcl), f => f.Priority == 1010 && f.Match == "outport == @pg && ip4" && f.Actions == "drop;");
        Assert.Single(FlowsOf(n, "b", Stages.LsOutAcl), f => f.Priority == 1010);
        Assert.DoesNotContain(FlowsOf(n, "c", Stages.LsOutAcl), f => f.Priority == 1010);

        var moved = NorthdCompiler.Compile(db.PortGroup("pg", ["c1"], acl));
        Assert.DoesNotContain(FlowsOf(moved, "a", Stages.LsOutAcl), f => f.Priority == 1010);
        Assert.Single(FlowsOf(moved, "c", Stages.LsOutAcl), f => f.Priority == 1010);
    }

    [Theory]
    [InlineData("allow", "next;")]
    [InlineData("allow-related", "next;")]
    [InlineData("allow-stateless", "next;")]
    [InlineData("drop", "drop;")]
    [InlineData("reject", "drop;")]
    public void AclVerdictsAndPriorityOffset(string verdict, string actions)
    {
        var db = NbDatabase.Empty.Switch("s").SwitchAcl("s", "from-lport", 123, "tcp.dst==22", verdict);
        var flow = Assert.Single(FlowsOf(NorthdCompiler.Compile(db), "s", Stages.LsInAcl), f => f.Priority > 0);
        Assert.Equal((1123, "tcp.dst == 22", actions), (flow.Priority, flow.Match, flow.Actions));
    }

    [Fact]
    public void UnknownAddressesFloodUnknownDestinations()
    {
        var plain = NorthdCompiler.Compile(Topologies.OneSwitchTwoVifs());
        Assert.Equal("drop;", FlowsOf(plain, "ls1", Stages.LsInL2Lkup).Single(f => f.Priority == 0).Actions);
        Assert.DoesNotContain(plain.MulticastGroups, g => g.Name == Keys.McUnknownName);

        var n = NorthdCompiler.Compile(Topologies.OneSwitchTwoVifs().Vif("ls1", "vm2", ["00:00:00:00:00:02 10.0.0.2", "unknown"]));
        Assert.Equal("outport = \"_MC_unknown\"; output;", FlowsOf(n, "ls1", Stages.LsInL2Lkup).Single(f => f.Priority == 0).Actions);
        var unknown = n.MulticastGroups.Single(g => g.Name == Keys.McUnknownName);
        Assert.Equal(Keys.McUnknown, unknown.Key);
        Assert.Equal(["vm2"], unknown.Ports.Items.ToArray());
        Assert.Equal(Keys.McFlood, n.MulticastGroups.Single(g => g.Name == Keys.McFloodName).Key);
    }

    [Fact]
    public void PortBindingsNameTheirPatchPeers()
    {
        var n = NorthdCompiler.Compile(Topologies.TwoRoutersPeered());
        PortBinding Port(string name) => n.Ports.Single(p => p.Name == name);
        Assert.Equal(("", (string?)null), (Port("h1").Type, Port("h1").Peer));
        Assert.Equal(("patch", "lr1-lan1"), (Port("lan1-lr1").Type, Port("lan1-lr1").Peer));
        Assert.Equal(("patch", "lan1-lr1"), (Port("lr1-lan1").Type, Port("lr1-lan1").Peer));
        Assert.Equal(("patch", "lr2-lr1"), (Port("lr1-lr2").Type, Port("lr1-lr2").Peer));
        Assert.Equal(n.Datapaths.Single(d => d.Name == "lr1").Key, Port("lr1-lr2").Datapath);
        Assert.Equal(["02:00:00:ff:00:01 10.255.0.1/30"], Port("lr1-lr2").Addresses.Items.ToArray());
    }

    [Fact]
    public void RoutersResolveVifsOtherRoutersAndPeersFromTheNb()
    {
        var db = Topologies.TwoSwitchesOneRouter().Router("lr2")
            .Lrp("lr2", "lr2-ls1", "02:00:00:00:09:09", ["10.0.1.254/24"])
            .RouterLink("ls1", "ls1-lr2", "lr2-ls1");
        var resolve = FlowsOf(NorthdCompiler.Compile(db), "lr1", Stages.LrInArpResolve).Where(f => f.Priority == 100).Select(f => (f.Match, f.Actions)).ToList();
        Assert.Contains(("outport == \"lr1-ls1\" && reg0 == 10.0.1.10", "eth.dst = 50:54:00:00:01:10; next;"), resolve);
        Assert.Contains(("outport == \"lr1-ls1\" && reg0 == 10.0.1.254", "eth.dst = 02:00:00:00:09:09; next;"), resolve);
        Assert.Contains(("outport == \"lr1-ls2\" && reg0 == 10.0.2.10", "eth.dst = 50:54:00:00:02:10; next;"), resolve);
        Assert.DoesNotContain(resolve, r => r.Match.Contains("10.0.1.1 ", StringComparison.Ordinal) || r.Match.EndsWith("10.0.1.1", StringComparison.Ordinal));
        Assert.Equal(3, resolve.Count);
    }

    [Fact]
    public void StaticRoutesLeaveByTheMostSpecificNetworkHoldingTheNextHop()
    {
        var db = NbDatabase.Empty.Router("r")
            .Lrp("r", "wide", "02:00:00:00:00:01", ["10.0.0.1/16"])
            .Lrp("r", "narrow", "02:00:00:00:00:02", ["10.0.5.1/24"])
            .Route("r", "192.168.0.0/24", "10.0.5.9")
            .Route("r", "192.168.1.0/24", "172.16.0.1");
        var routes = FlowsOf(NorthdCompiler.Compile(db), "r", Stages.LrInIpRouting).Where(f => f.Match.Contains("192.168", StringComparison.Ordinal)).ToList();
        var flow = Assert.Single(routes);
        Assert.Equal(24 * 3 + 1, flow.Priority);
        Assert.Equal("ip.ttl--; reg0 = 10.0.5.9; reg1 = 10.0.5.1; eth.src = 02:00:00:00:00:02; outport = \"narrow\"; flags.loopback = 1; next;", flow.Actions);
    }

    [Fact]
    public void RoutePrioritiesPreferLongerPrefixesThenConnectedThenDestinationRoutes()
    {
        var n = NorthdCompiler.Compile(Topologies.TwoRoutersPeered());
        var routing = FlowsOf(n, "lr1", Stages.LrInIpRouting).ToDictionary(f => f.Match, f => f.Priority);
        Assert.Equal(74, routing["ip4.dst == 10.1.0.0/24"]);
        Assert.Equal(72, routing["ip4.src == 10.1.0.0/24"]);
        Assert.Equal(49, routing["ip4.dst == 10.2.0.0/16"]);
        Assert.Equal(0, routing["1"]);
    }

    [Fact]
    public void CompileIsDeterministicWhateverTheInsertionOrder()
    {
        var forward = Topologies.TwoTenantsOverlapping();
        var rebuilt = forward with
        {
            Switches = forward.Switches.Reverse().Aggregate(NbDatabase.Empty.Switches, (m, kv) => m.Add(kv.Key, kv.Value)),
            Routers = forward.Routers.Reverse().Aggregate(NbDatabase.Empty.Routers, (m, kv) => m.Add(kv.Key, kv.Value)),
        };
        var a = NorthdCompiler.Compile(forward);
        var b = NorthdCompiler.Compile(rebuilt);
        NetworkAssert.Equal(a, b);
        Assert.Equal(LflowListFormatter.Format(a), LflowListFormatter.Format(b));
    }

    [Fact]
    public void FlowsAreOrderedByDatapathPipelineTablePriorityMatchActions()
    {
        var flows = NorthdCompiler.Compile(RandomNb.Evolve(7, 120)).Flows;
        for (int i = 1; i < flows.Length; i++)
        {
            var (a, b) = (flows[i - 1], flows[i]);
            var ka = (a.Datapath, (int)a.Pipeline, a.Stage.Table, -a.Priority);
            var kb = (b.Datapath, (int)b.Pipeline, b.Stage.Table, -b.Priority);
            int c = ka.CompareTo(kb);
            if (c == 0) c = string.CompareOrdinal(a.Match, b.Match) != 0 ? string.CompareOrdinal(a.Match, b.Match) : string.CompareOrdinal(a.Actions, b.Actions);
            Assert.True(c < 0, $"out of order or duplicated at {i}: {a} / {b}");
        }
    }

    [Fact]
    public void IdenticalFlowsFromTwoPortsAppearOnceNamingTheFirstSource()
    {
        // Two ports claiming the same MAC and IP yield the same proxy-ARP reply flow.
        var db = NbDatabase.Empty.Switch("s")
            .Vif("s", "b-port", ["02:00:00:00:00:01 10.0.0.1"])
            .Vif("s", "a-port", ["02:00:00:00:00:01 10.0.0.1"]);
        var reply = Assert.Single(FlowsOf(NorthdCompiler.Compile(db), "s", Stages.LsInArpRsp), f => f.Priority == 50);
        Assert.Equal("Logical_Switch_Port a-port", reply.Source);
    }
}
