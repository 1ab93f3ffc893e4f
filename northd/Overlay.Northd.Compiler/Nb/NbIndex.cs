using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Lookups the model does not give directly: which switch or router owns a port, and which switch
/// ports attach to a router port (type=router, options:router-port). Built per database value; each
/// map is built on first use, so an incremental validation that asks only about router ports never
/// walks the (much larger) set of switch ports.
/// </summary>
public sealed class NbIndex
{
    private readonly Lazy<Dictionary<string, (LogicalSwitch, SwitchPort)>> switchPorts;
    private readonly Lazy<Dictionary<string, (LogicalRouter, RouterPort)>> routerPorts;
    private readonly Lazy<Dictionary<string, ImmutableArray<string>>> attached;

    private NbIndex(NbDatabase db)
    {
        switchPorts = new(() => SwitchPorts(db));
        routerPorts = new(() => RouterPorts(db));
        attached = new(() => Attachments(db));
    }

    public static NbIndex Build(NbDatabase db) => new(db);

    /// <summary>The switch port with this name and the switch it is on.</summary>
    public (LogicalSwitch Switch, SwitchPort Port)? FindSwitchPort(string name) =>
        switchPorts.Value.TryGetValue(name, out var found) ? found : null;

    /// <summary>The router port with this name and the router it is on.</summary>
    public (LogicalRouter Router, RouterPort Port)? FindRouterPort(string name) =>
        routerPorts.Value.TryGetValue(name, out var found) ? found : null;

    /// <summary>Type=router switch ports whose options:router-port names this router port (valid NB: at most one).</summary>
    public ImmutableArray<string> SwitchPortsAttachedTo(string routerPort) =>
        attached.Value.TryGetValue(routerPort, out var ports) ? ports : [];

    /// <summary>The router port a type=router switch port attaches to, if it exists.</summary>
    public (LogicalRouter Router, RouterPort Port)? RouterPortOf(SwitchPort port) =>
        port.Type == PortTypes.Router && port.RouterPort is { } name ? FindRouterPort(name) : null;

    public bool PortExists(string name) => switchPorts.Value.ContainsKey(name) || routerPorts.Value.ContainsKey(name);

    // With a name on several datapaths (invalid NB, reported by the validator) the last one walked wins.
    private static Dictionary<string, (LogicalSwitch, SwitchPort)> SwitchPorts(NbDatabase db)
    {
        var lsps = new Dictionary<string, (LogicalSwitch, SwitchPort)>(StringComparer.Ordinal);
        foreach (var sw in db.Switches.Values)
            foreach (var port in sw.Ports.Values)
                lsps[port.Name] = (sw, port);
        return lsps;
    }

    private static Dictionary<string, (LogicalRouter, RouterPort)> RouterPorts(NbDatabase db)
    {
        var lrps = new Dictionary<string, (LogicalRouter, RouterPort)>(StringComparer.Ordinal);
        foreach (var lr in db.Routers.Values)
            foreach (var port in lr.Ports.Values)
                lrps[port.Name] = (lr, port);
        return lrps;
    }

    private static Dictionary<string, ImmutableArray<string>> Attachments(NbDatabase db)
    {
        var links = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var sw in db.Switches.Values)
            foreach (var port in sw.Ports.Values)
                if (port.Type == PortTypes.Router && port.RouterPort is { } lrp)
                {
                    if (!links.TryGetValue(lrp, out var list)) links[lrp] = list = [];
                    list.Add(port.Name);
                }
        return links.ToDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);
    }
}
