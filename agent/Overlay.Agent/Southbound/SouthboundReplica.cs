using System.Collections.Immutable;
using Overlay.Agent.View;
using Overlay.Logical;
using MulticastGroupRef = Overlay.Contracts.Sb.MulticastGroupRef;
using SbConvert = Overlay.Contracts.Sb.SbConvert;
using Update = Overlay.Contracts.Sb.Update;

namespace Overlay.Agent.Southbound;

/// <summary>What one update did to the replica.</summary>
/// <param name="Changed">Anything held changed (false for heartbeats and updates that only move the revision).</param>
/// <param name="FlowsAdded">Logical flows upserted by a delta (empty for a full update).</param>
/// <param name="FlowsRemoved">Logical flows a delta removed (empty for a full update).</param>
public sealed record ReplicaChange(long Revision, bool Full, bool Changed, IReadOnlyList<LogicalFlow> FlowsAdded, IReadOnlyList<LogicalFlow> FlowsRemoved)
{
    public ReplicaChange(long revision, bool full, bool changed)
        : this(revision, full, changed, [], [])
    {
    }

    /// <summary>Compares the identity of the change, not the flow lists.</summary>
    public bool Equals(ReplicaChange? other) => other is not null && Revision == other.Revision && Full == other.Full && Changed == other.Changed;

    public override int GetHashCode() => HashCode.Combine(Revision, Full, Changed);
}

/// <summary>
/// The agent's copy of what northd sent it: chassis, datapaths, port bindings (with the chassis each is bound
/// to), multicast groups, address sets, port groups and logical flows, at one revision. An update with
/// <c>full</c> replaces everything; otherwise its rows are upserted and its removals dropped, by key. An update is
/// converted whole before anything changes, so a malformed one (unknown stage, wrong flow id) leaves the replica
/// as it was and throws <see cref="FormatException"/>. Not thread-safe: the Southbound loop owns it.
/// </summary>
public sealed class SouthboundReplica
{
    private readonly Dictionary<string, string> _chassis = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, DatapathBinding> _datapaths = [];
    private readonly Dictionary<string, (PortBinding Port, string? Chassis)> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<(uint, string), MulticastGroup> _groups = [];
    private readonly Dictionary<string, AddressSetBinding> _addressSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PortGroupBinding> _portGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, LogicalFlow> _flows = [];
    // The same flows by datapath: the network lists them in datapath order, as northd sends them, however deltas came.
    private readonly Dictionary<uint, Dictionary<ulong, LogicalFlow>> _flowsByDatapath = [];
    private LogicalNetwork? _network;

    /// <summary>The revision of the last update applied (heartbeats included); 0 when nothing was ever received.</summary>
    public long Revision { get; private set; }

    /// <summary>The revision at which the content last changed (the network's revision).</summary>
    public long ContentRevision { get; private set; }

    public int FlowCount => _flows.Count;

    /// <summary>Chassis name → encap IP, every chassis northd named (this one included).</summary>
    public IReadOnlyDictionary<string, string> Chassis => _chassis;

    public ReplicaChange Apply(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Revision < 0)
            throw new FormatException($"update revision {update.Revision} is negative");
        if (!update.Full && update.Revision < Revision)
            throw new FormatException($"delta update for revision {update.Revision} is older than the revision held ({Revision})");

        // Convert everything first: a bad row must not leave half an update applied.
        var chassis = update.Chassis.Select(c => (Name: Required(c.Name, "chassis name"), c.EncapIp)).ToList();
        var datapaths = update.Datapaths.Select(SbConvert.FromProto).ToList();
        var ports = update.PortBindings.Select(p => (Port: SbConvert.FromProto(p), Chassis: SbConvert.ChassisOf(p))).ToList();
        var groups = update.MulticastGroups.Select(SbConvert.FromProto).ToList();
        var sets = update.AddressSets.Select(SbConvert.FromProto).ToList();
        var portGroups = update.PortGroups.Select(SbConvert.FromProto).ToList();
        var flows = update.LogicalFlows.Select(SbConvert.FromProto).ToList();

        bool changed = update.Full || chassis.Count + datapaths.Count + ports.Count + groups.Count + sets.Count + portGroups.Count + flows.Count > 0;
        if (update.Full)
            Clear();

        foreach (string name in update.RemovedChassis)
            changed |= _chassis.Remove(name);
        foreach (uint key in update.RemovedDatapaths)
            changed |= _datapaths.Remove(key);
        foreach (string name in update.RemovedPortBindings)
            changed |= _ports.Remove(name);
        foreach (MulticastGroupRef r in update.RemovedMulticastGroups)
            changed |= _groups.Remove((r.Datapath, r.Name));
        foreach (string name in update.RemovedAddressSets)
            changed |= _addressSets.Remove(name);
        foreach (string name in update.RemovedPortGroups)
            changed |= _portGroups.Remove(name);
        var removedFlows = new List<LogicalFlow>();
        foreach (ulong id in update.RemovedLogicalFlows)
        {
            if (RemoveFlow(id) is { } old)
            {
                removedFlows.Add(old);
                changed = true;
            }
        }

