using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>OFPMP_* multipart types this library decodes.</summary>
public enum MultipartType : ushort
{
    Description = 0,

    /// <summary>OFPMP_FLOW_DESC in OpenFlow 1.5 (OFPMP_FLOW before): installed flows with counters.</summary>
    FlowDescription = 1,
    Aggregate = 2,
    Table = 3,
    PortStats = 4,
    TableFeatures = 12,
    PortDescription = 13,
    Experimenter = 0xffff,
}

/// <summary>OFPMPF_* flags: a reply (or request) with <see cref="More"/> set continues in the next message.</summary>
[Flags]
public enum MultipartFlags : ushort
{
    None = 0,
    More = 1,
}

/// <summary>Implemented by every multipart reply so a connection can reassemble the parts.</summary>
public interface IMultipartReply
{
    MultipartType MultipartType { get; }

    MultipartFlags Flags { get; }
}

internal static class MultipartHeader
{
    public static void Write(OfpWriter w, MultipartType type, MultipartFlags flags)
    {
        w.U16((ushort)type);
        w.U16((ushort)flags);
        w.Zeros(4);
    }
}

/// <summary>A multipart request or reply of a type this library does not model.</summary>
public sealed record UnknownMultipart(bool IsReply, MultipartType MultipartType, MultipartFlags Flags, ByteString Body) : OfpMessage, IMultipartReply
{
    public override OfpType Type => IsReply ? OfpType.MultipartReply : OfpType.MultipartRequest;

    internal override void WriteBody(OfpWriter w)
    {
        MultipartHeader.Write(w, MultipartType, Flags);
        w.Bytes(Body.Span);
    }
}
