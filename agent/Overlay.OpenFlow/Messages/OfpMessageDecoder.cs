using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>Turns one complete frame into the record for its message type.</summary>
internal static class OfpMessageDecoder
{
    public static OfpMessage Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < OfpHeader.Size)
        {
            throw new OpenFlowProtocolException($"frame of {frame.Length} bytes is shorter than the 8-byte OpenFlow header");
        }

        OfpHeader h = OfpHeader.Read(frame);
        if (h.Length != frame.Length)
        {
            throw new OpenFlowProtocolException(
                $"{OfpTypeNames.Name(h.Type)} xid=0x{h.Xid:x}: header says {h.Length} bytes but the frame has {frame.Length}");
        }

        try
        {
            return DecodeBody(h, frame[OfpHeader.Size..]) with { Xid = h.Xid, Version = h.Version };
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OverflowException)
        {
            // Values our model refuses (e.g. a set_field with an all-zero mask) are malformed input too.
            throw new OpenFlowProtocolException($"{OfpTypeNames.Name(h.Type)} xid=0x{h.Xid:x}: {ex.Message}");
        }
    }

    private static OfpMessage DecodeBody(OfpHeader h, ReadOnlySpan<byte> body) =>
        h.Type switch
        {
            OfpType.Hello => Hello.DecodeBody(body),
            OfpType.Error => ErrorMessage.DecodeBody(body),
            OfpType.EchoRequest => new EchoRequest(ByteString.CopyFrom(body)),
            OfpType.EchoReply => new EchoReply(ByteString.CopyFrom(body)),
            OfpType.Experimenter => DecodeExperimenter(body),
            OfpType.FeaturesRequest => new FeaturesRequest(),
            OfpType.FeaturesReply => FeaturesReply.DecodeBody(body),
            OfpType.FlowMod => FlowMod.DecodeBody(body),
            OfpType.MultipartRequest => DecodeMultipart(body, isReply: false),
            OfpType.MultipartReply => DecodeMultipart(body, isReply: true),
            OfpType.BarrierRequest => new BarrierRequest(),
            OfpType.BarrierReply => new BarrierReply(),
            OfpType.BundleControl => BundleControl.DecodeBody(body),
            OfpType.BundleAddMessage => BundleAddMessage.DecodeBody(body),
            _ => new UnknownMessage(h.Type, ByteString.CopyFrom(body)),
        };

    private static OfpMessage DecodeExperimenter(ReadOnlySpan<byte> body)
    {
        var r = new OfpReader(body, "OFPT_EXPERIMENTER");
        uint experimenter = r.U32();
        uint subtype = r.U32();
        if (experimenter == Experimenters.Nicira)
        {
            switch (subtype)
            {
                case TlvTableMod.Subtype:
                    return TlvTableMod.Decode(ref r);
                case TlvTableRequest.Subtype:
                    return new TlvTableRequest();
                case TlvTableReply.Subtype:
                    return TlvTableReply.Decode(ref r);
            }
        }

        return new UnknownMessage(OfpType.Experimenter, ByteString.CopyFrom(body));
    }

    private static OfpMessage DecodeMultipart(ReadOnlySpan<byte> body, bool isReply)
    {
        var r = new OfpReader(body, isReply ? "OFPT_MULTIPART_REPLY" : "OFPT_MULTIPART_REQUEST");
        var type = (MultipartType)r.U16();
        var flags = (MultipartFlags)r.U16();
        r.Skip(4);
        return (type, isReply) switch
        {
            (MultipartType.FlowDescription, true) => FlowStatsReply.Decode(flags, ref r),
            (MultipartType.FlowDescription, false) => FlowStatsRequest.Decode(ref r),
            (MultipartType.TableFeatures, true) => new TableFeaturesReply(flags, TableFeatures.ReadAll(ref r)),
            (MultipartType.TableFeatures, false) => new TableFeaturesRequest(TableFeatures.ReadAll(ref r)) { Flags = flags },
            _ => new UnknownMultipart(isReply, type, flags, ByteString.CopyFrom(r.Rest)),
        };
    }
}
