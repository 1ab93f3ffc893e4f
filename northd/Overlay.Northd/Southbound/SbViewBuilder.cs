using System.Collections.Immutable;
using Overlay.Contracts.Sb;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.State;
using Sb = Overlay.Contracts.Sb;

namespace Overlay.Northd.Southbound;

/// <summary>
/// Builds southbound views: the first from a whole compiled network, each next one from the previous
/// view, the compiler's diff and the new durable state, recording which keys it touched.
/// </summary>
internal static class SbViewBuilder
{
    private const string Patch = "patch";

    public static SbView Build(LogicalNetwork network, NorthdState state)
    {
        var portChassis = state.PortChassis;
        var dps = new Dictionary<uint, DatapathBuilder>();
        DatapathBuilder Get(uint key) => dps.TryGetValue(key, out var b) ? b : dps[key] = new DatapathBuilder(DatapathView.Empty);
        var ports = ImmutableDictionary.CreateBuilder<string, Sb.PortBinding>(StringComparer.Ordinal);

        foreach (var dp in network.Datapaths) Get(dp.Key).Binding = SbConvert.ToProto(dp);
        foreach (var p in network.Ports)
        {
            var pb = SbConvert.ToProto(p, portChassis.GetValueOrDefault(p.Name));
            Get(p.Datapath).Ports[p.Name] = pb;
            ports[p.Name] = pb;
        }
        foreach (var g in network.MulticastGroups) Get(g.Datapath).Groups[g.Name] = SbConvert.ToProto(g);
        foreach (var f in network.Flows) Get(f.Datapath).Flows[f.Id] = SbConvert.ToProto(f);

        var datapaths = ImmutableDictionary.CreateBuilder<uint, DatapathView>();
        foreach (var (key, b) in dps) datapaths[key] = b.ToView();
        var sets = ImmutableSortedDictionary.CreateBuilder<string, Sb.AddressSet>(StringComparer.Ordinal);
        foreach (var s in network.AddressSets) sets[s.Name] = SbConvert.ToProto(s);
        var groups = ImmutableSortedDictionary.CreateBuilder<string, Sb.PortGroup>(StringComparer.Ordinal);
        foreach (var g in network.PortGroups) groups[g.Name] = SbConvert.ToProto(g);
        return new SbView(state.Revision, datapaths.ToImmutable(), ports.ToImmutable(), portChassis,
            SbView.ChassisTable(state.Chassis), sets.ToImmutable(), groups.ToImmutable());
    }