        foreach ((string name, string ip) in chassis)
            _chassis[name] = ip;
        foreach (DatapathBinding d in datapaths)
            _datapaths[d.Key] = d;
        foreach ((PortBinding port, string? on) in ports)
            _ports[port.Name] = (port, on);
        foreach (MulticastGroup g in groups)
            _groups[(g.Datapath, g.Name)] = g;
        foreach (AddressSetBinding s in sets)
            _addressSets[s.Name] = s;
        foreach (PortGroupBinding g in portGroups)
            _portGroups[g.Name] = g;
        foreach (LogicalFlow f in flows)
            PutFlow(f);

        Revision = update.Revision;
        if (changed)
        {
            ContentRevision = update.Revision;
            _network = null;
        }

        return update.Full
            ? new ReplicaChange(update.Revision, true, changed)
            : new ReplicaChange(update.Revision, false, changed, flows, removedFlows);
    }

    /// <summary>
    /// The logical network held, at <see cref="ContentRevision"/>; the same object until the content changes (the
    /// planner recognises an unchanged network by reference).
    /// </summary>
    public LogicalNetwork Network => _network ??= new LogicalNetwork(
        ContentRevision,
        [.. _datapaths.Values.OrderBy(d => d.Key)],
        [.. _ports.Values.Select(p => p.Port).OrderBy(p => p.Datapath).ThenBy(p => p.Key)],
        [.. _groups.Values.OrderBy(g => g.Datapath).ThenBy(g => g.Key)],
        [.. _addressSets.Values.OrderBy(s => s.Name, StringComparer.Ordinal)],
        [.. _portGroups.Values.OrderBy(g => g.Name, StringComparer.Ordinal)],
        [.. _flowsByDatapath.OrderBy(d => d.Key).SelectMany(d => d.Value.Values)]);

    /// <summary>
    /// The replica as a view for <paramref name="chassis"/>: remotes are the chassis northd named, bindings the
    /// port bindings' chassis. This is also the cache format (<see cref="ViewCache.SouthboundFileName"/>), with the
    /// network's revision set to <paramref name="revision"/> (the revision held, for resubscribing).
    /// </summary>
    public ViewDocument ToDocument(string chassis, string encapIp, long? revision = null)
    {
        LogicalNetwork network = Network;
        if (revision is { } r && r != network.Revision)
            network = network with { Revision = r };
        return new ViewDocument(
            chassis,
            encapIp,
            [.. _chassis.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ViewRemote(c.Key, c.Value))],
            [.. _ports.Values.Where(p => p.Chassis is not null).OrderBy(p => p.Port.Name, StringComparer.Ordinal).Select(p => new ViewBinding(p.Port.Name, p.Chassis!))],
            network);
    }

    /// <summary>A replica holding <paramref name="document"/> (a saved <see cref="ToDocument"/>) at its network's revision.</summary>
    public static SouthboundReplica FromDocument(ViewDocument document)
    {
        var replica = new SouthboundReplica();
        LogicalNetwork n = document.Network;
        foreach (ViewRemote r in document.Remotes)
            replica._chassis[r.Name] = r.EncapIp;
        var bound = document.Bindings.ToDictionary(b => b.Port, b => b.Chassis, StringComparer.Ordinal);
        foreach (DatapathBinding d in n.Datapaths)
            replica._datapaths[d.Key] = d;
        foreach (PortBinding p in n.Ports)
            replica._ports[p.Name] = (p, bound.GetValueOrDefault(p.Name));
        foreach (MulticastGroup g in n.MulticastGroups)
            replica._groups[(g.Datapath, g.Name)] = g;
        foreach (AddressSetBinding s in n.AddressSets)
            replica._addressSets[s.Name] = s;
        foreach (PortGroupBinding g in n.PortGroups)
            replica._portGroups[g.Name] = g;
        foreach (LogicalFlow f in n.Flows)
            replica.PutFlow(f);
        replica.Revision = n.Revision;
        replica.ContentRevision = n.Revision;
        return replica;
    }

    /// <summary>The local ports northd has bound to <paramref name="chassis"/> (what a host without OVSDB reports).</summary>
    public ImmutableArray<string> PortsBoundTo(string chassis) =>
        [.. _ports.Values.Where(p => p.Chassis == chassis).Select(p => p.Port.Name).Order(StringComparer.Ordinal)];

    private void Clear()
    {
        _chassis.Clear();
        _datapaths.Clear();
        _ports.Clear();
        _groups.Clear();
        _addressSets.Clear();
        _portGroups.Clear();
        _flows.Clear();
        _flowsByDatapath.Clear();
    }

    // A flow's id is worked out from its fields (checked as it is read), so an id stays on one datapath.
    private void PutFlow(LogicalFlow flow)
    {
        _flows[flow.Id] = flow;
        if (!_flowsByDatapath.TryGetValue(flow.Datapath, out var onDatapath))
            _flowsByDatapath[flow.Datapath] = onDatapath = [];
        onDatapath[flow.Id] = flow;
    }

    private LogicalFlow? RemoveFlow(ulong id)
    {
        if (!_flows.Remove(id, out LogicalFlow? old))
            return null;
        var onDatapath = _flowsByDatapath[old.Datapath];
        onDatapath.Remove(id);
        if (onDatapath.Count == 0)
            _flowsByDatapath.Remove(old.Datapath);
        return old;
    }

    private static string Required(string value, string what) =>
        value.Length > 0 ? value : throw new FormatException($"{what} is empty");
}
