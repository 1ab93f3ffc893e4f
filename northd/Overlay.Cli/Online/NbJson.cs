using System.Globalization;
using System.Text.Json;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>One chassis as chassis-list shows it.</summary>
public sealed record ChassisRow(string Name, string EncapIp, bool Connected, long InstalledRevision, IReadOnlyList<string> Ports);

/// <summary>
/// The read commands' <c>-o json</c> output. The shape is stable: one object with "revision" and one list
/// named after what was listed; objects use the NB column names (snake_case); absent optional values are
/// null, empty sets are []. Documented in the help of each read command and in the README.
/// </summary>
public static class NbJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Write(object document) => JsonSerializer.Serialize(document, Options) + "\n";

    public static object Database(NbDatabase db) => new
    {
        revision = db.Revision,
        switches = db.Switches.Values.Select(Switch),
        routers = db.Routers.Values.Select(Router),
        address_sets = db.AddressSets.Values.Select(a => new { name = a.Name, addresses = a.Addresses.Items }),
        port_groups = db.PortGroups.Values.Select(PortGroup),
    };

    public static object Switch(LogicalSwitch sw) => new
    {
        name = sw.Name,
        tunnel_key = sw.TunnelKey,
        ports = sw.Ports.Values.Select(SwitchPort),
        acls = sw.Acls.Select(Acl),
    };

    public static object SwitchPort(SwitchPort p) => new
    {
        name = p.Name,
        tunnel_key = p.TunnelKey,
        type = p.Type,
        addresses = p.Addresses.Items,
        port_security = p.PortSecurity.Items,
        options = p.Options,
        enabled = p.Enabled,
    };

    public static object Router(LogicalRouter lr) => new
    {
        name = lr.Name,
        tunnel_key = lr.TunnelKey,
        ports = lr.Ports.Values.Select(RouterPort),
        static_routes = lr.StaticRoutes.Select(Route),
    };

    public static object RouterPort(RouterPort p) => new
    {
        name = p.Name,
        tunnel_key = p.TunnelKey,
        mac = p.Mac,
        networks = p.Networks.Items,
        peer = p.Peer,
        enabled = p.Enabled,
    };

    public static object Route(StaticRoute r) => new { ip_prefix = r.IpPrefix, nexthop = r.Nexthop, output_port = r.OutputPort, policy = r.Policy };

    public static object Acl(Acl a) => new { direction = a.Direction, priority = a.Priority, match = a.Match, action = a.Action, name = a.Name };

    public static object PortGroup(PortGroup pg) => new { name = pg.Name, ports = pg.Ports.Items, acls = pg.Acls.Select(Acl) };

    public static object Datapaths(long revision, string listName, IEnumerable<(string Name, uint Key)> items) => new Dictionary<string, object>
    {
        ["revision"] = revision,
        [listName] = items.Select(i => new { name = i.Name, tunnel_key = i.Key }),
    };

    public static object Chassis(long revision, IEnumerable<ChassisRow> rows) => new
    {
        revision,
        chassis = rows.Select(c => new { name = c.Name, encap_ip = c.EncapIp, connected = c.Connected, installed_revision = c.InstalledRevision, ports = c.Ports }),
    };

    public static string ChassisTable(IEnumerable<ChassisRow> rows) =>
        NbText.Table(["NAME", "ENCAP_IP", "CONNECTED", "INSTALLED", "PORTS"], rows.Select(c => new[]
        {
            c.Name, c.EncapIp, c.Connected ? "yes" : "no", c.InstalledRevision.ToString(CultureInfo.InvariantCulture),
            c.Ports.Count == 0 ? "-" : string.Join(",", c.Ports),
        }));
}
