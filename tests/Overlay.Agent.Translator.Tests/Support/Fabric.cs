using Overlay.Logical;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>A packet handed to a VIF: on which host, to which logical port, as it arrived.</summary>
internal sealed record Delivery(int Host, string Port, OfPacket Packet);

/// <summary>One Geneve hop between hosts, as it left the sender.</summary>
internal sealed record TunnelHop(int From, int To, uint TunId, uint Metadata0);

/// <summary>
/// Several hosts, each running its own translation in an <see cref="OfSwitch"/>, joined by Geneve: output to the
/// tunnel port toward host N arrives at host N on its tunnel port from the sender, with tun_id and tun_metadata0.
/// </summary>
internal sealed class Fabric
{
    private readonly Dictionary<int, (HostView View, Translation Translation, OfSwitch Switch)> hosts = [];

    public Fabric(LogicalNetwork network, int count, IReadOnlyDictionary<string, int> placement, TranslatorOptions? options = null)
    {
        Placement = placement;
        for (int h = 1; h <= count; h++)
        {
            var view = Hosts.View(network, h, count, placement);
            var t = Translator.Translate(view, options);
            hosts[h] = (view, t, new OfSwitch(t.Flows.Select(f => f.Flow)));
        }
    }

    public IReadOnlyDictionary<string, int> Placement { get; }

    public List<TunnelHop> Hops { get; } = [];

    public Translation TranslationOf(int host) => hosts[host].Translation;

    /// <summary>Sends <paramref name="packet"/> (headers only) from VIF <paramref name="port"/>; follows tunnels; returns the deliveries.</summary>
    public List<Delivery> Send(string port, OfPacket packet)
    {
        int host = Placement[port];
        var p = packet.OnTheWire(keepTunnel: false);
        p[OfFields.InPort] = Hosts.OfPort(Placement, port);
        var deliveries = new List<Delivery>();
        Process(host, p, deliveries, hops: 0);
        return deliveries;
    }

    private void Process(int host, OfPacket packet, List<Delivery> deliveries, int hops)
    {
        if (hops > 4) throw new InvalidOperationException("packet bounced between hosts");
        var (view, _, sw) = hosts[host];
        foreach (var e in sw.Run(packet))
        {
            if (e.Port is > 100 and <= 200 && e.Port - 100 is var to && hosts.ContainsKey((int)to))
            {
                var wire = e.Packet.OnTheWire(keepTunnel: true);
                wire[OfFields.InPort] = Hosts.TunnelPort(host);
                Hops.Add(new TunnelHop(host, (int)to, (uint)wire[OfFields.TunId], (uint)wire[OfFields.TunMetadata(0)]));
                Process((int)to, wire, deliveries, hops + 1);
                continue;
            }
            var name = view.OfPorts.FirstOrDefault(kv => kv.Value == e.Port).Key
                ?? throw new InvalidOperationException($"host {host} output to unknown port {e.Port}");
            deliveries.Add(new Delivery(host, name, e.Packet.OnTheWire(keepTunnel: false)));
        }
    }
}
