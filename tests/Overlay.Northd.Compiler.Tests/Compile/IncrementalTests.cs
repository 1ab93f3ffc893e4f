using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>What an update recompiles and reports for typical changes.</summary>
public sealed class IncrementalTests
{
    [Fact]
    public void SameDatabaseIsANoOp()
    {
        var db = Topologies.TwoSwitchesOneRouter();
        var compiler = new IncrementalCompiler(db);
        var diff = compiler.Update(db);
        Assert.True(diff.IsEmpty);
        Assert.Equal(0, diff.UnitsRecompiled);
    }

    [Fact]
    public void ChangingOneVifsAddressTouchesOnlyItsFlowsAndTheRoutersResolveFlow()
    {
        var db = Topologies.TwoSwitchesOneRouter();
        var compiler = new IncrementalCompiler(db);
        var diff = compiler.Update(db.Vif("ls1", "vm1", ["50:54:00:00:01:10 10.0.1.11"]) with { Revision = 2 });

        Assert.Equal(2, diff.UnitsRecompiled); // vm1's own unit and lr1's neighbour unit for vm1
        Assert.All(diff.Removed.Concat(diff.Added), f => Assert.Equal("Logical_Switch_Port vm1", f.Source));
        Assert.Equal(3, diff.Removed.Count);
        Assert.Equal(3, diff.Added.Count);
        Assert.Contains(diff.Added, f => f.Stage.Name == "lr_in_arp_resolve" && f.Match == "outport == \"lr1-ls1\" && reg0 == 10.0.1.11");
        Assert.Single(diff.Ports.Added, p => p.Name == "vm1");
        Assert.True(diff.Datapaths.IsEmpty && diff.MulticastGroups.IsEmpty && diff.AddressSets.IsEmpty && diff.PortGroups.IsEmpty);
    }

    [Fact]
    public void AddressSetChangesNoFlows()
    {
        var db = Topologies.AclsByPortGroup();
        var compiler = new IncrementalCompiler(db);
        var diff = compiler.Update(db.AddressSet("as_db", "10.0.0.21", "10.0.0.23") with { Revision = 2 });
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        Assert.Equal("10.0.0.23", diff.AddressSets.Added.Single().Addresses[1]);
        Assert.Equal("10.0.0.22", diff.AddressSets.Removed.Single().Addresses[1]);
    }

    [Fact]
    public void AclAddedToAPortGroupAppearsOnEachMemberSwitch()
    {
        var db = NbDatabase.Empty.Switch("a").Switch("b").Switch("c")
            .Vif("a", "a1", []).Vif("b", "b1", []).Vif("c", "c1", [])
            .PortGroup("pg", ["a1", "b1"]);
        var compiler = new IncrementalCompiler(db);
        var diff = compiler.Update(db.PortGroup("pg", ["a1", "b1"], new Acl("from-lport", 5, "inport == @pg", "drop")));
        Assert.Empty(diff.Removed);
        Assert.Equal(["a", "b"], diff.Added.Select(f => compiler.Network.Datapaths.Single(d => d.Key == f.Datapath).Name).ToArray());
        Assert.All(diff.Added, f => Assert.Equal((1005, "inport == @pg", "drop;"), (f.Priority, f.Match, f.Actions)));
        Assert.True(diff.PortGroups.IsEmpty); // membership did not change
    }

    [Fact]
    public void RemovingASwitchRemovesEverythingItProduced()
    {
        var db = Topologies.TwoSwitchesOneRouter();
        var compiler = new IncrementalCompiler(db);
        var ls2 = db.Switches["ls2"].TunnelKey;
        var diff = compiler.Update(db with { Switches = db.Switches.Remove("ls2") });
        Assert.DoesNotContain(compiler.Network.Flows, f => f.Datapath == ls2);
        Assert.Equal("ls2", diff.Datapaths.Removed.Single().Name);
        Assert.Equal(["vm2", "ls2-lr1", "lr1-ls2"], diff.Ports.Removed.Select(p => p.Name).ToArray());
        Assert.Contains(diff.Removed, f => f.Stage.Name == "lr_in_arp_resolve" && f.Match.Contains("10.0.2.10", StringComparison.Ordinal));
        // lr1-ls2's binding lost its peer: its old value is removed, its new value added.
        Assert.Equal("ls2-lr1", diff.Ports.Removed.Single(p => p.Name == "lr1-ls2").Peer);
        Assert.Null(diff.Ports.Added.Single(p => p.Name == "lr1-ls2").Peer);
    }
}
