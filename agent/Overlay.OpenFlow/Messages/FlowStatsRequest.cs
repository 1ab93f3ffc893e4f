using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// Multipart OFPMP_FLOW_DESC request (what OVS 3.1 answers for OpenFlow 1.5 flow dumps):
/// the flows in <see cref="TableId"/> (255 = all) covered by <see cref="Match"/> whose cookie
/// matches <see cref="Cookie"/> under <see cref="CookieMask"/>.
/// </summary>
public sealed record FlowStatsRequest(byte TableId = FlowMod.AllTables, ulong Cookie = 0, ulong CookieMask = 0) : OfpMessage
{
    public override OfpType Type => OfpType.MultipartRequest;

    public Match Match { get; init; } = Match.Any;

    public uint OutPort { get; init; } = OfPort.Any;

    public uint OutGroup { get; init; } = FlowMod.AnyGroup;

    internal override void WriteBody(OfpWriter w)
    {
        MultipartHeader.Write(w, MultipartType.FlowDescription, MultipartFlags.None);
        w.U8(TableId);
        w.Zeros(3);
        w.U32(OutPort);
        w.U32(OutGroup);
        w.Zeros(4);
        w.U64(Cookie);
        w.U64(CookieMask);
        MatchCodec.Write(w, Match);
    }

    internal static FlowStatsRequest Decode(ref OfpReader r)
    {
        byte table = r.U8();
        r.Skip(3);
        uint outPort = r.U32();
        uint outGroup = r.U32();
        r.Skip(4);
        ulong cookie = r.U64();
        ulong mask = r.U64();
        Match match = MatchCodec.Read(ref r);
        return new FlowStatsRequest(table, cookie, mask) { Match = match, OutPort = outPort, OutGroup = outGroup };
    }
}
