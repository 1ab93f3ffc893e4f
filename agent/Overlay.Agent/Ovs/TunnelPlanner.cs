using System.Collections.Immutable;
using Overlay.Agent.Translator;
using Overlay.Ovsdb.OpenVSwitch;

namespace Overlay.Agent.Ovs;

/// <summary>What to do to br-int's tunnel ports: create or correct some, remove stale ones the agent made.</summary>
public sealed record TunnelPlan(ImmutableArray<GeneveTunnelSpec> Ensure, ImmutableArray<OvsPort> Remove)
{
    public bool IsEmpty => Ensure.IsEmpty && Remove.IsEmpty;
}

/// <summary>
/// Pure: the tunnel ports the translation needs vs the ports on the bridge. Ports the agent creates carry
/// <c>external_ids:overlay-chassis-id=&lt;remote chassis&gt;</c>; only such ports are ever removed, and only
/// when <c>mayRemove</c> (the flows that no longer use them are installed).
/// </summary>
public static class TunnelPlanner
{
    public static TunnelPlan Plan(string bridge, IEnumerable<TunnelPort> desired, IEnumerable<OvsPort> existing, bool mayRemove)
    {
        var byName = existing.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var ensure = ImmutableArray.CreateBuilder<GeneveTunnelSpec>();
        foreach (TunnelPort t in desired)
        {
            wanted.Add(t.Name);
            var spec = new GeneveTunnelSpec(bridge, t.Name, t.RemoteIp)
            {
                ExternalIds = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(OvsRows.TunnelChassisKey, t.Chassis)]),
            };
            if (!byName.TryGetValue(t.Name, out OvsPort? port) || !Matches(port, spec))
                ensure.Add(spec);
        }

        var remove = mayRemove
            ? existing.Where(p => p.ExternalIds.ContainsKey(OvsRows.TunnelChassisKey) && !wanted.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToImmutableArray()
            : [];
        return new TunnelPlan(ensure.ToImmutable(), remove);
    }

    private static bool Matches(OvsPort port, GeneveTunnelSpec spec) =>
        port.Interfaces is [var iface] && iface.Name == spec.PortName && iface.Type == "geneve"
        && SameMap(iface.Options, spec.Options) && SameMap(port.ExternalIds, spec.ExternalIds);

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out string? v) && v == kv.Value);
}
