using System.Collections.Immutable;
using Overlay.Northd.Store;
using Sb = Overlay.Contracts.Sb;

namespace Overlay.Northd.Southbound;

/// <summary>
/// The southbound state at one revision, already in wire form, indexed by datapath. Immutable and
/// structurally shared with the views before it, so keeping a few hundred of them (the resume history)
/// costs little and any task may read one without locks. Messages inside are never mutated once stored.
/// </summary>
internal sealed class SbView
{
    private ImmutableDictionary<string, ImmutableArray<string>>? chassisPorts;

    public SbView(
        long revision,
        ImmutableDictionary<uint, DatapathView> datapaths,
        ImmutableDictionary<string, Sb.PortBinding> ports,
        ImmutableDictionary<string, string> portChassis,
        ImmutableSortedDictionary<string, Sb.Chassis> chassis,
        ImmutableSortedDictionary<string, Sb.AddressSet> addressSets,
        ImmutableSortedDictionary<string, Sb.PortGroup> portGroups,
        ImmutableDictionary<string, ImmutableArray<string>>? chassisPorts = null)
    {
        Revision = revision;
        Datapaths = datapaths;
        Ports = ports;
        PortChassis = portChassis;
        Chassis = chassis;
        AddressSets = addressSets;
        PortGroups = portGroups;
        this.chassisPorts = chassisPorts;
    }

    public static SbView Empty { get; } = new(0, ImmutableDictionary<uint, DatapathView>.Empty,
        ImmutableDictionary.Create<string, Sb.PortBinding>(StringComparer.Ordinal), ImmutableDictionary.Create<string, string>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, Sb.Chassis>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, Sb.AddressSet>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, Sb.PortGroup>(StringComparer.Ordinal));

    public long Revision { get; }

    /// <summary>Datapath tunnel key → its binding, ports, multicast groups and flows.</summary>
    public ImmutableDictionary<uint, DatapathView> Datapaths { get; }

    /// <summary>Every port binding by name (with its chassis).</summary>
    public ImmutableDictionary<string, Sb.PortBinding> Ports { get; }

    /// <summary>Logical port → chassis, from the chassis table (names may not exist in the NB yet).</summary>
    public ImmutableDictionary<string, string> PortChassis { get; }

    public ImmutableSortedDictionary<string, Sb.Chassis> Chassis { get; }

    public ImmutableSortedDictionary<string, Sb.AddressSet> AddressSets { get; }

    public ImmutableSortedDictionary<string, Sb.PortGroup> PortGroups { get; }

    /// <summary>Chassis → the logical ports bound to it; built on first use and shared while bindings stay.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> ChassisPorts => chassisPorts ??= Invert(PortChassis);

    internal ImmutableDictionary<string, ImmutableArray<string>>? ChassisPortsIfBuilt => chassisPorts;

    public static ImmutableSortedDictionary<string, Sb.Chassis> ChassisTable(ImmutableArray<ChassisEntry> entries)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, Sb.Chassis>(StringComparer.Ordinal);
        foreach (var c in entries) b[c.Name] = new Sb.Chassis { Name = c.Name, EncapIp = c.EncapIp };
        return b.ToImmutable();
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> Invert(ImmutableDictionary<string, string> portChassis)
    {
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (port, chassis) in portChassis)
        {
            if (!lists.TryGetValue(chassis, out var list)) lists[chassis] = list = [];
            list.Add(port);
        }
        return lists.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);
    }
}

/// <summary>One logical datapath in wire form: its binding (null while only leftovers remain mid-update), ports, groups, flows.</summary>
internal sealed record DatapathView(
    Sb.Datapath? Binding,
    ImmutableDictionary<string, Sb.PortBinding> Ports,
    ImmutableDictionary<string, Sb.MulticastGroup> Groups,
    ImmutableDictionary<ulong, Sb.LogicalFlow> Flows)
{
    public static DatapathView Empty { get; } = new(null, ImmutableDictionary.Create<string, Sb.PortBinding>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, Sb.MulticastGroup>(StringComparer.Ordinal), ImmutableDictionary<ulong, Sb.LogicalFlow>.Empty);

    public bool IsEmpty => Binding is null && Ports.IsEmpty && Groups.IsEmpty && Flows.IsEmpty;
}
