using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>
/// Host views for tests: chassis hv1..hvN with encap IPs 192.168.0.N, tunnel ofport 100+N toward hvN, and
/// VIF ofports numbered 1, 2, ... per host in placement order.
/// </summary>
internal static class Hosts
{
    public static string Chassis(int n) => "hv" + n;

    public static string EncapIp(int n) => "192.168.0." + n;

    public static uint TunnelPort(int toHost) => (uint)(100 + toHost);

    /// <summary>The view of host <paramref name="self"/> given where each VIF lives (port → host number).</summary>
    public static HostView View(LogicalNetwork network, int self, int hosts, IReadOnlyDictionary<string, int> placement)
    {
        var bindings = new List<(string, string, uint?)>();
        var next = new Dictionary<int, uint>();
        foreach (var (port, host) in placement.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            next.TryGetValue(host, out uint n);
            next[host] = ++n;
            bindings.Add((port, Chassis(host), host == self ? n : null));
        }
        var remotes = Enumerable.Range(1, hosts).Where(h => h != self)
            .Select(h => new RemoteChassis(Chassis(h), EncapIp(h), TunnelPort(h)));
        return HostView.Create(Chassis(self), EncapIp(self), remotes, network, bindings);
    }

    /// <summary>The ofport <paramref name="port"/> gets on its host under <see cref="View"/>'s numbering.</summary>
    public static uint OfPort(IReadOnlyDictionary<string, int> placement, string port)
    {
        int host = placement[port];
        return (uint)(placement.Where(p => p.Value == host).Select(p => p.Key).Order(StringComparer.Ordinal).ToList().IndexOf(port) + 1);
    }

    /// <summary>Every port of the network on host 1 of 1.</summary>
    public static HostView AllLocal(LogicalNetwork network) =>
        View(network, 1, 1, network.Ports.Where(p => !p.IsPatch).ToDictionary(p => p.Name, _ => 1));
}
