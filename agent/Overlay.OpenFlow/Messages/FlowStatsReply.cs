using System.Collections.Immutable;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// One part of an OFPMP_FLOW_DESC reply: <c>ofp15_flow_desc</c> entries (header, match,
/// OXS statistics, instructions). <see cref="MultipartFlags.More"/> means more parts follow.
/// </summary>
public sealed record FlowStatsReply(MultipartFlags Flags, ImmutableArray<FlowStats> Flows) : OfpMessage, IMultipartReply
{
    private const int DescSize = 24;

    public override OfpType Type => OfpType.MultipartReply;

    public MultipartType MultipartType => MultipartType.FlowDescription;

    internal override void WriteBody(OfpWriter w)
    {
        MultipartHeader.Write(w, MultipartType.FlowDescription, Flags);
        foreach (FlowStats s in Flows)
        {
            int start = w.Position;
            FlowEntry f = s.Flow;
            w.U16(0);
            w.Zeros(2);
            w.U8(f.Table);
            w.U8(0);
            w.U16(f.Priority);
            w.U16(f.IdleTimeout);
            w.U16(f.HardTimeout);
            w.U16((ushort)f.Flags);
            w.U16(f.Importance);
            w.U64(f.Cookie);
            MatchCodec.Write(w, f.Match);
            OxsStats.Write(w, s);
            ActionCodec.WriteInstructions(w, f.Actions);
            w.PatchLength(start, start, "flow description");
        }
    }

    internal static FlowStatsReply Decode(MultipartFlags flags, ref OfpReader r)
    {
        var flows = ImmutableArray.CreateBuilder<FlowStats>();
        while (!r.End)
        {
            int length = r.PeekU16();
            if (length < DescSize)
            {
                throw r.Error($"flow description claims length {length}, shorter than its {DescSize}-byte header");
            }

            var e = new OfpReader(r.Bytes(length, "flow description"), "OFPMP_FLOW_DESC entry");
            e.Skip(4);
            byte table = e.U8();
            e.Skip(1);
            ushort priority = e.U16();
            ushort idle = e.U16();
            ushort hard = e.U16();
            var fmFlags = (FlowModFlags)e.U16();
            ushort importance = e.U16();
            ulong cookie = e.U64();
            Match match = MatchCodec.Read(ref e);
            OxsStats stats = OxsStats.Read(ref e);
            ActionList actions = ActionCodec.ReadInstructions(ref e);
            var entry = new FlowEntry(table, priority, cookie, match, actions)
            {
                IdleTimeout = idle,
                HardTimeout = hard,
                Flags = fmFlags,
                Importance = importance,
            };
            flows.Add(new FlowStats(entry, stats.DurationSeconds, stats.DurationNanoseconds, stats.Packets, stats.Bytes)
            {
                IdleAgeSeconds = stats.IdleSeconds,
            });
        }

        return new FlowStatsReply(flags, flows.ToImmutable());
    }
}
