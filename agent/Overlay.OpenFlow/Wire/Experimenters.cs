namespace Overlay.OpenFlow.Wire;

/// <summary>Experimenter (vendor) ids that appear in messages, actions, OXM and errors.</summary>
public static class Experimenters
{
    /// <summary>Nicira, used by all Open vSwitch extensions (NXT_*, NXAST_*, NX errors).</summary>
    public const uint Nicira = 0x00002320;

    /// <summary>Open Networking Foundation (ONF extensions for OF1.3).</summary>
    public const uint Onf = 0x4f4e4600;
}
