using System.Buffers;
using System.Buffers.Binary;

namespace Overlay.OpenFlow.Wire;

/// <summary>
/// Splits a byte stream into OpenFlow messages using the length in the 8-byte header.
/// Like <c>Utf8JsonReader</c>, a partial frame consumes nothing: the caller keeps the
/// buffer and calls again once more bytes arrived.
/// </summary>
public static class OfpFrameReader
{
    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>.
    /// Returns false (buffer untouched) when the frame is not complete yet.
    /// Throws <see cref="OpenFlowProtocolException"/> when the header is malformed.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < OfpHeader.Size)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[OfpHeader.Size];
        buffer.Slice(0, OfpHeader.Size).CopyTo(header);
        int length = CheckedLength(header);
        if (buffer.Length < length)
        {
            return false;
        }

        frame = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        return true;
    }

    /// <summary>
    /// Span form: returns the length of the complete frame at the start of
    /// <paramref name="buffer"/>, or 0 when more bytes are needed.
    /// </summary>
    public static int TryGetFrameLength(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < OfpHeader.Size)
        {
            return 0;
        }

        int length = CheckedLength(buffer);
        return buffer.Length >= length ? length : 0;
    }

    private static int CheckedLength(ReadOnlySpan<byte> header)
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (length < OfpHeader.Size)
        {
            throw new OpenFlowProtocolException(
                $"frame header claims length {length}, shorter than the 8-byte OpenFlow header " +
                $"(version 0x{header[0]:x2}, type {header[1]}, xid 0x{BinaryPrimitives.ReadUInt32BigEndian(header[4..]):x})");
        }

        return length;
    }
}
