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

    /// <summary>overlay-northd's address (<c>--northd http://HOST:6641</c>): subscribe to this host's Southbound view. Excludes <see cref="ViewFile"/>.</summary>
    public string? Northd { get; set; }

    /// <summary>No message from northd (update or heartbeat) for this long: the subscription is presumed dead and reopened (3× northd's 10 s heartbeat).</summary>
    public TimeSpan NorthdHeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the local VIF set must stay still before it is reported to northd (a burst of VIF changes becomes one report).</summary>
    public TimeSpan BindingReportDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bound on one unary call to northd (binding and installed reports).</summary>
    public TimeSpan NorthdRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>OVSDB remote of the local Open vSwitch.</summary>
    public string Ovsdb { get; set; } = "unix:/var/run/openvswitch/db.sock";

    /// <summary>OpenFlow target: the bridge's management socket (never a controller connection, which flushes flows).</summary>
    public string OpenFlow { get; set; } = "unix:/var/run/openvswitch/br-int.mgmt";

    public string Bridge { get; set; } = "br-int";

    /// <summary>"netdev" (userspace) by default here: these machines have no OVS kernel module.</summary>
    public string DatapathType { get; set; } = "netdev";

    /// <summary>Where the last applied view is kept (<c>view.json</c>; with <see cref="Northd"/> also <c>southbound.json</c>, what northd sent).</summary>
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
