using System.Collections.Frozen;

namespace Overlay.OpenFlow.Errors;

/// <summary>
/// Names and descriptions of OpenFlow 1.5 error codes as ovs-ofctl prints them,
/// including the Nicira experimenter errors Open vSwitch sends (NXBRC_*, NXTTMFC_*, ...).
/// </summary>
public static partial class OfpErrorCatalog
{
    /// <summary>The ofp_error_msg type value that introduces an experimenter error.</summary>
    public const ushort ExperimenterType = 0xffff;

    private static readonly FrozenDictionary<(ushort Type, ushort Code, uint Vendor), ErrorEntry> ByKey;
    private static readonly FrozenDictionary<string, ErrorEntry> ByName;

    // A static constructor, because Entries lives in the other part of this partial
    // class and field initializers across parts run in no defined order.
    static OfpErrorCatalog()
    {
        ByKey = Entries.ToFrozenDictionary(e => (e.Type, e.Code, e.Vendor));
        ByName = Entries.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// The ovs-ofctl name (e.g. OFPBRC_BAD_TYPE) and description for a standard error
    /// (<paramref name="experimenter"/> = 0) or an experimenter error (type = its exp_code).
    /// </summary>
    public static (string Name, string Description)? Lookup(ushort type, ushort code, uint experimenter)
    {
        (ushort, ushort, uint) key = experimenter == 0 ? (type, code, 0u) : (code, (ushort)0, experimenter);
        return ByKey.TryGetValue(key, out ErrorEntry? e) ? (e.Name, e.Description) : null;
    }

    /// <summary>Wire values of a named error: (type, code, experimenter) as an OpenFlow 1.5 switch sends them.</summary>
    public static (ushort Type, ushort Code, uint Experimenter)? Find(string name)
    {
        if (!ByName.TryGetValue(name, out ErrorEntry? e))
        {
            return null;
        }

        return e.Vendor == 0 ? (e.Type, e.Code, 0u) : (ExperimenterType, e.Type, e.Vendor);
    }

    /// <summary>OFPET_* name of an error type.</summary>
    public static string TypeName(ushort type) => type switch
    {
        0 => "OFPET_HELLO_FAILED",
        1 => "OFPET_BAD_REQUEST",
        2 => "OFPET_BAD_ACTION",
        3 => "OFPET_BAD_INSTRUCTION",
        4 => "OFPET_BAD_MATCH",
        5 => "OFPET_FLOW_MOD_FAILED",
        6 => "OFPET_GROUP_MOD_FAILED",
        7 => "OFPET_PORT_MOD_FAILED",
        8 => "OFPET_TABLE_MOD_FAILED",
        9 => "OFPET_QUEUE_OP_FAILED",
        10 => "OFPET_SWITCH_CONFIG_FAILED",
        11 => "OFPET_ROLE_REQUEST_FAILED",
        12 => "OFPET_METER_MOD_FAILED",
        13 => "OFPET_TABLE_FEATURES_FAILED",
        14 => "OFPET_BAD_PROPERTY",
        15 => "OFPET_ASYNC_CONFIG_FAILED",
        16 => "OFPET_FLOW_MONITOR_FAILED",
        17 => "OFPET_BUNDLE_FAILED",
        ExperimenterType => "OFPET_EXPERIMENTER",
        _ => $"OFPET_{type}",
    };

    private sealed record ErrorEntry(ushort Type, ushort Code, uint Vendor, string Name, string Description);
}
