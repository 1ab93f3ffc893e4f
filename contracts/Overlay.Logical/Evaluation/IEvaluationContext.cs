using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Overlay.Logical.Evaluation;

/// <summary>
/// What a match needs from outside the packet: which port names exist on the datapath being
/// evaluated, the members of $address_sets and @port_groups, and chassis residency.
/// </summary>
public interface IEvaluationContext
{
    /// <summary>
    /// True when <paramref name="name"/> is a logical port or multicast group of the datapath. As in OVN,
    /// a comparison with an unknown name is false whatever the operator.
    /// </summary>
    bool IsKnownPort(string name);

    /// <summary>The addresses of an address set (e.g. "10.0.0.1", "10.0.0.0/24", MACs), or null if there is none.</summary>
    ImmutableArray<string>? AddressSet(string name);

    /// <summary>The member port names of a port group on this datapath, or null if there is none.</summary>
    ImmutableArray<string>? PortGroup(string name);

    /// <summary><c>is_chassis_resident("port")</c>. The logical tracer answers true for every existing port.</summary>
    bool IsChassisResident(string port);
}

/// <summary>An <see cref="IEvaluationContext"/> over fixed collections, for tools and tests.</summary>
public sealed class EvaluationContext : IEvaluationContext
{
    private readonly FrozenSet<string> ports;
    private readonly FrozenDictionary<string, ImmutableArray<string>> addressSets;
    private readonly FrozenDictionary<string, ImmutableArray<string>> portGroups;

    public EvaluationContext(
        IEnumerable<string>? ports = null,
        IEnumerable<KeyValuePair<string, ImmutableArray<string>>>? addressSets = null,
        IEnumerable<KeyValuePair<string, ImmutableArray<string>>>? portGroups = null)
    {
        this.ports = (ports ?? []).ToFrozenSet(StringComparer.Ordinal);
        this.addressSets = (addressSets ?? []).ToFrozenDictionary(StringComparer.Ordinal);
        this.portGroups = (portGroups ?? []).ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>No ports, sets or groups.</summary>
    public static EvaluationContext Empty { get; } = new();

    public bool IsKnownPort(string name) => ports.Contains(name);

    public ImmutableArray<string>? AddressSet(string name) => addressSets.TryGetValue(name, out var a) ? a : null;

    public ImmutableArray<string>? PortGroup(string name) => portGroups.TryGetValue(name, out var p) ? p : null;

    public bool IsChassisResident(string port) => ports.Contains(port);
}
