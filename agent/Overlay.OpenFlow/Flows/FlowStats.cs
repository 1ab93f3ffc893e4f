using System.Globalization;

namespace Overlay.OpenFlow.Flows;

/// <summary>One installed flow read back with OFPMP_FLOW_DESC, with its counters.</summary>
public sealed record FlowStats(FlowEntry Flow, uint DurationSeconds, uint DurationNanoseconds, ulong PacketCount, ulong ByteCount)
{
    /// <summary>Seconds since the flow last matched a packet, when the switch reports it.</summary>
    public uint? IdleAgeSeconds { get; init; }

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds) + TimeSpan.FromTicks(DurationNanoseconds / 100);

    /// <summary>Roughly the <c>ovs-ofctl dump-flows</c> line.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"cookie=0x{Flow.Cookie:x}, duration={DurationSeconds}.{DurationNanoseconds / 1_000_000:D3}s, table={Flow.Table}, n_packets={PacketCount}, n_bytes={ByteCount}, priority={Flow.Priority}{(Flow.Match.IsEmpty ? "" : "," + Flow.Match)} actions={Flow.Actions}");
}
