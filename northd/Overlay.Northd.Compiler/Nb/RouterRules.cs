namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Validation of router ports: MAC, networks (host address with prefix, at least one, no overlap between
/// ports of one router), peer links (exist and point back), and "attached to a switch or peered, not both".
/// </summary>
internal static class RouterRules
{
    public static void Check(NbDatabase db, NbIndex index, List<NbDiagnostic> problems)
    {
        foreach (var lr in db.Routers.Values)
        {
            foreach (var port in lr.Ports.Values)
                CheckPort(port, index, problems);
            CheckOverlaps(lr, problems);
        }
    }

    public static void CheckPort(RouterPort port, NbIndex index, List<NbDiagnostic> problems)
    {
        CheckAddressing(port, problems);
        CheckPeer(port, index, problems);
    }

    private static void CheckAddressing(RouterPort port, List<NbDiagnostic> problems)
    {
        string obj = NbObjects.RouterPort(port.Name);
        if (!NetAddr.IsMac(port.Mac)) problems.Add(new(obj, "mac", port.Mac, "invalid MAC address"));
        if (port.Networks.Count == 0)
            problems.Add(new(obj, "networks", "", "a router port needs at least one network (e.g. 10.0.0.1/24)"));
        foreach (var net in port.Networks)
            if (AddressRules.RouterNetwork(net) is { } message) problems.Add(new(obj, "networks", net, message));
    }

    private static void CheckPeer(RouterPort port, NbIndex index, List<NbDiagnostic> problems)
    {
        string obj = NbObjects.RouterPort(port.Name);
        var attached = index.SwitchPortsAttachedTo(port.Name);
        if (port.Peer is null) return;
        if (port.Peer == port.Name)
        {
            problems.Add(new(obj, "peer", port.Peer, "a router port cannot be its own peer"));
            return;
        }
        if (index.FindRouterPort(port.Peer) is not (_, var peer))
        {
            problems.Add(new(obj, "peer", port.Peer, $"router port {port.Peer} does not exist"));
            return;
        }
        if (peer.Peer != port.Name)
        {
            string theirs = peer.Peer is null ? "unset" : peer.Peer;
            problems.Add(new(obj, "peer", port.Peer, $"router port {peer.Name} does not name {port.Name} as its peer (its peer is {theirs})"));
            problems.Add(new(NbObjects.RouterPort(peer.Name), "peer", peer.Peer ?? "",
                $"router port {port.Name} names {peer.Name} as its peer, so {peer.Name}'s peer must be {port.Name} (it is {theirs})"));
        }
        if (attached.Length > 0)
            problems.Add(new(obj, "peer", port.Peer,
                $"router port {port.Name} is attached to switch port {attached[0]} and also peered with {port.Peer}; use one or the other"));
    }

    public static void CheckOverlaps(LogicalRouter lr, List<NbDiagnostic> problems)
    {
        var seen = new List<(string Port, string Text, IpPrefix Net)>();
        foreach (var port in lr.Ports.Values)
        {
            var mine = new List<(string, string, IpPrefix)>();
            foreach (var text in port.Networks)
            {
                if (NetAddr.TryParsePrefix(text, prefixOptional: false, out var net) is not null) continue;
                foreach (var (other, otherText, otherNet) in seen)
                    if (net.Overlaps(otherNet))
                    {
                        problems.Add(new(NbObjects.RouterPort(port.Name), "networks", text,
                            $"overlaps network {otherText} of port {other} on router {lr.Name}"));
                        break;
                    }
                mine.Add((port.Name, text, net));
            }
            seen.AddRange(mine);
        }
    }
}
