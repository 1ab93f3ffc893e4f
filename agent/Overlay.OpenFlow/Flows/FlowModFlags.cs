namespace Overlay.OpenFlow.Flows;

/// <summary>OFPFF_* flow-mod flags.</summary>
[Flags]
public enum FlowModFlags : ushort
{
    None = 0,
    SendFlowRemoved = 1 << 0,
    CheckOverlap = 1 << 1,
    ResetCounts = 1 << 2,
    NoPacketCounts = 1 << 3,
    NoByteCounts = 1 << 4,
}

internal static class FlowModFlagsText
{
    /// <summary>The keywords ovs-ofctl accepts in flow text.</summary>
    public static IEnumerable<string> Keywords(FlowModFlags flags)
    {
        if (flags.HasFlag(FlowModFlags.SendFlowRemoved))
        {
            yield return "send_flow_rem";
        }

        if (flags.HasFlag(FlowModFlags.CheckOverlap))
        {
            yield return "check_overlap";
        }

        if (flags.HasFlag(FlowModFlags.ResetCounts))
        {
            yield return "reset_counts";
        }

        if (flags.HasFlag(FlowModFlags.NoPacketCounts))
        {
            yield return "no_packet_counts";
        }

        if (flags.HasFlag(FlowModFlags.NoByteCounts))
        {
            yield return "no_byte_counts";
        }
    }
}
