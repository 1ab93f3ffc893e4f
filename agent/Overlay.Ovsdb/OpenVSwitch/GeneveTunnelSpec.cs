using System.Collections.Immutable;

namespace Overlay.Ovsdb.OpenVSwitch;

/// <summary>
/// A Geneve tunnel port (one Port with one Interface of the same name) on <see cref="Bridge"/>, as ovn-controller
/// creates them: <c>options:remote_ip</c>, <c>key=flow</c> (VNI from the flow's tun_id), <c>csum=true</c>.
/// <see cref="ExternalIds"/> go on the Port; <see cref="ExtraOptions"/> (e.g. <c>dst_port</c>, <c>local_ip</c>) on the Interface.
/// </summary>
public sealed record GeneveTunnelSpec(string Bridge, string PortName, string RemoteIp)
{
    public bool Checksum { get; init; } = true;

    public ImmutableSortedDictionary<string, string> ExternalIds { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    public ImmutableSortedDictionary<string, string> ExtraOptions { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The Interface's complete <c>options</c> map.</summary>
    public ImmutableSortedDictionary<string, string> Options =>
        ExtraOptions.WithComparers(StringComparer.Ordinal)
            .SetItem("remote_ip", RemoteIp)
            .SetItem("key", "flow")
            .SetItem("csum", Checksum ? "true" : "false");
}

public enum TunnelEnsureResult
{
    Created,
    Updated,
    Unchanged,
}
