using System.Globalization;
using System.Text;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>
/// The read commands' table output, in ovn-nbctl's layouts where it has one (show, ls-list, lsp-list, lr-list,
/// lrp-list, acl-list, lr-route-list). We have no row UUIDs: a datapath's id is its tunnel key shaped like a
/// UUID (as lflow-list prints it), a port's id adds its port key in the second group. Lists are by name.
/// </summary>
public static class NbText
{
    public static string PortId(uint datapathKey, uint portKey) =>
        datapathKey.ToString("x8", CultureInfo.InvariantCulture) + "-" + portKey.ToString("x4", CultureInfo.InvariantCulture) + "-0000-0000-000000000000";

    /// <summary><c>show [SWITCH|ROUTER]</c>: switches then routers, each with its ports.</summary>
    public static string Show(NbDatabase db, string? only = null)
    {
        var sb = new StringBuilder();
        foreach (var sw in db.Switches.Values.Where(s => only is null || s.Name == only))
        {
            sb.Append("switch ").Append(LflowListFormatter.DatapathId(sw.TunnelKey)).Append(" (").Append(sw.Name).Append(")\n");
            foreach (var p in sw.Ports.Values)
            {
                sb.Append("    port ").Append(p.Name).Append('\n');
                if (p.Type.Length > 0) sb.Append("        type: ").Append(p.Type).Append('\n');
                if (p.RouterPort is { } rp) sb.Append("        router-port: ").Append(rp).Append('\n');
                if (p.Addresses.Count > 0) sb.Append("        addresses: ").Append(Quoted(p.Addresses)).Append('\n');
                if (!p.Enabled) sb.Append("        enabled: false\n");
            }
        }
        foreach (var lr in db.Routers.Values.Where(r => only is null || r.Name == only))
        {
            sb.Append("router ").Append(LflowListFormatter.DatapathId(lr.TunnelKey)).Append(" (").Append(lr.Name).Append(")\n");
            foreach (var p in lr.Ports.Values)
            {
                sb.Append("    port ").Append(p.Name).Append('\n');
                sb.Append("        mac: \"").Append(p.Mac).Append("\"\n");
                sb.Append("        networks: ").Append(Quoted(p.Networks)).Append('\n');
                if (p.Peer is { } peer) sb.Append("        peer: ").Append(peer).Append('\n');
            }
        }
        return sb.ToString();
    }

    public static string SwitchList(NbDatabase db) =>
        Lines(db.Switches.Values.Select(s => $"{LflowListFormatter.DatapathId(s.TunnelKey)} ({s.Name})"));

    public static string RouterList(NbDatabase db) =>
        Lines(db.Routers.Values.Select(r => $"{LflowListFormatter.DatapathId(r.TunnelKey)} ({r.Name})"));

    public static string SwitchPortList(LogicalSwitch sw) =>
        Lines(sw.Ports.Values.Select(p => $"{PortId(sw.TunnelKey, p.TunnelKey)} ({p.Name})"));

    public static string RouterPortList(LogicalRouter lr) =>
        Lines(lr.Ports.Values.Select(p => $"{PortId(lr.TunnelKey, p.TunnelKey)} ({p.Name})"));

    /// <summary><c>acl-list</c>: direction right-aligned in 10, priority in 5, (match), verdict; from-lport first, high priority first.</summary>
    public static string AclList(IEnumerable<Acl> acls) =>
        Lines(acls.Order(NbOrder.Acls).Select(a =>
            $"{a.Direction,10} {a.Priority,5} ({a.Match}) {a.Action}" + (a.Name is null ? "" : $" name={a.Name}")));

    /// <summary><c>lr-route-list</c>: per family a heading, then prefix and next hop right-aligned in 25, policy, output port.</summary>
    public static string RouteList(LogicalRouter lr)
    {
        var sb = new StringBuilder();
        foreach (var (family, v6) in new[] { ("IPv4", false), ("IPv6", true) })
        {
            var routes = lr.StaticRoutes.Where(r => r.IpPrefix.Contains(':') == v6)
                .OrderByDescending(PrefixLength).ThenBy(r => r.IpPrefix, StringComparer.Ordinal).ThenBy(r => r.Policy, StringComparer.Ordinal).ToList();
            if (routes.Count == 0) continue;
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(family).Append(" Routes\nRoute Table <main>:\n");
            foreach (var r in routes)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{r.IpPrefix,25} {r.Nexthop,25} {r.Policy}");
                if (r.OutputPort is { } port) sb.Append(' ').Append(port);
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary><c>pg-list</c> (ovn-nbctl has none): name, ports, number of ACLs, as a table.</summary>
    public static string PortGroupList(NbDatabase db) =>
        Table(["NAME", "PORTS", "ACLS"], db.PortGroups.Values.Select(pg =>
            new[] { pg.Name, pg.Ports.Count == 0 ? "-" : string.Join(",", pg.Ports), pg.Acls.Count.ToString(CultureInfo.InvariantCulture) }));

    /// <summary>Columns padded to their widest cell, two spaces apart; the last column is not padded.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in all)
        {
            for (int i = 0; i < row.Count; i++)
            {
                if (i < row.Count - 1) sb.Append(row[i].PadRight(widths[i] + 2));
                else sb.Append(row[i]);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static int PrefixLength(StaticRoute r)
    {
        int slash = r.IpPrefix.IndexOf('/');
        if (slash < 0) return r.IpPrefix.Contains(':') ? 128 : 32;
        return int.TryParse(r.IpPrefix.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
    }

    private static string Quoted(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => "\"" + i + "\"")) + "]";

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
}
