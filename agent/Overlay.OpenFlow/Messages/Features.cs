using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>OFPT_FEATURES_REQUEST.</summary>
public sealed record FeaturesRequest : OfpMessage
{
    public override OfpType Type => OfpType.FeaturesRequest;

    internal override void WriteBody(OfpWriter w)
    {
    }
}

/// <summary>OFPT_FEATURES_REPLY (OpenFlow 1.3+ layout): datapath id, buffers, tables, capabilities.</summary>
public sealed record FeaturesReply(ulong DatapathId, uint Buffers, byte Tables, byte AuxiliaryId, uint Capabilities) : OfpMessage
{
    public override OfpType Type => OfpType.FeaturesReply;

    internal override void WriteBody(OfpWriter w)
    {
        w.U64(DatapathId);
        w.U32(Buffers);
        w.U8(Tables);
        w.U8(AuxiliaryId);
        w.Zeros(2);
        w.U32(Capabilities);
        w.U32(0);
    }

    internal static FeaturesReply DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new OfpReader(body, "OFPT_FEATURES_REPLY");
        ulong dpid = r.U64();
        uint buffers = r.U32();
        byte tables = r.U8();
        byte aux = r.U8();
        r.Skip(2);
        uint caps = r.U32();
        r.Skip(4, "reserved");
        return new FeaturesReply(dpid, buffers, tables, aux, caps);
    }
}
