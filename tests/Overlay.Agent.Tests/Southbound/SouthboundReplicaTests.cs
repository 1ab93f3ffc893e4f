using Overlay.Agent.Southbound;
using Overlay.Agent.Tests.Support;
using Overlay.Agent.View;
using Overlay.Contracts.Sb;
using Overlay.Logical;
using LogicalFlow = Overlay.Logical.LogicalFlow;

namespace Overlay.Agent.Tests.Southbound;

public sealed class SouthboundReplicaTests
{
    private static string[] FlowTexts(LogicalNetwork n) => [.. n.Flows.Select(f => $"{f.IdText} {f.Stage.Name} {f.Priority} {f.Match} {f.Actions}").Order(StringComparer.Ordinal)];

    [Fact]
    public void AFullUpdateIsHeldAsSent()
    {
        var replica = new SouthboundReplica();
        LogicalNetwork network = Networks.Switch();

        ReplicaChange change = replica.Apply(SbUpdates.Full(5, network));

        Assert.Equal(new ReplicaChange(5, true, true), change);
        Assert.Equal(5, replica.Revision);
        Assert.Equal(FlowTexts(network), FlowTexts(replica.Network));
        Assert.Equal([.. network.Datapaths], replica.Network.Datapaths.ToArray());
        Assert.Equal([.. network.Ports], replica.Network.Ports.ToArray());
        Assert.Equal([.. network.MulticastGroups], replica.Network.MulticastGroups.ToArray());
        ViewDocument doc = replica.ToDocument("hv1", "192.168.0.1");
        Assert.Equal(["hv1", "hv2", "hv3"], doc.Remotes.Select(r => r.Name));
        Assert.Equal([("p1", "hv1"), ("p2", "hv1"), ("p3", "hv2")], doc.Bindings.Select(b => (b.Port, b.Chassis)));
        Assert.Equal(["p1", "p2"], replica.PortsBoundTo("hv1").ToArray());
    }

    [Fact]
    public void DeltasUpsertAndRemoveByKey()
    {
        var replica = new SouthboundReplica();
        LogicalNetwork network = Networks.Switch();
        replica.Apply(SbUpdates.Full(1, network));
        LogicalFlow dropped = network.Flows.Single(f => f.Match == $"eth.dst == {Networks.Mac(3)}");

        var delta = SbUpdates.Delta(2, added: [Networks.DropSsh], removed: [dropped]);
        delta.Chassis.Add(new Chassis { Name = "hv2", EncapIp = "192.168.0.22" }); // Changed encap IP.
        delta.RemovedChassis.Add("hv3");
        delta.PortBindings.Add(SbConvert.ToProto(network.Ports[2], "hv1")); // p3 moves here.
        delta.RemovedPortBindings.Add("p2");
        delta.AddressSets.Add(new AddressSet { Name = "web", Addresses = { "10.0.0.1" } });
        delta.PortGroups.Add(new PortGroup { Name = "pg", Ports = { "p1" } });
        delta.RemovedMulticastGroups.Add(new MulticastGroupRef { Datapath = 1, Name = Keys.McFloodName });
        ReplicaChange change = replica.Apply(delta);

        Assert.True(change.Changed);
        Assert.False(change.Full);
        Assert.Equal(2, replica.Revision);
        Assert.Contains(replica.Network.Flows, f => f.Id == Networks.DropSsh.Id);
        Assert.DoesNotContain(replica.Network.Flows, f => f.Id == dropped.Id);
        Assert.Equal(network.Flows.Length, replica.FlowCount);
        Assert.Equal(new Dictionary<string, string> { ["hv1"] = "192.168.0.1", ["hv2"] = "192.168.0.22" }, replica.Chassis);
        Assert.Equal(["p1", "p3"], replica.Network.Ports.Select(p => p.Name));
        Assert.Equal(["p1", "p3"], replica.PortsBoundTo("hv1").ToArray());
        Assert.Empty(replica.Network.MulticastGroups);
        Assert.Equal([new AddressSetBinding("web", ValueArray.Create("10.0.0.1"))], replica.Network.AddressSets.ToArray());
        Assert.Equal([new PortGroupBinding("pg", ValueArray.Create("p1"))], replica.Network.PortGroups.ToArray());

        // Removing what is not held is harmless (northd may repeat itself across a resubscription).
        var again = SbUpdates.Delta(3, removed: [dropped]);
        Assert.False(replica.Apply(again).Changed);
        Assert.Equal(3, replica.Revision);
    }

