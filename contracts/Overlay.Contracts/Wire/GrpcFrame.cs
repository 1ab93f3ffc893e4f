using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Overlay.Contracts.Wire;

/// <summary>
/// The gRPC length-prefixed message: 1 byte compressed flag, 4 bytes big-endian length, the protobuf bytes.
/// We never negotiate compression, so a set flag is a protocol error.
/// </summary>
public static class GrpcFrame
{
    public const int HeaderSize = 5;

    /// <summary>
    /// Reads one frame from the front of <paramref name="buffer"/>. Returns false and leaves the buffer untouched when
    /// the frame is not complete yet. Throws <see cref="RpcException"/> (Internal for a compressed frame,
    /// ResourceExhausted for one longer than <paramref name="maxMessageSize"/>) as soon as the header shows it, also
    /// without consuming anything.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderSize)
            return false;

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        uint length = CheckHeader(header, maxMessageSize);
        if (buffer.Length - HeaderSize < length)
            return false;

        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Span form of <see cref="TryRead(ref ReadOnlySequence{byte}, int, out ReadOnlySequence{byte})"/>; consumed is 0 on false.</summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, int maxMessageSize, out ReadOnlySpan<byte> payload, out int consumed)
    {
        payload = default;
        consumed = 0;
        if (buffer.Length < HeaderSize)
            return false;

        uint length = CheckHeader(buffer[..HeaderSize], maxMessageSize);
        if ((uint)(buffer.Length - HeaderSize) < length)
            return false;

        payload = buffer.Slice(HeaderSize, (int)length);
        consumed = HeaderSize + (int)length;
        return true;
    }

    private static uint CheckHeader(ReadOnlySpan<byte> header, int maxMessageSize)
    {
        byte flag = header[0];
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (flag == 1)
            throw new RpcException(StatusCode.Internal, "compressed message received but no compression was negotiated");
        if (flag != 0)
            throw new RpcException(StatusCode.Internal, $"invalid compressed flag {flag} in message header");
        if (length > (uint)maxMessageSize)
            throw new RpcException(StatusCode.ResourceExhausted, $"message of {length} bytes exceeds the limit of {maxMessageSize} bytes");
        return length;
    }

    /// <summary>Writes <paramref name="message"/> as one uncompressed frame.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message)
    {
        int size = message.CalculateSize();
        WriteHeader(writer.GetSpan(HeaderSize), size);
        writer.Advance(HeaderSize);
        if (size > 0)
            message.WriteTo(writer);
    }

    /// <summary>Writes a frame header for a payload of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>The frame of <paramref name="message"/> as a new array.</summary>
    public static byte[] Encode(IMessage message)
    {
        int size = message.CalculateSize();
        var frame = new byte[HeaderSize + size];
        WriteHeader(frame, size);
        message.WriteTo(frame.AsSpan(HeaderSize));
        return frame;
    }
}
