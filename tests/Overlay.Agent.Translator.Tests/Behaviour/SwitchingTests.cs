using Overlay.Agent.Translator.Tests.Support;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Behaviour;

/// <summary>Where packets go on one logical switch spread over hosts, run on the translated flows of every host.</summary>
public class SwitchingTests
{
    private const string Mac1 = "50:54:00:00:00:01", Mac2 = "50:54:00:00:00:02", Mac3 = "50:54:00:00:00:03";

    private static Fabric Fabric(int p1, int p2, int p3) =>
        new(Networks.Compile(Networks.SingleSwitch), 3, new Dictionary<string, int> { ["p1"] = p1, ["p2"] = p2, ["p3"] = p3 });

    [Fact]
    public void Unicast_on_the_same_host_goes_straight_to_the_vif()
    {
        var fabric = Fabric(1, 1, 2);
        var d = Assert.Single(fabric.Send("p1", Packets.Icmp4(Mac1, Mac2, "10.0.0.1", "10.0.0.2")));
        Assert.Equal((1, "p2"), (d.Host, d.Port));
        Assert.Equal(Packets.Mac(Mac2), d.Packet[OfFields.EthDst]);
        Assert.Empty(fabric.Hops);
    }

    [Fact]
    public void Unicast_to_another_host_is_one_geneve_hop_with_datapath_and_ports()
    {
        var network = Networks.Compile(Networks.SingleSwitch);
        var fabric = Fabric(1, 2, 3);
        var d = Assert.Single(fabric.Send("p1", Packets.Icmp4(Mac1, Mac2, "10.0.0.1", "10.0.0.2")));
        Assert.Equal((2, "p2"), (d.Host, d.Port));
        var hop = Assert.Single(fabric.Hops);
        var sw0 = network.Datapaths.Single(dp => dp.Name == "sw0");
        uint Key(string port) => network.Ports.Single(p => p.Name == port).Key;
        Assert.Equal((1, 2, sw0.Key, Geneve.Pack(Key("p1"), Key("p2"))), (hop.From, hop.To, hop.TunId, hop.Metadata0));
    }

    [Fact]
    public void Broadcast_is_replicated_once_per_remote_host_and_to_local_members()
    {
        var fabric = Fabric(1, 2, 1);
        var arp = Packets.ArpRequest(Mac1, "10.0.0.1", "10.0.0.99");
        var deliveries = fabric.Send("p1", arp);
        Assert.Equal(["1:p3", "2:p2"], deliveries.Select(d => $"{d.Host}:{d.Port}").Order());
        var hop = Assert.Single(fabric.Hops);
        Assert.Equal(Overlay.Logical.Keys.McFlood, hop.Metadata0 & 0xffff);
    }

    [Fact]
    public void Broadcast_reaches_each_remote_host_once_even_with_several_members_there()
    {
        var fabric = Fabric(1, 2, 2);
        var deliveries = fabric.Send("p1", Packets.ArpRequest(Mac1, "10.0.0.1", "10.0.0.99"));
        Assert.Equal(["2:p2", "2:p3"], deliveries.Select(d => $"{d.Host}:{d.Port}").Order());
        Assert.Single(fabric.Hops);
    }

    [Fact]
    public void The_arp_responder_answers_out_of_the_port_the_request_came_in()
    {
        var fabric = Fabric(1, 2, 3);
        var d = Assert.Single(fabric.Send("p1", Packets.ArpRequest(Mac1, "10.0.0.1", "10.0.0.2")));
        Assert.Equal((1, "p1"), (d.Host, d.Port));
        Assert.Equal(2u, (uint)d.Packet[OfFields.ArpOp]);
        Assert.Equal(Packets.Mac(Mac2), d.Packet[OfFields.EthSrc]);
        Assert.Equal(Packets.Mac(Mac1), d.Packet[OfFields.EthDst]);
        Assert.Equal(Packets.Mac(Mac2), d.Packet[OfFields.ArpSha]);
        Assert.Equal(Packets.Ip("10.0.0.2"), d.Packet[OfFields.ArpSpa]);
        Assert.Equal(Packets.Ip("10.0.0.1"), d.Packet[OfFields.ArpTpa]);
        Assert.Empty(fabric.Hops);
    }

    [Fact]
    public void Unknown_destinations_are_dropped()
    {
        var fabric = Fabric(1, 2, 3);
        Assert.Empty(fabric.Send("p1", Packets.Icmp4(Mac1, "50:54:00:00:00:99", "10.0.0.1", "10.0.0.9")));
        Assert.Empty(fabric.Hops);
    }

    [Fact]
    public void A_packet_from_a_tunnel_is_never_tunnelled_again()
    {
        // hv2 receives a copy addressed to p3, which lives on hv3: hv2 must drop it, not forward it.
        var network = Networks.Compile(Networks.SingleSwitch);
        var view = Hosts.View(network, 2, 3, new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["p3"] = 3 });
        var sw = new OfSwitch(Translator.Translate(view).Flows.Select(f => f.Flow));
        uint Key(string port) => network.Ports.Single(p => p.Name == port).Key;
        var p = Packets.Icmp4(Mac1, Mac3, "10.0.0.1", "10.0.0.3");
        p[OfFields.InPort] = Hosts.TunnelPort(1);
        p[OfFields.TunId] = network.Datapaths.Single().Key;
        p[OfFields.TunMetadata(0)] = Geneve.Pack(Key("p1"), Key("p3"));
        Assert.Empty(sw.Run(p));
        p[OfFields.TunMetadata(0)] = Geneve.Pack(Key("p1"), Key("p2"));
        Assert.Equal(Hosts.OfPort(new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["p3"] = 3 }, "p2"), Assert.Single(sw.Run(p)).Port);
    }
}
