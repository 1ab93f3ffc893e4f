namespace Overlay.Agent.Configuration;

/// <summary>
/// The agent's settings (configuration section "Agent", filled from the command line). Validated at start by
/// <see cref="AgentOptionsValidator"/>; a bad value stops the host before any loop runs.
/// </summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The value of <see cref="Ovsdb"/> that runs without OVSDB (no bridge, tunnel or VIF management).</summary>
    public const string NoOvsdb = "none";

    /// <summary>The host view file (<c>--view</c>); re-read when it changes. Null: only the cache is used.</summary>
    public string? ViewFile { get; set; }

    /// <summary>OVSDB remote of the local Open vSwitch.</summary>
    public string Ovsdb { get; set; } = "unix:/var/run/openvswitch/db.sock";

    /// <summary>OpenFlow target: the bridge's management socket (never a controller connection, which flushes flows).</summary>
    public string OpenFlow { get; set; } = "unix:/var/run/openvswitch/br-int.mgmt";

    public string Bridge { get; set; } = "br-int";

    /// <summary>"netdev" (userspace) by default here: these machines have no OVS kernel module.</summary>
    public string DatapathType { get; set; } = "netdev";

    /// <summary>Where the last applied view is kept (<c>view.json</c>).</summary>
    public string CacheDir { get; set; } = "/var/lib/overlay-agent";

    /// <summary>How often installed flows are read back and compared with the desired ones.</summary>
    public TimeSpan AuditInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Backstop for file-change notifications: the view file is also checked this often.</summary>
    public TimeSpan ViewPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Overrides <c>external_ids:overlay-chassis-id</c>.</summary>
    public string? Chassis { get; set; }

    /// <summary>Overrides <c>external_ids:overlay-encap-ip</c>.</summary>
    public string? EncapIp { get; set; }

    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long flows wait for OVSDB (VIF and new tunnel port OpenFlow numbers) before being installed anyway.</summary>
    public TimeSpan TunnelPortWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bound on any single OpenFlow reply (a large bundle's commit included).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    public bool UsesOvsdb => !string.Equals(Ovsdb, NoOvsdb, StringComparison.Ordinal);
}
