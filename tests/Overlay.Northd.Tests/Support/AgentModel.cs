using SouthboundState = Overlay.Contracts.Nb.SouthboundState;
using Overlay.Contracts.Sb;

namespace Overlay.Northd.Tests.Support;

/// <summary>
/// What an agent holds after applying the updates it received, exactly as the protocol says: a full update
/// replaces everything, a delta adds/replaces and removes. Also computes what a chassis should hold from
/// GetSouthbound, with its own (independent) relevance closure, for comparison.
/// </summary>
public sealed class AgentModel
{
    public long Revision { get; private set; }

    public SortedDictionary<string, Chassis> Chassis { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<uint, Datapath> Datapaths { get; } = [];

    public SortedDictionary<string, PortBinding> Ports { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<(uint, string), MulticastGroup> Groups { get; } = [];

    public SortedDictionary<ulong, LogicalFlow> Flows { get; } = [];

    public SortedDictionary<string, AddressSet> AddressSets { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, PortGroup> PortGroups { get; } = new(StringComparer.Ordinal);

    public void Apply(Update u)
    {
        if (u.Full)
        {
            Chassis.Clear(); Datapaths.Clear(); Ports.Clear(); Groups.Clear(); Flows.Clear(); AddressSets.Clear(); PortGroups.Clear();
        }
        foreach (var n in u.RemovedChassis) Chassis.Remove(n);
        foreach (var d in u.RemovedDatapaths) Datapaths.Remove(d);
        foreach (var p in u.RemovedPortBindings) Ports.Remove(p);
        foreach (var g in u.RemovedMulticastGroups) Groups.Remove((g.Datapath, g.Name));
        foreach (var f in u.RemovedLogicalFlows) Flows.Remove(f);
        foreach (var a in u.RemovedAddressSets) AddressSets.Remove(a);
        foreach (var g in u.RemovedPortGroups) PortGroups.Remove(g);
        foreach (var c in u.Chassis) Chassis[c.Name] = c;
        foreach (var d in u.Datapaths) Datapaths[d.Key] = d;
        foreach (var p in u.PortBindings) Ports[p.Name] = p;
        foreach (var g in u.MulticastGroups) Groups[(g.Datapath, g.Name)] = g;
        foreach (var f in u.LogicalFlows) Flows[f.Id] = f;
        foreach (var a in u.AddressSets) AddressSets[a.Name] = a;
        foreach (var g in u.PortGroups) PortGroups[g.Name] = g;
        Revision = u.Revision;
    }

    /// <summary>Everything held, as one full update (to seed another model with it).</summary>
    public Update ToFullUpdate()
    {
        var u = new Update { Revision = Revision, Full = true };
        u.Chassis.AddRange(Chassis.Values);
        u.Datapaths.AddRange(Datapaths.Values);
        u.PortBindings.AddRange(Ports.Values);
        u.MulticastGroups.AddRange(Groups.Values);
        u.LogicalFlows.AddRange(Flows.Values);
        u.AddressSets.AddRange(AddressSets.Values);
        u.PortGroups.AddRange(PortGroups.Values);
        return u;
    }

    /// <summary>What <paramref name="chassis"/> should hold at <paramref name="state"/>'s revision.</summary>
    public static AgentModel Expected(SouthboundState state, string chassis)
    {
        var relevant = RelevantDatapaths(state, chassis);
        var m = new AgentModel();
        var update = new Update { Revision = state.Revision, Full = true };
        update.Chassis.AddRange(state.Chassis);
        update.Datapaths.AddRange(state.Datapaths.Where(d => relevant.Contains(d.Key)));
        update.PortBindings.AddRange(state.PortBindings.Where(p => relevant.Contains(p.Datapath)));
        update.MulticastGroups.AddRange(state.MulticastGroups.Where(g => relevant.Contains(g.Datapath)));
        update.LogicalFlows.AddRange(state.LogicalFlows.Where(f => relevant.Contains(f.Datapath)));
        update.AddressSets.AddRange(state.AddressSets);
        update.PortGroups.AddRange(state.PortGroups);
        m.Apply(update);
        return m;
    }

    public static HashSet<uint> RelevantDatapaths(SouthboundState state, string chassis)
    {
        var byName = state.PortBindings.ToDictionary(p => p.Name);
        var relevant = state.PortBindings.Where(p => p.Chassis == chassis && p.Type != "patch").Select(p => p.Datapath).ToHashSet();
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var p in state.PortBindings)
                if (relevant.Contains(p.Datapath) && p.Type == "patch" && byName.TryGetValue(p.Peer, out var peer) && relevant.Add(peer.Datapath))
                    grew = true;
        }
        return relevant;
    }

    /// <summary>A readable dump for comparing two models in an assertion.</summary>
    public string Describe()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"revision {Revision}");
        foreach (var c in Chassis.Values) sb.AppendLine($"chassis {c}");
        foreach (var d in Datapaths.Values) sb.AppendLine($"datapath {d}");
        foreach (var p in Ports.Values) sb.AppendLine($"port {p}");
        foreach (var g in Groups.Values) sb.AppendLine($"group {g}");
        foreach (var f in Flows.Values) sb.AppendLine($"flow {f}");
        foreach (var a in AddressSets.Values) sb.AppendLine($"address_set {a}");
        foreach (var g in PortGroups.Values) sb.AppendLine($"port_group {g}");
        return sb.ToString();
    }
}
