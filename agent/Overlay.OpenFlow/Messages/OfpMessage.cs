using System.Buffers;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// Base of every OpenFlow message. One small record per message type; <see cref="Encode"/>
/// produces the complete frame (header included) and <see cref="Decode(ReadOnlySpan{byte})"/>
/// turns one frame back into the matching record (or <see cref="UnknownMessage"/>).
/// </summary>
public abstract record OfpMessage
{
    /// <summary>Transaction id; replies carry the xid of their request.</summary>
    public uint Xid { get; init; }

    /// <summary>Wire version; this library speaks OpenFlow 1.5 (0x06).</summary>
    public byte Version { get; init; } = OfpVersion.OpenFlow15;

    public abstract OfpType Type { get; }

    /// <summary>The complete message, header included.</summary>
    public byte[] Encode()
    {
        var w = new OfpWriter(64);
        EncodeTo(w);
        return w.ToArray();
    }

    /// <summary>Decodes one complete frame; throws <see cref="OpenFlowProtocolException"/> if it is malformed.</summary>
    public static OfpMessage Decode(ReadOnlySpan<byte> frame) => OfpMessageDecoder.Decode(frame);

    public static OfpMessage Decode(in ReadOnlySequence<byte> frame) =>
        frame.IsSingleSegment ? Decode(frame.FirstSpan) : Decode(frame.ToArray());

    internal void EncodeTo(OfpWriter w)
    {
        int start = w.Position;
        w.U8(Version);
        w.U8((byte)Type);
        w.U16(0);
        w.U32(Xid);
        WriteBody(w);
        w.PatchLength(start + 2, start, OfpTypeNames.Name(Type));
    }

    internal abstract void WriteBody(OfpWriter w);
}
