using System.Collections.Immutable;

namespace Overlay.Ovsdb.OpenVSwitch;

/// <summary>
/// How a bridge should look. Defaults follow ovn-controller's integration bridge: <c>fail_mode=secure</c>,
/// <c>other_config:disable-in-band=true</c>, OpenFlow 1.5 only. <see cref="DatapathType"/> "" is OVS's default
/// (the kernel datapath); use "netdev" for the userspace datapath.
/// </summary>
public sealed record BridgeSettings(string Name)
{
    public string? FailMode { get; init; } = "secure";

    public ImmutableArray<string> Protocols { get; init; } = ["OpenFlow15"];

    public string DatapathType { get; init; } = "";

    public bool DisableInBand { get; init; } = true;

    internal const string DisableInBandKey = "disable-in-band";

    internal OvsdbDatum FailModeDatum => FailMode is null ? OvsdbDatum.EmptySet : FailMode;

    internal OvsdbDatum ProtocolsDatum => OvsdbDatum.StringSet(Protocols.IsDefault ? [] : Protocols);

    /// <summary>Whether an existing Bridge row already has these settings (other other_config keys are left alone).</summary>
    internal bool IsSatisfiedBy(OvsdbRow bridge)
    {
        var otherConfig = bridge.GetStringMap("other_config");
        bool inBandOk = DisableInBand
            ? otherConfig.TryGetValue(DisableInBandKey, out string? value) && value == "true"
            : !otherConfig.ContainsKey(DisableInBandKey);
        return inBandOk
            && bridge.TryGetValue("fail_mode", out var failMode) && failMode == FailModeDatum
            && bridge.TryGetValue("protocols", out var protocols) && protocols == ProtocolsDatum
            && bridge.TryGetValue("datapath_type", out var datapathType) && datapathType == (OvsdbDatum)DatapathType;
    }

    internal OvsdbRow ToRow(OvsdbDatum ports) => new()
    {
        ["name"] = Name,
        ["ports"] = ports,
        ["fail_mode"] = FailModeDatum,
        ["protocols"] = ProtocolsDatum,
        ["datapath_type"] = DatapathType,
        ["other_config"] = DisableInBand
            ? OvsdbDatum.StringMap([KeyValuePair.Create(DisableInBandKey, "true")])
            : OvsdbDatum.EmptyMap,
    };
}

/// <summary>The bridge's row uuid and what <see cref="OpenVSwitchDatabase.EnsureBridgeAsync"/> had to do.</summary>
public sealed record BridgeEnsureResult(Guid Uuid, bool Created, bool Updated);
