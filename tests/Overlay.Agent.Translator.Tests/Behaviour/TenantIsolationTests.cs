using System.Text;
using Overlay.Agent.Translator.Tests.Support;
using Xunit.Abstractions;

namespace Overlay.Agent.Translator.Tests.Behaviour;

/// <summary>
/// Two tenants with the same subnets, IPs and MACs, spread at random over 3 hosts (fixed seed): whatever a
/// tenant's VM sends — unicast to every address either tenant uses, broadcasts, pings to routers — nothing is
/// ever delivered to the other tenant, checked on the translated flows of all hosts.
/// </summary>
public class TenantIsolationTests(ITestOutputHelper output)
{
    private sealed record Vm(string Name, string Mac, string Ip, string Gateway, string GatewayMac);

    [Fact]
    public void No_packet_crosses_tenants()
    {
        var rng = new Random(7031);
        int delivered = 0, sent = 0;
        for (int round = 0; round < 10; round++)
        {
            var (script, vms) = Topology(rng);
            var network = Networks.Compile(script);
            var placement = vms.ToDictionary(v => v.Name, _ => 1 + rng.Next(3));
            var fabric = new Fabric(network, 3, placement);
            foreach (var src in vms)
            {
                foreach (var packet in Traffic(src, vms))
                {
                    sent++;
                    foreach (var d in fabric.Send(src.Name, packet))
                    {
                        delivered++;
                        Assert.True(d.Port[0] == src.Name[0], $"round {round}: {src.Name} reached {d.Port} on hv{d.Host}\n{script}");
                    }
                }
                // Sanity: the tenant's own neighbours on the same switch are reachable.
                foreach (var peer in vms.Where(v => v != src && v.Name[0] == src.Name[0] && v.Gateway == src.Gateway))
                    Assert.Contains(fabric.Send(src.Name, Packets.Icmp4(src.Mac, peer.Mac, src.Ip, peer.Ip)), d => d.Port == peer.Name);
            }
        }
        output.WriteLine($"{sent} packets sent, {delivered} deliveries, all within their tenant");
        Assert.True(delivered > sent / 4);
    }

    /// <summary>Per tenant: 1-2 switches 10.0.S.0/24 with 1-3 VMs each, a router when there are two switches.</summary>
    private static (string Script, List<Vm> Vms) Topology(Random rng)
    {
        var sb = new StringBuilder();
        var vms = new List<Vm>();
        int switches = 1 + rng.Next(2);
        foreach (var t in new[] { "a", "b" })
        {
            if (switches > 1) sb.AppendLine($"lr-add {t}-lr");
            for (int s = 1; s <= switches; s++)
            {
                string gwMac = $"00:00:00:00:ff:0{s}", gw = $"10.0.{s}.1";
                sb.AppendLine($"ls-add {t}-sw{s}");
                int count = 1 + rng.Next(3);
                for (int v = 1; v <= count; v++)
                {
                    // The same MACs and IPs in both tenants.
                    var vm = new Vm($"{t}-vm{s}{v}", $"50:54:00:00:0{s}:0{v}", $"10.0.{s}.{10 + v}", gw, gwMac);
                    vms.Add(vm);
                    sb.AppendLine($"lsp-add {t}-sw{s} {vm.Name} -- lsp-set-addresses {vm.Name} \"{vm.Mac} {vm.Ip}\"");
                }
                if (switches > 1)
                {
                    sb.AppendLine($"lrp-add {t}-lr {t}-lr-sw{s} {gwMac} {gw}/24");
                    sb.AppendLine($"lsp-add {t}-sw{s} {t}-sw{s}-lr -- lsp-set-type {t}-sw{s}-lr router -- lsp-set-addresses {t}-sw{s}-lr router -- lsp-set-options {t}-sw{s}-lr router-port={t}-lr-sw{s}");
                }
            }
        }
        return (sb.ToString(), vms);
    }

    private static IEnumerable<OfPacket> Traffic(Vm src, List<Vm> vms)
    {
        foreach (var dst in vms.Where(v => v != src))
        {
            bool local = dst.Gateway == src.Gateway;
            yield return Packets.Icmp4(src.Mac, local ? dst.Mac : src.GatewayMac, src.Ip, dst.Ip);
            yield return Packets.Tcp4(src.Mac, dst.Mac, src.Ip, dst.Ip, 22);
            yield return Packets.ArpRequest(src.Mac, src.Ip, dst.Ip);
        }
        yield return Packets.Icmp4(src.Mac, src.GatewayMac, src.Ip, src.Gateway);
        yield return Packets.Icmp4(src.Mac, "ff:ff:ff:ff:ff:ff", src.Ip, "10.0.1.255");
        yield return Packets.Icmp4(src.Mac, "01:00:5e:00:00:01", src.Ip, "224.0.0.1");
        yield return Packets.Icmp4(src.Mac, "50:54:00:00:99:99", src.Ip, "10.0.9.9");
    }
}
