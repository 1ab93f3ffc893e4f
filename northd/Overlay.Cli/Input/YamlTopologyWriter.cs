using System.Globalization;
using System.Text.RegularExpressions;
using Overlay.Northd.Compiler.Nb;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Overlay.Cli.Input;

/// <summary>
/// Writes an NB database in the topology format <see cref="YamlTopology"/> reads. Datapaths and ports
/// are written in tunnel key order, so loading the file back allocates the same keys whenever the key
/// space has no holes and switch keys precede router keys (as in any database built by one load).
/// </summary>
internal static partial class YamlTopologyWriter
{
    public static string Write(NbDatabase db)
    {
        var root = new YamlMappingNode();
        if (db.Switches.Count > 0) root.Add("switches", Blocks(db.Switches.Values.OrderBy(s => s.TunnelKey).Select(Switch)));
        if (db.Routers.Count > 0) root.Add("routers", Blocks(db.Routers.Values.OrderBy(r => r.TunnelKey).Select(Router)));
        if (db.AddressSets.Count > 0)
            root.Add("address_sets", Blocks(db.AddressSets.Values.Select(s => Map(("name", Str(s.Name)), ("addresses", List(s.Addresses))))));
        if (db.PortGroups.Count > 0)
            root.Add("port_groups", Blocks(db.PortGroups.Values.Select(g =>
                Map(("name", Str(g.Name)), ("ports", List(g.Ports)), ("acls", g.Acls.Count > 0 ? Blocks(g.Acls.Select(Acl)) : null)))));
        if (root.Children.Count == 0) return "{}\n";
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        string text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlMappingNode Switch(LogicalSwitch sw) =>
        Map(("name", Str(sw.Name)),
            ("ports", sw.Ports.Count > 0 ? Blocks(sw.Ports.Values.OrderBy(p => p.TunnelKey).Select(SwitchPort)) : null),
            ("acls", sw.Acls.Count > 0 ? Blocks(sw.Acls.Select(Acl)) : null));

    private static YamlMappingNode SwitchPort(SwitchPort p) =>
        Map(("name", Str(p.Name)),
            ("type", p.Type.Length > 0 ? Str(p.Type) : null),
            ("options", p.Options.Count > 0 ? Flow(p.Options.Select(o => (o.Key, (YamlNode?)Str(o.Value)))) : null),
            ("addresses", p.Addresses.Count > 0 ? List(p.Addresses) : null),
            ("port_security", p.PortSecurity.Count > 0 ? List(p.PortSecurity) : null),
            ("enabled", p.Enabled ? null : new YamlScalarNode("false")));

    private static YamlMappingNode Router(LogicalRouter lr) =>
        Map(("name", Str(lr.Name)),
            ("ports", lr.Ports.Count > 0 ? Blocks(lr.Ports.Values.OrderBy(p => p.TunnelKey).Select(p =>
                Flow(("name", Str(p.Name)), ("mac", Str(p.Mac)), ("networks", List(p.Networks)), ("peer", p.Peer is null ? null : Str(p.Peer))))) : null),
            ("static_routes", lr.StaticRoutes.Count > 0 ? Blocks(lr.StaticRoutes.Select(r =>
                Flow(("prefix", Str(r.IpPrefix)), ("nexthop", Str(r.Nexthop)),
                    ("output_port", r.OutputPort is null ? null : Str(r.OutputPort)),
                    ("policy", r.Policy == "dst-ip" ? null : Str(r.Policy))))) : null));

    private static YamlMappingNode Acl(Acl a) =>
        Flow(("direction", Str(a.Direction)), ("priority", new YamlScalarNode(a.Priority.ToString(CultureInfo.InvariantCulture))),
            ("match", Str(a.Match)), ("action", Str(a.Action)), ("name", a.Name is null ? null : Str(a.Name)));

    private static YamlMappingNode Map(params (string Key, YamlNode? Value)[] fields)
    {
        var map = new YamlMappingNode();
        foreach (var (key, value) in fields)
            if (value is not null) map.Add(key, value);
        return map;
    }

    private static YamlMappingNode Flow(params (string Key, YamlNode? Value)[] fields) => Flow(fields.AsEnumerable());

    private static YamlMappingNode Flow(IEnumerable<(string Key, YamlNode? Value)> fields)
    {
        var map = Map(fields.ToArray());
        map.Style = MappingStyle.Flow;
        return map;
    }

    private static YamlSequenceNode Blocks(IEnumerable<YamlNode> items) => new(items);

    private static YamlSequenceNode List(IEnumerable<string> items) => new(items.Select(Str)) { Style = SequenceStyle.Flow };

    // Plain only when a YAML reader cannot take it for anything but this string.
    private static YamlScalarNode Str(string s) =>
        Plain().IsMatch(s) && !Reserved.Contains(s)
            ? new YamlScalarNode(s)
            : new YamlScalarNode(s) { Style = ScalarStyle.DoubleQuoted };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "null", "y", "n",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex Plain();
}
