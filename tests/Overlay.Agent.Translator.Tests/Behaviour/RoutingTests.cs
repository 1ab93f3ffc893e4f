using Overlay.Agent.Translator.Tests.Support;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Behaviour;

/// <summary>Switch → router → switch, all on the sending host (patch ports re-enter the peer datapath in one pass).</summary>
public class RoutingTests
{
    private const string P1Mac = "50:54:00:00:00:01", Q1Mac = "50:54:00:00:01:01", Lr0Sw0Mac = "00:00:00:00:ff:01", Lr0Sw1Mac = "00:00:00:00:ff:02";

    private static Fabric Fabric(int p1, int p2, int q1) =>
        new(Networks.Compile(Networks.Router), 3, new Dictionary<string, int> { ["p1"] = p1, ["p2"] = p2, ["q1"] = q1 });

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    public void A_routed_packet_arrives_with_the_router_mac_and_one_less_ttl(int q1Host, int hops)
    {
        var fabric = Fabric(1, 1, q1Host);
        var d = Assert.Single(fabric.Send("p1", Packets.Tcp4(P1Mac, Lr0Sw0Mac, "10.0.0.1", "10.0.1.11", 80, ttl: 64)));
        Assert.Equal((q1Host, "q1"), (d.Host, d.Port));
        Assert.Equal(63u, (uint)d.Packet[OfFields.IpTtl]);
        Assert.Equal(Packets.Mac(Lr0Sw1Mac), d.Packet[OfFields.EthSrc]);
        Assert.Equal(Packets.Mac(Q1Mac), d.Packet[OfFields.EthDst]);
        Assert.Equal(hops, fabric.Hops.Count);
    }

    [Fact]
    public void The_tunnel_carries_the_destination_switch_and_the_router_port_as_inport()
    {
        var network = Networks.Compile(Networks.Router);
        var fabric = Fabric(1, 1, 2);
        fabric.Send("p1", Packets.Tcp4(P1Mac, Lr0Sw0Mac, "10.0.0.1", "10.0.1.11", 80));
        var hop = Assert.Single(fabric.Hops);
        var sw1 = network.Datapaths.Single(d => d.Name == "sw1");
        uint Key(string port) => network.Ports.Single(p => p.Name == port).Key;
        Assert.Equal(sw1.Key, hop.TunId);
        Assert.Equal(Geneve.Pack(Key("sw1-lr0"), Key("q1")), hop.Metadata0);
    }

    [Fact]
    public void Ttl_expiry_stops_the_packet_at_the_router()
    {
        var fabric = Fabric(1, 1, 1);
        Assert.Empty(fabric.Send("p1", Packets.Tcp4(P1Mac, Lr0Sw0Mac, "10.0.0.1", "10.0.1.11", 80, ttl: 1)));
    }

    [Fact]
    public void The_router_answers_pings_to_its_address_back_out_the_same_vif()
    {
        var fabric = Fabric(1, 2, 2);
        var d = Assert.Single(fabric.Send("p1", Packets.Icmp4(P1Mac, Lr0Sw0Mac, "10.0.0.1", "10.0.0.254")));
        Assert.Equal((1, "p1"), (d.Host, d.Port));
        Assert.Equal(0u, (uint)d.Packet[OfFields.Icmpv4Type]);
        Assert.Equal(Packets.Ip("10.0.0.254"), d.Packet[OfFields.Ipv4Src]);
        Assert.Equal(Packets.Ip("10.0.0.1"), d.Packet[OfFields.Ipv4Dst]);
        Assert.Equal(Packets.Mac(P1Mac), d.Packet[OfFields.EthDst]);
        Assert.Empty(fabric.Hops);
    }

    [Fact]
    public void The_router_answers_arp_for_its_address()
    {
        var fabric = Fabric(1, 2, 2);
        var d = Assert.Single(fabric.Send("p1", Packets.ArpRequest(P1Mac, "10.0.0.1", "10.0.0.254")));
        Assert.Equal((1, "p1"), (d.Host, d.Port));
        Assert.Equal(Packets.Mac(Lr0Sw0Mac), d.Packet[OfFields.ArpSha]);
        Assert.Equal(2u, (uint)d.Packet[OfFields.ArpOp]);
    }

    [Fact]
    public void Only_datapaths_reachable_from_a_local_port_are_translated()
    {
        var network = Networks.Compile(Networks.Router + "\nls-add island\nlsp-add island i1 -- lsp-set-addresses i1 \"50:54:00:00:09:01 10.9.0.1\"\n");
        var placement = new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["q1"] = 1, ["i1"] = 2 };
        string[] Names(int host) => [.. Translator.Translate(Hosts.View(network, host, 3, placement)).Datapaths
            .Select(k => network.Datapaths.Single(d => d.Key == k).Name).Order()];
        Assert.Equal(["lr0", "sw0", "sw1"], Names(1));
        Assert.Equal(["island"], Names(2));
        Assert.Empty(Names(3));
        var empty = Translator.Translate(Hosts.View(network, 3, 3, placement));
        Assert.DoesNotContain(empty.Flows, f => f.Origin is LogicalFlowOrigin);
        Assert.Equal(2, empty.Tunnels.Length);
    }

    [Fact]
    public void A_host_sent_only_its_datapaths_translates_as_from_the_whole_network()
    {
        // The bindings still cover every port: the index finds the local datapaths among a few ports and many bindings.
        var network = Networks.Compile(Networks.Router + "\nls-add island\nlsp-add island i1 -- lsp-set-addresses i1 \"50:54:00:00:09:01 10.9.0.1\"\n");
        var placement = new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["q1"] = 1, ["i1"] = 2 };
        foreach (int host in new[] { 1, 2 })
        {
            var whole = Translator.Translate(Hosts.View(network, host, 3, placement));
            var mine = whole.Datapaths.ToHashSet();
            var sent = network with
            {
                Datapaths = [.. network.Datapaths.Where(d => mine.Contains(d.Key))],
                Ports = [.. network.Ports.Where(p => mine.Contains(p.Datapath))],
                MulticastGroups = [.. network.MulticastGroups.Where(g => mine.Contains(g.Datapath))],
                Flows = [.. network.Flows.Where(f => mine.Contains(f.Datapath))],
            };
            var fromSent = Translator.Translate(Hosts.View(sent, host, 3, placement));
            Assert.NotEmpty(whole.Flows.Where(f => f.Origin is LogicalFlowOrigin));
            Assert.Equal(whole.Datapaths.ToArray(), fromSent.Datapaths.ToArray());
            Assert.Equal(whole.Flows.Select(f => f.Flow.ToString()), fromSent.Flows.Select(f => f.Flow.ToString()));
        }
    }
}
