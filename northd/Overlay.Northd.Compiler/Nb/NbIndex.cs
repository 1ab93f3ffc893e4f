using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Lookups the model does not give directly: which switch or router owns a port, and which switch
/// ports attach to a router port (type=router, options:router-port). Built once per database value.
/// </summary>
public sealed class NbIndex
{
    private readonly FrozenDictionary<string, (LogicalSwitch Switch, SwitchPort Port)> switchPorts;
    private readonly FrozenDictionary<string, (LogicalRouter Router, RouterPort Port)> routerPorts;
    private readonly FrozenDictionary<string, ImmutableArray<string>> attached;

    private NbIndex(
        FrozenDictionary<string, (LogicalSwitch, SwitchPort)> switchPorts,
        FrozenDictionary<string, (LogicalRouter, RouterPort)> routerPorts,
        FrozenDictionary<string, ImmutableArray<string>> attached)
    {
        this.switchPorts = switchPorts;
        this.routerPorts = routerPorts;
        this.attached = attached;
    }

    public static NbIndex Build(NbDatabase db)
    {
        var lsps = new Dictionary<string, (LogicalSwitch, SwitchPort)>(StringComparer.Ordinal);
        var links = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var sw in db.Switches.Values)
            foreach (var port in sw.Ports.Values)
            {
                lsps[port.Name] = (sw, port);
                if (port.Type == PortTypes.Router && port.RouterPort is { } lrp)
                {
                    if (!links.TryGetValue(lrp, out var list)) links[lrp] = list = [];
                    list.Add(port.Name);
                }
            }
        var lrps = new Dictionary<string, (LogicalRouter, RouterPort)>(StringComparer.Ordinal);
        foreach (var lr in db.Routers.Values)
            foreach (var port in lr.Ports.Values)
                lrps[port.Name] = (lr, port);
        return new NbIndex(
            lsps.ToFrozenDictionary(StringComparer.Ordinal),
            lrps.ToFrozenDictionary(StringComparer.Ordinal),
            links.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal));
    }

    /// <summary>The switch port with this name and the switch it is on.</summary>
    public (LogicalSwitch Switch, SwitchPort Port)? FindSwitchPort(string name) =>
        switchPorts.TryGetValue(name, out var found) ? found : null;

    /// <summary>The router port with this name and the router it is on.</summary>
    public (LogicalRouter Router, RouterPort Port)? FindRouterPort(string name) =>
        routerPorts.TryGetValue(name, out var found) ? found : null;

    /// <summary>Type=router switch ports whose options:router-port names this router port (valid NB: at most one).</summary>
    public ImmutableArray<string> SwitchPortsAttachedTo(string routerPort) =>
        attached.TryGetValue(routerPort, out var ports) ? ports : [];

    /// <summary>The router port a type=router switch port attaches to, if it exists.</summary>
    public (LogicalRouter Router, RouterPort Port)? RouterPortOf(SwitchPort port) =>
        port.Type == PortTypes.Router && port.RouterPort is { } name ? FindRouterPort(name) : null;

    public bool PortExists(string name) => switchPorts.ContainsKey(name) || routerPorts.ContainsKey(name);
}
