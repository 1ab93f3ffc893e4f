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
    // Scratch space for Encode(IBufferWriter): messages are encoded whole, then copied once.
    [ThreadStatic]
    private static OfpWriter? t_scratch;

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

    /// <summary>
    /// Appends the complete message, header included, to <paramref name="destination"/>; the same bytes as
    /// <see cref="Encode()"/> without a new array per message. Returns the number of bytes written.
    /// </summary>
    public int Encode(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        OfpWriter w = t_scratch ??= new OfpWriter(1024);
        w.Clear();
        EncodeTo(w);
        ReadOnlySpan<byte> written = w.WrittenSpan;
        written.CopyTo(destination.GetSpan(written.Length));
        destination.Advance(written.Length);
        return written.Length;
    }

    /// <summary>Decodes one complete frame; throws <see cref="OpenFlowProtocolException"/> if it is malformed.</summary>
    public static OfpMessage Decode(ReadOnlySpan<byte> frame) => OfpMessageDecoder.Decode(frame);

    public static OfpMessage Decode(in ReadOnlySequence<byte> frame) =>
        frame.IsSingleSegment ? Decode(frame.FirstSpan) : Decode(frame.ToArray());

    internal void EncodeTo(OfpWriter w) => EncodeTo(w, Version, Xid);

    /// <summary>Encodes with the given header version and xid in place of this record's (no copy of the record).</summary>
    internal void EncodeTo(OfpWriter w, byte version, uint xid)
    {
        int start = w.Position;
        w.U8(version);
        w.U8((byte)Type);
        w.U16(0);
        w.U32(xid);
        WriteBody(w);
        w.PatchLength(start + 2, start, OfpTypeNames.Name(Type));
    }

    internal abstract void WriteBody(OfpWriter w);
}
