using Overlay.Contracts.Sb;

namespace Overlay.Northd.Southbound;

/// <summary>
/// Turns views into what one chassis is sent: everything relevant (a full update), or the difference between
/// the view it holds and a newer one, given the keys touched in between. Datapaths that became relevant are
/// sent whole; those that stopped being relevant are removed with everything on them.
/// </summary>
internal static class UpdateBuilder
{
    public static Update Full(SbView view, IReadOnlySet<uint> relevant)
    {
        var u = new Update { Revision = view.Revision, Full = true };
        u.Chassis.AddRange(view.Chassis.Values);
        foreach (var dp in relevant.Order()) AddDatapath(u, view.Datapaths[dp]);
        u.AddressSets.AddRange(view.AddressSets.Values);
        u.PortGroups.AddRange(view.PortGroups.Values);
        return u;
    }

    public static Update Delta(SbView from, IReadOnlySet<uint> heldRelevant, SbView to, IReadOnlySet<uint> relevant, SbChanges changes)
    {
        var u = new Update { Revision = to.Revision };
        var sentPorts = new HashSet<string>(StringComparer.Ordinal);

        foreach (var dp in relevant.Where(d => !heldRelevant.Contains(d)).Order())
        {
            var dv = to.Datapaths[dp];
            AddDatapath(u, dv);
            sentPorts.UnionWith(dv.Ports.Keys);
        }

        var removedPorts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dp in heldRelevant.Where(d => !relevant.Contains(d)).Order())
        {
            u.RemovedDatapaths.Add(dp);
            if (!from.Datapaths.TryGetValue(dp, out var dv)) continue;
            removedPorts.UnionWith(dv.Ports.Keys);
            foreach (var g in dv.Groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal))
                u.RemovedMulticastGroups.Add(new MulticastGroupRef { Datapath = dp, Name = g.Name });
            foreach (var id in dv.Flows.Keys.Order()) u.RemovedLogicalFlows.Add(id);
        }

        bool Staying(uint dp) => relevant.Contains(dp) && heldRelevant.Contains(dp);

        foreach (var dp in changes.Datapaths.Order())
            if (Staying(dp) && to.Datapaths.TryGetValue(dp, out var dv) && dv.Binding is not null)
                u.Datapaths.Add(dv.Binding);

        foreach (var name in changes.Ports.Order(StringComparer.Ordinal))
        {
            bool now = to.Ports.TryGetValue(name, out var pb) && relevant.Contains(pb.Datapath);
            if (now && Staying(pb!.Datapath))
            {
                u.PortBindings.Add(pb);
                sentPorts.Add(name);
            }
            if (!now && from.Ports.TryGetValue(name, out var held) && heldRelevant.Contains(held.Datapath))
                removedPorts.Add(name);
        }
        foreach (var name in removedPorts)
            if (!sentPorts.Contains(name)) u.RemovedPortBindings.Add(name);

        foreach (var (dp, name) in changes.Groups.Order())
        {
            if (!Staying(dp)) continue;
            if (to.Datapaths.TryGetValue(dp, out var dv) && dv.Groups.TryGetValue(name, out var g)) u.MulticastGroups.Add(g);
            else if (from.Datapaths.TryGetValue(dp, out var old) && old.Groups.ContainsKey(name))
                u.RemovedMulticastGroups.Add(new MulticastGroupRef { Datapath = dp, Name = name });
        }

        foreach (var (dp, id) in changes.Flows.Order())
        {
            if (!Staying(dp)) continue;
            if (to.Datapaths.TryGetValue(dp, out var dv) && dv.Flows.TryGetValue(id, out var f)) u.LogicalFlows.Add(f);
            else if (from.Datapaths.TryGetValue(dp, out var old) && old.Flows.ContainsKey(id)) u.RemovedLogicalFlows.Add(id);
        }

        foreach (var name in changes.Chassis.Order(StringComparer.Ordinal))
            if (to.Chassis.TryGetValue(name, out var c)) u.Chassis.Add(c);
            else if (from.Chassis.ContainsKey(name)) u.RemovedChassis.Add(name);
        foreach (var name in changes.AddressSets.Order(StringComparer.Ordinal))
            if (to.AddressSets.TryGetValue(name, out var s)) u.AddressSets.Add(s);
            else if (from.AddressSets.ContainsKey(name)) u.RemovedAddressSets.Add(name);
        foreach (var name in changes.PortGroups.Order(StringComparer.Ordinal))
            if (to.PortGroups.TryGetValue(name, out var g)) u.PortGroups.Add(g);
            else if (from.PortGroups.ContainsKey(name)) u.RemovedPortGroups.Add(name);
        return u;
    }

    private static void AddDatapath(Update u, DatapathView dv)
    {
        if (dv.Binding is not null) u.Datapaths.Add(dv.Binding);
        u.PortBindings.AddRange(dv.Ports.Values.OrderBy(p => p.Key));
        u.MulticastGroups.AddRange(dv.Groups.Values.OrderBy(g => g.Key));
        u.LogicalFlows.AddRange(dv.Flows.Values.OrderBy(f => f.Id));
    }
}
