using Overlay.Northd.Compiler.Nb;

namespace Overlay.Benchmarks.Northd;

/// <summary>The benchmark NB (<see cref="TenantTopology"/>) as ovn-nbctl commands, one transaction per tenant.</summary>
public static class TopologyCommands
{
    public static List<List<string[]>> PerTenant(NbDatabase db, int tenants)
    {
        var transactions = new List<List<string[]>>(tenants);
        for (int t = 0; t < tenants; t++)
        {
            var tx = new List<string[]>();
            var router = db.Routers[$"lr-t{t}"];
            tx.Add(["lr-add", router.Name]);
            foreach (var lrp in router.Ports.Values.OrderBy(p => p.TunnelKey))
                tx.Add(["lrp-add", router.Name, lrp.Name, lrp.Mac, .. lrp.Networks]);
            foreach (var route in router.StaticRoutes)
                tx.Add(["lr-route-add", router.Name, route.IpPrefix, route.Nexthop]);
            foreach (var sw in db.Switches.Values.Where(s => s.Name.StartsWith($"ls-t{t}-", StringComparison.Ordinal)).OrderBy(s => s.TunnelKey))
            {
                tx.Add(["ls-add", sw.Name]);
                foreach (var p in sw.Ports.Values.OrderBy(p => p.TunnelKey))
                {
                    tx.Add(["lsp-add", sw.Name, p.Name]);
                    if (p.Type != PortTypes.Vif) tx.Add(["lsp-set-type", p.Name, p.Type]);
                    if (p.Options.Count > 0) tx.Add(["lsp-set-options", p.Name, .. p.Options.Select(o => $"{o.Key}={o.Value}")]);
                    if (p.Addresses.Count > 0) tx.Add(["lsp-set-addresses", p.Name, .. p.Addresses]);
                    if (p.PortSecurity.Count > 0) tx.Add(["lsp-set-port-security", p.Name, .. p.PortSecurity]);
                }
            }
            var set = db.AddressSets[$"as_t{t}"];
            tx.Add(["create", "Address_Set", $"name={set.Name}", "addresses=[" + string.Join(",", set.Addresses.Select(a => $"\"{a}\"")) + "]"]);
            var pg = db.PortGroups[$"pg_t{t}"];
            tx.Add(["pg-add", pg.Name, .. pg.Ports]);
            foreach (var acl in pg.Acls)
                tx.Add(["--type=port-group", "acl-add", pg.Name, acl.Direction, acl.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture), acl.Match, acl.Action]);
            transactions.Add(tx);
        }
        return transactions;
    }
}
