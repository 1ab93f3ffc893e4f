using System.Text;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Writes an NB database as an ovn-nbctl script that <see cref="NbScript.Load"/> turns back into an equal
/// model. Datapaths (switches and routers together) and ports are created in tunnel key order, so the
/// keys come back the same whenever the key spaces have no holes.
/// </summary>
public static class NbScriptWriter
{
    public static string Write(NbDatabase db)
    {
        var sb = new StringBuilder();
        void Line(params string[] words) => sb.AppendLine(string.Join(" ", words.Select(ShellWords.Quote)));

        var datapaths = db.Switches.Values.Select(s => (s.TunnelKey, Switch: (LogicalSwitch?)s, Router: (LogicalRouter?)null))
            .Concat(db.Routers.Values.Select(r => (r.TunnelKey, Switch: (LogicalSwitch?)null, Router: (LogicalRouter?)r)))
            .OrderBy(d => d.TunnelKey).ToList();
        foreach (var (_, sw, lr) in datapaths)
            if (sw is not null) Line("ls-add", sw.Name);
            else Line("lr-add", lr!.Name);

        foreach (var sw in db.Switches.Values.OrderBy(s => s.TunnelKey))
            foreach (var p in sw.Ports.Values.OrderBy(p => p.TunnelKey))
            {
                Line("lsp-add", sw.Name, p.Name);
                if (p.Type != PortTypes.Vif) Line("lsp-set-type", p.Name, p.Type);
                if (p.Options.Count > 0) Line(["lsp-set-options", p.Name, .. p.Options.Select(o => $"{o.Key}={o.Value}")]);
                if (p.Addresses.Count > 0) Line(["lsp-set-addresses", p.Name, .. p.Addresses]);
                if (p.PortSecurity.Count > 0) Line(["lsp-set-port-security", p.Name, .. p.PortSecurity]);
                if (!p.Enabled) Line("lsp-set-enabled", p.Name, "disabled");
            }
        foreach (var lr in db.Routers.Values.OrderBy(r => r.TunnelKey))
        {
            foreach (var p in lr.Ports.Values.OrderBy(p => p.TunnelKey))
                Line(["lrp-add", lr.Name, p.Name, p.Mac, .. p.Networks, .. (p.Peer is null ? Array.Empty<string>() : [$"peer={p.Peer}"])]);
            foreach (var r in lr.StaticRoutes)
                Line([.. (r.Policy == "dst-ip" ? Array.Empty<string>() : [$"--policy={r.Policy}"]), "lr-route-add", lr.Name, r.IpPrefix, r.Nexthop,
                    .. (r.OutputPort is null ? Array.Empty<string>() : [r.OutputPort])]);
        }
        foreach (var set in db.AddressSets.Values)
        {
            var words = new List<string> { "create", "Address_Set", "name=" + OvsdbStrings.Quote(set.Name) };
            if (set.Addresses.Count > 0) words.Add("addresses=" + string.Join(",", set.Addresses.Select(OvsdbStrings.Quote)));
            Line([.. words]);
        }
        foreach (var pg in db.PortGroups.Values) Line(["pg-add", pg.Name, .. pg.Ports]);
        foreach (var sw in db.Switches.Values)
            foreach (var acl in sw.Acls) Line(AclWords("switch", sw.Name, acl));
        foreach (var pg in db.PortGroups.Values)
            foreach (var acl in pg.Acls) Line(AclWords("port-group", pg.Name, acl));
        return sb.ToString();
    }

    private static string[] AclWords(string type, string entity, Acl acl) =>
        [$"--type={type}", .. (acl.Name is null ? Array.Empty<string>() : [$"--name={acl.Name}"]), "acl-add", entity,
            acl.Direction, acl.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture), acl.Match, acl.Action];
}
