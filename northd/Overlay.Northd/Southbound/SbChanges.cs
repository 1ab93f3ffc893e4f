namespace Overlay.Northd.Southbound;

/// <summary>
/// What one or more revisions touched in the southbound view, by key only. Contents are always looked up in
/// the newer view (present: send it; absent but held before: remove it), so changes of several revisions
/// merge by union and a resuming agent gets exactly the difference between the two views it spans.
/// </summary>
internal sealed class SbChanges
{
    public HashSet<uint> Datapaths { get; } = [];

    public HashSet<string> Ports { get; } = new(StringComparer.Ordinal);

    public HashSet<(uint Datapath, string Name)> Groups { get; } = [];

    public HashSet<(uint Datapath, ulong Id)> Flows { get; } = [];

    public HashSet<string> Chassis { get; } = new(StringComparer.Ordinal);

    public HashSet<string> AddressSets { get; } = new(StringComparer.Ordinal);

    public HashSet<string> PortGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Chassis whose relevant datapaths may have changed (their bindings or VIFs did).</summary>
    public HashSet<string> RelevanceChassis { get; } = new(StringComparer.Ordinal);

    /// <summary>A patch link changed: every chassis's relevant set may have changed.</summary>
    public bool RelevanceAll { get; set; }

    public static SbChanges None { get; } = new();

    public bool IsEmpty => Datapaths.Count == 0 && Ports.Count == 0 && Groups.Count == 0 && Flows.Count == 0
        && Chassis.Count == 0 && AddressSets.Count == 0 && PortGroups.Count == 0 && RelevanceChassis.Count == 0 && !RelevanceAll;

    public bool MayChangeRelevance(string chassis) => RelevanceAll || RelevanceChassis.Contains(chassis);

    public void UnionWith(SbChanges other)
    {
        Datapaths.UnionWith(other.Datapaths);
        Ports.UnionWith(other.Ports);
        Groups.UnionWith(other.Groups);
        Flows.UnionWith(other.Flows);
        Chassis.UnionWith(other.Chassis);
        AddressSets.UnionWith(other.AddressSets);
        PortGroups.UnionWith(other.PortGroups);
        RelevanceChassis.UnionWith(other.RelevanceChassis);
        RelevanceAll |= other.RelevanceAll;
    }
}