    [Fact]
    public void FlowsAreListedByDatapathHoweverDeltasCame()
    {
        static LogicalFlow Flow(uint datapath, int port) =>
            LogicalFlow.Create(datapath, Stages.LsInAcl, 1000, $"tcp.dst == {port}", "drop;", "test");
        var replica = new SouthboundReplica();
        replica.Apply(SbUpdates.Full(1, Networks.Switch() with { Flows = [Flow(1, 1), Flow(1, 2), Flow(2, 3), Flow(3, 4)] }));

        // A plain dictionary gives the room of removed flows to later ones: flow 6 (datapath 2) and 7 (datapath 1)
        // would be listed before datapath 3's.
        replica.Apply(SbUpdates.Delta(2, added: [Flow(3, 5), Flow(2, 6)], removed: [Flow(1, 1)]));
        replica.Apply(SbUpdates.Delta(3, added: [Flow(1, 7)], removed: [Flow(2, 3)]));

        LogicalNetwork network = replica.Network;
        Assert.True(network.FlowsByDatapath);
        Assert.Equal([1u, 1u, 2u, 3u, 3u], network.Flows.Select(f => f.Datapath));
        Assert.Equal(["tcp.dst == 2", "tcp.dst == 4", "tcp.dst == 5", "tcp.dst == 6", "tcp.dst == 7"], network.Flows.Select(f => f.Match).Order(StringComparer.Ordinal));
        Assert.Equal(5, replica.FlowCount);
    }

    [Fact]
    public void AFullUpdateReplacesEverything()
    {
        var replica = new SouthboundReplica();
        replica.Apply(SbUpdates.Full(1, Networks.Switch(ports: 3, extra: [Networks.DropSsh])));
        LogicalNetwork smaller = Networks.Switch(ports: 1);

        replica.Apply(SbUpdates.Full(9, smaller, bound: new Dictionary<string, string> { ["p1"] = "hv1" }, chassis: [("hv1", "192.168.0.1")]));

        Assert.Equal(FlowTexts(smaller), FlowTexts(replica.Network));
        Assert.Equal(["p1"], replica.Network.Ports.Select(p => p.Name));
        Assert.Equal(["hv1"], replica.Chassis.Keys);
        Assert.Equal(9, replica.Network.Revision);
    }

    [Fact]
    public void AnUpdateThatChangesNothingKeepsTheSameNetworkObject()
    {
        var replica = new SouthboundReplica();
        replica.Apply(SbUpdates.Full(1, Networks.Switch()));
        LogicalNetwork before = replica.Network;

        Assert.False(replica.Apply(SbUpdates.Delta(2)).Changed);
        Assert.False(replica.Apply(SbUpdates.Heartbeat(3)).Changed);

        Assert.Same(before, replica.Network);
        Assert.Equal(3, replica.Revision);
        Assert.Equal(1, replica.ContentRevision);
    }

    [Fact]
    public void AMalformedUpdateChangesNothing()
    {
        var replica = new SouthboundReplica();
        replica.Apply(SbUpdates.Full(1, Networks.Switch()));
        LogicalNetwork before = replica.Network;

        var unknownStage = SbUpdates.Delta(2, added: [Networks.DropSsh], removed: [before.Flows[0]]);
        unknownStage.LogicalFlows.Add(new Overlay.Contracts.Sb.LogicalFlow { Id = 1, Datapath = 1, Stage = "ls_in_nonsense", Priority = 1, Match = "1", Actions = "next;" });
        var badId = SbUpdates.Delta(2, added: [Networks.DropSsh]);
        badId.LogicalFlows[0].Id ^= 1;
        var older = SbUpdates.Delta(0, added: [Networks.DropSsh]);

        Assert.Contains("ls_in_nonsense", Assert.Throws<FormatException>(() => replica.Apply(unknownStage)).Message, StringComparison.Ordinal);
        Assert.Contains("does not match", Assert.Throws<FormatException>(() => replica.Apply(badId)).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => replica.Apply(older));
        Assert.Same(before, replica.Network);
        Assert.Equal(1, replica.Revision);
    }

    [Fact]
    public void TheCachedDocumentRestoresTheReplicaAtItsRevision()
    {
        var replica = new SouthboundReplica();
        replica.Apply(SbUpdates.Full(4, Networks.Switch(extra: [Networks.DropSsh])));
        replica.Apply(SbUpdates.Heartbeat(7));

        ViewLoadResult loaded = ViewJson.Read(ViewJson.Write(replica.ToDocument("hv1", "192.168.0.1", replica.Revision)));
        SouthboundReplica restored = SouthboundReplica.FromDocument(loaded.Document!);

        Assert.True(loaded.Ok, string.Join("; ", loaded.Problems));
        Assert.Equal(7, restored.Revision);
        Assert.Equal(FlowTexts(replica.Network), FlowTexts(restored.Network));
        Assert.Equal(replica.Chassis, restored.Chassis);
        Assert.Equal(replica.PortsBoundTo("hv1").ToArray(), restored.PortsBoundTo("hv1").ToArray());
        Assert.Equal(replica.ToDocument("hv1", "192.168.0.1").Bindings.ToArray(), restored.ToDocument("hv1", "192.168.0.1").Bindings.ToArray());
    }
}
