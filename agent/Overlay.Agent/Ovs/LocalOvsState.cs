using System.Collections.Immutable;

namespace Overlay.Agent.Ovs;

/// <summary>This host's chassis name and Geneve encap IP.</summary>
public sealed record ChassisIdentity(string Chassis, string EncapIp)
{
    /// <summary><c>Open_vSwitch . external_ids:overlay-chassis-id</c>: this host's chassis name.</summary>
    public const string ChassisKey = "overlay-chassis-id";

    /// <summary><c>Open_vSwitch . external_ids:overlay-encap-ip</c>: the IP other chassis tunnel to.</summary>
    public const string EncapIpKey = "overlay-encap-ip";

    /// <summary>The identity in <paramref name="externalIds"/>, or null when either key is missing or empty.</summary>
    public static ChassisIdentity? FromExternalIds(IReadOnlyDictionary<string, string> externalIds) =>
        externalIds.TryGetValue(ChassisKey, out string? chassis) && chassis.Length > 0
        && externalIds.TryGetValue(EncapIpKey, out string? ip) && ip.Length > 0
            ? new ChassisIdentity(chassis, ip)
            : null;
}

/// <summary>
/// What OVSDB says about this host right now: the identity keys, the VIFs on the integration bridge
/// (Interface <c>external_ids:iface-id</c> → OpenFlow port, null until ovs-vswitchd assigns one), and the
/// OpenFlow port of the tunnel port the agent made toward each remote chassis. <see cref="Live"/> is false
/// until the first OVSDB snapshot arrives (then cached values are used instead).
/// </summary>
public sealed record LocalOvsState(
    bool Live,
    ChassisIdentity? Identity,
    ImmutableSortedDictionary<string, uint?> Vifs,
    ImmutableSortedDictionary<string, uint?> TunnelOfPorts)
{
    public static LocalOvsState NotLive { get; } = new(
        false,
        null,
        ImmutableSortedDictionary.Create<string, uint?>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, uint?>(StringComparer.Ordinal));

    /// <summary>Same content (records holding dictionaries compare them by reference).</summary>
    public bool SameAs(LocalOvsState other) =>
        Live == other.Live && Identity == other.Identity
        && Vifs.Count == other.Vifs.Count && Vifs.All(kv => other.Vifs.TryGetValue(kv.Key, out uint? o) && o == kv.Value)
        && TunnelOfPorts.Count == other.TunnelOfPorts.Count && TunnelOfPorts.All(kv => other.TunnelOfPorts.TryGetValue(kv.Key, out uint? o) && o == kv.Value);
}
