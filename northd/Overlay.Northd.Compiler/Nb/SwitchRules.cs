namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Validation of logical switch ports: type, addresses, port_security, router attachment
/// (options:router-port, at most one switch port per router port), and duplicate IPv4 addresses per switch.
/// </summary>
internal static class SwitchRules
{
    public static void Check(NbDatabase db, NbIndex index, List<NbDiagnostic> problems)
    {
        foreach (var sw in db.Switches.Values)
        {
            foreach (var port in sw.Ports.Values)
                CheckPort(port, index, problems);
            CheckDuplicateIps(sw, index, problems);
        }
    }

    public static void CheckPort(SwitchPort port, NbIndex index, List<NbDiagnostic> problems)
    {
        string obj = NbObjects.SwitchPort(port.Name);
        bool isRouter = port.Type == PortTypes.Router;
        if (!PortTypes.Supported.Contains(port.Type))
            problems.Add(new(obj, "type", port.Type,
                "unsupported port type; supported types are \"\" (VIF) and \"router\""));

        foreach (var element in port.Addresses)
            foreach (var message in AddressRules.LspAddress(element, isRouter))
                problems.Add(new(obj, "addresses", element, message));

        foreach (var element in port.PortSecurity)
            foreach (var message in AddressRules.PortSecurity(element))
                problems.Add(new(obj, "port_security", element, message));

        string? lrp = port.RouterPort;
        if (isRouter)
        {
            if (string.IsNullOrEmpty(lrp))
                problems.Add(new(obj, "options:router-port", "", "a type=router port needs options:router-port naming a router port"));
            else if (index.FindRouterPort(lrp) is null)
                problems.Add(new(obj, "options:router-port", lrp, $"router port {lrp} does not exist"));
            else if (index.SwitchPortsAttachedTo(lrp) is { Length: > 1 } attached && attached[0] != port.Name)
                problems.Add(new(obj, "options:router-port", lrp,
                    $"router port {lrp} is already attached to switch port {attached[0]}; a router port attaches to at most one switch port"));
        }
        else if (lrp is not null && PortTypes.Supported.Contains(port.Type))
        {
            problems.Add(new(obj, "options:router-port", lrp, "only type=router ports attach to a router port; set the type to router"));
        }
    }

    public static void CheckDuplicateIps(LogicalSwitch sw, NbIndex index, List<NbDiagnostic> problems)
    {
        var owners = new Dictionary<UInt128, string>();
        foreach (var port in sw.Ports.Values)
        {
            var reported = new HashSet<UInt128>();
            foreach (var (element, ip) in Ipv4s(port, index))
            {
                if (!owners.TryAdd(ip.Address, port.Name) && owners[ip.Address] != port.Name && reported.Add(ip.Address))
                    problems.Add(new(NbObjects.SwitchPort(port.Name), "addresses", element,
                        $"duplicate IPv4 address {ip.AddressText}: port {owners[ip.Address]} on switch {sw.Name} has it too"));
            }
        }
    }

    // A type=router port with addresses "router" owns the addresses of its router port.
    private static IEnumerable<(string Element, IpPrefix Ip)> Ipv4s(SwitchPort port, NbIndex index)
    {
        foreach (var element in port.Addresses)
        {
            if (element.Trim() == "router")
            {
                if (index.RouterPortOf(port) is not (_, var lrp)) continue;
                foreach (var net in lrp.Networks)
                    if (NetAddr.TryParsePrefix(net, prefixOptional: false, out var p) is null && !p.IsIpv6)
                        yield return (element, p);
                continue;
            }
            foreach (var ip in AddressRules.Ipv4Addresses(element))
                yield return (element, ip);
        }
    }
}
