using Overlay.Northd.Compiler.Compile.Addressing;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Topology;

/// <summary>
/// One NB revision as the unit generators see it: the database plus the cross-reference index that
/// matches it. Read-only for the generators.
/// </summary>
internal sealed class NbTopology(NbDatabase db, TopologyIndex index, AclCache acls)
{
    public NbDatabase Db { get; } = db;

    public TopologyIndex Index { get; } = index;

    public AclCache Acls { get; } = acls;

    public LogicalSwitch? Switch(string name) => Db.Switches.GetValueOrDefault(name);

    public LogicalRouter? Router(string name) => Db.Routers.GetValueOrDefault(name);

    /// <summary>The router port of this name and its router (the smallest router name if the name is reused).</summary>
    public (LogicalRouter Router, RouterPort Port)? FindRouterPort(string lrp)
    {
        (LogicalRouter, RouterPort)? best = null;
        foreach (var r in Index.RoutersOf(lrp))
        {
            if (best is { } b && string.CompareOrdinal(b.Item1.Name, r) <= 0) continue;
            if (Router(r) is { } router && router.Ports.TryGetValue(lrp, out var port)) best = (router, port);
        }
        return best;
    }

    /// <summary>
    /// The switch a router port attaches to and the router-type switch port doing it. If several switch
    /// ports name the same router port, the one with the smallest (port, switch) names wins.
    /// </summary>
    public (LogicalSwitch Switch, SwitchPort Port)? AttachmentOf(string lrp)
    {
        PortRef? best = null;
        foreach (var a in Index.AttachmentsOf(lrp))
        {
            if (best is { } b)
            {
                int c = string.CompareOrdinal(a.Port, b.Port);
                if (c > 0 || (c == 0 && string.CompareOrdinal(a.Owner, b.Owner) >= 0)) continue;
            }
            best = a;
        }
        if (best is not { } found || Switch(found.Owner) is not { } sw || !sw.Ports.TryGetValue(found.Port, out var port)) return null;
        return (sw, port);
    }

    /// <summary>
    /// The MAC/IP entries a switch port answers for: its own "MAC IP..." addresses and, for a router-type
    /// port with "router" among its addresses, its enabled router port's MAC and networks.
    /// </summary>
    public List<AddressEntry> EntriesOf(SwitchPort port)
    {
        var entries = AddressEntry.ParseAll(port.Addresses, commas: false);
        if (port.Type == PortTypes.Router && port.RouterPort is { } lrp && AddressEntry.Contains(port.Addresses, AddressEntry.Router)
            && FindRouterPort(lrp) is { Port: { Enabled: true } rp } && AddressEntry.OfRouterPort(rp.Mac, rp.Networks) is { } entry)
            entries.Add(entry);
        return entries;
    }
}
