namespace Overlay.Northd.Southbound;

/// <summary>
/// The datapaths a chassis needs: those with a VIF bound to it, closed over patch links (switch–router,
/// router–router), since a packet from a local port can be forwarded through every datapath reachable that way.
/// </summary>
internal static class Relevance
{
    private const string Patch = "patch";

    public static HashSet<uint> Of(SbView view, string chassis)
    {
        var seen = new HashSet<uint>();
        var work = new Queue<uint>();
        if (view.ChassisPorts.TryGetValue(chassis, out var bound))
            foreach (var name in bound)
                if (view.Ports.TryGetValue(name, out var pb) && pb.Type != Patch && Exists(view, pb.Datapath) && seen.Add(pb.Datapath))
                    work.Enqueue(pb.Datapath);
        while (work.Count > 0)
        {
            foreach (var port in view.Datapaths[work.Dequeue()].Ports.Values)
                if (port.Type == Patch && port.Peer.Length > 0 && view.Ports.TryGetValue(port.Peer, out var peer) && peer.Type == Patch
                    && Exists(view, peer.Datapath) && seen.Add(peer.Datapath))
                    work.Enqueue(peer.Datapath);
        }
        return seen;
    }

    private static bool Exists(SbView view, uint datapath) => view.Datapaths.TryGetValue(datapath, out var dv) && dv.Binding is not null;
}
