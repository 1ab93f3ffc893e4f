using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Benchmarks;

/// <summary>
/// The benchmark NB: per tenant one router, 4 switches × 25 VIFs (MAC + IP addresses, port security),
/// each switch attached to the router, a port group of the tenant's 100 VIFs with 7 ACLs, an address
/// set, and 2 static routes. Tenants reuse the same private subnets (10.0.0.0/24 .. 10.0.3.0/24).
/// </summary>
public static class TenantTopology
{
    public const int SwitchesPerTenant = 4;
    public const int PortsPerSwitch = 25;

    private static readonly ImmutableSortedDictionary<string, string> NoOptions = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public static NbDatabase Build(int tenants)
    {
        var switches = ImmutableSortedDictionary.CreateBuilder<string, LogicalSwitch>(StringComparer.Ordinal);
        var routers = ImmutableSortedDictionary.CreateBuilder<string, LogicalRouter>(StringComparer.Ordinal);
        var groups = ImmutableSortedDictionary.CreateBuilder<string, PortGroup>(StringComparer.Ordinal);
        var sets = ImmutableSortedDictionary.CreateBuilder<string, AddressSet>(StringComparer.Ordinal);
        uint datapathKey = 1;
        for (int t = 0; t < tenants; t++)
        {
            string router = $"lr-t{t}";
            var routerPorts = ImmutableSortedDictionary.CreateBuilder<string, RouterPort>(StringComparer.Ordinal);
            var members = new List<string>(SwitchesPerTenant * PortsPerSwitch);
            for (int s = 0; s < SwitchesPerTenant; s++)
            {
                string sw = $"ls-t{t}-s{s}", lrp = $"lrp-t{t}-s{s}", link = $"rp-t{t}-s{s}";
                var ports = ImmutableSortedDictionary.CreateBuilder<string, SwitchPort>(StringComparer.Ordinal);
                for (int p = 0; p < PortsPerSwitch; p++)
                {
                    string name = $"vif-t{t}-s{s}-p{p}";
                    string address = $"{VifMac(t, s, p)} {VifIp(s, p)}";
                    ports[name] = new SwitchPort(name, PortTypes.Vif, ValueArray.Create(address), ValueArray.Create(address), NoOptions, (uint)p + 1);
                    members.Add(name);
                }
                ports[link] = new SwitchPort(link, PortTypes.Router, ValueArray.Create("router"), ValueArray<string>.Empty,
                    NoOptions.SetItem("router-port", lrp), PortsPerSwitch + 1);
                switches[sw] = new LogicalSwitch(sw, datapathKey++, ports.ToImmutable(), ValueArray<Acl>.Empty);
                routerPorts[lrp] = new RouterPort(lrp, $"02:00:{t >> 8:x2}:{t & 0xff:x2}:{s:x2}:01", ValueArray.Create($"10.0.{s}.1/24"), null, (uint)s + 1);
            }
            var routes = ValueArray.Create(new StaticRoute("0.0.0.0/0", "10.0.0.254"), new StaticRoute("192.168.0.0/16", "10.0.1.254"));
            routers[router] = new LogicalRouter(router, datapathKey++, routerPorts.ToImmutable(), routes);
            string pg = $"pg_t{t}", set = $"as_t{t}";
            groups[pg] = new PortGroup(pg, members.ToValueArray(), Acls(pg, set));
            sets[set] = new AddressSet(set, Enumerable.Range(0, PortsPerSwitch).Select(p => VifIp(0, p)).ToValueArray());
        }
        return new NbDatabase(1, switches.ToImmutable(), routers.ToImmutable(), sets.ToImmutable(), groups.ToImmutable());
    }

    public static string VifMac(int tenant, int sw, int port) => $"0a:{tenant >> 8:x2}:{tenant & 0xff:x2}:{sw:x2}:{port >> 8:x2}:{port & 0xff:x2}";

    public static string VifIp(int sw, int port) => $"10.0.{sw}.{port + 10}";

    private static ValueArray<Acl> Acls(string pg, string set) => ValueArray.Create(
        new Acl("to-lport", 1000, $"outport == @{pg} && ip4 && ip4.src == ${set}", "allow-related"),
        new Acl("to-lport", 999, $"outport == @{pg} && ip4 && tcp.dst == 22", "allow"),
        new Acl("to-lport", 998, $"outport == @{pg} && ip4 && tcp.dst == {{80, 443}}", "allow"),
        new Acl("to-lport", 997, $"outport == @{pg} && icmp4", "allow"),
        new Acl("to-lport", 900, $"outport == @{pg} && ip4", "drop"),
        new Acl("from-lport", 1000, $"inport == @{pg} && ip4", "allow-related"),
        new Acl("from-lport", 900, $"inport == @{pg} && udp.dst == 53", "allow"));
}