    /// <summary>
    /// The view at <paramref name="state"/>'s revision. <paramref name="diff"/> is the compiler's output when the NB
    /// changed (null for a chassis record); <paramref name="previous"/> is the state <paramref name="view"/> reflects.
    /// </summary>
    public static SbView Next(SbView view, NorthdState previous, NorthdState state, LogicalFlowDiff? diff, out SbChanges changes)
    {
        var touched = new SbChanges();
        changes = touched;
        bool chassisChanged = previous.Chassis != state.Chassis;
        var portChassis = chassisChanged ? state.PortChassis : view.PortChassis;
        var dps = new Dictionary<uint, DatapathBuilder>();
        DatapathBuilder Get(uint key) =>
            dps.TryGetValue(key, out var b) ? b : dps[key] = new DatapathBuilder(view.Datapaths.GetValueOrDefault(key) ?? DatapathView.Empty);
        var ports = view.Ports.ToBuilder();
        var sets = view.AddressSets;
        var groups = view.PortGroups;

        void TouchPort(string name, string type, string? chassis)
        {
            touched.Ports.Add(name);
            if (type == Patch) touched.RelevanceAll = true;
            else if (chassis is not null) touched.RelevanceChassis.Add(chassis);
        }

        if (diff is not null)
        {
            foreach (var dp in diff.Datapaths.Removed) { Get(dp.Key).Binding = null; changes.Datapaths.Add(dp.Key); }
            foreach (var dp in diff.Datapaths.Added) { Get(dp.Key).Binding = SbConvert.ToProto(dp); changes.Datapaths.Add(dp.Key); }
            foreach (var p in diff.Ports.Removed)
            {
                Get(p.Datapath).Ports.Remove(p.Name);
                if (ports.TryGetValue(p.Name, out var held) && held.Datapath == p.Datapath) ports.Remove(p.Name);
                TouchPort(p.Name, p.Type, view.PortChassis.GetValueOrDefault(p.Name));
            }
            foreach (var p in diff.Ports.Added)
            {
                var pb = SbConvert.ToProto(p, portChassis.GetValueOrDefault(p.Name));
                Get(p.Datapath).Ports[p.Name] = pb;
                ports[p.Name] = pb;
                TouchPort(p.Name, p.Type, portChassis.GetValueOrDefault(p.Name));
            }
            foreach (var g in diff.MulticastGroups.Removed) { Get(g.Datapath).Groups.Remove(g.Name); changes.Groups.Add((g.Datapath, g.Name)); }
            foreach (var g in diff.MulticastGroups.Added) { Get(g.Datapath).Groups[g.Name] = SbConvert.ToProto(g); changes.Groups.Add((g.Datapath, g.Name)); }
            foreach (var f in diff.Removed) { Get(f.Datapath).Flows.Remove(f.Id); changes.Flows.Add((f.Datapath, f.Id)); }
            foreach (var f in diff.Added) { Get(f.Datapath).Flows[f.Id] = SbConvert.ToProto(f); changes.Flows.Add((f.Datapath, f.Id)); }
            foreach (var s in diff.AddressSets.Removed) { sets = sets.Remove(s.Name); changes.AddressSets.Add(s.Name); }
            foreach (var s in diff.AddressSets.Added) { sets = sets.SetItem(s.Name, SbConvert.ToProto(s)); changes.AddressSets.Add(s.Name); }
            foreach (var g in diff.PortGroups.Removed) { groups = groups.Remove(g.Name); changes.PortGroups.Add(g.Name); }
            foreach (var g in diff.PortGroups.Added) { groups = groups.SetItem(g.Name, SbConvert.ToProto(g)); changes.PortGroups.Add(g.Name); }
        }

        var chassisTable = view.Chassis;
        if (chassisChanged)
        {
            // Rebind ports whose chassis changed; both chassis (old and new) may see their relevant set change.
            foreach (var port in ChangedKeys(view.PortChassis, portChassis))
            {
                string? was = view.PortChassis.GetValueOrDefault(port), now = portChassis.GetValueOrDefault(port);
                if (was is not null) changes.RelevanceChassis.Add(was);
                if (now is not null) changes.RelevanceChassis.Add(now);
                if (!ports.TryGetValue(port, out var pb) || pb.Chassis == (now ?? "")) continue;
                var rebound = pb.Clone();
                rebound.Chassis = now ?? "";
                ports[port] = rebound;
                Get(pb.Datapath).Ports[port] = rebound;
                changes.Ports.Add(port);
            }
            chassisTable = SbView.ChassisTable(state.Chassis);
            foreach (var name in view.Chassis.Keys.Union(chassisTable.Keys, StringComparer.Ordinal))
                if (!view.Chassis.TryGetValue(name, out var a) || !chassisTable.TryGetValue(name, out var b) || !a.Equals(b))
                    changes.Chassis.Add(name);
        }

        var datapaths = view.Datapaths;
        if (dps.Count > 0)
        {
            var builder = datapaths.ToBuilder();
            foreach (var (key, b) in dps)
            {
                var dv = b.ToView();
                if (dv.IsEmpty) builder.Remove(key);
                else builder[key] = dv;
            }
            datapaths = builder.ToImmutable();
        }
        return new SbView(state.Revision, datapaths, ports.ToImmutable(), portChassis, chassisTable, sets, groups,
            chassisChanged ? null : view.ChassisPortsIfBuilt);
    }

    private static IEnumerable<string> ChangedKeys(ImmutableDictionary<string, string> a, ImmutableDictionary<string, string> b)
    {
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var w) || w != v) yield return k;
        foreach (var k in b.Keys)
            if (!a.ContainsKey(k)) yield return k;
    }

    /// <summary>Mutable copy of one datapath while a view is built; collections are copied only when touched.</summary>
    private sealed class DatapathBuilder(DatapathView from)
    {
        private ImmutableDictionary<string, Sb.PortBinding>.Builder? ports;
        private ImmutableDictionary<string, Sb.MulticastGroup>.Builder? groups;
        private ImmutableDictionary<ulong, Sb.LogicalFlow>.Builder? flows;

        public Sb.Datapath? Binding { get; set; } = from.Binding;

        public ImmutableDictionary<string, Sb.PortBinding>.Builder Ports => ports ??= from.Ports.ToBuilder();

        public ImmutableDictionary<string, Sb.MulticastGroup>.Builder Groups => groups ??= from.Groups.ToBuilder();

        public ImmutableDictionary<ulong, Sb.LogicalFlow>.Builder Flows => flows ??= from.Flows.ToBuilder();

        public DatapathView ToView() => new(Binding, ports?.ToImmutable() ?? from.Ports, groups?.ToImmutable() ?? from.Groups, flows?.ToImmutable() ?? from.Flows);
    }
}
