using System.Buffers.Binary;

namespace Overlay.OpenFlow.Wire;

/// <summary>The 8-byte header every OpenFlow message starts with.</summary>
public readonly record struct OfpHeader(byte Version, OfpType Type, ushort Length, uint Xid)
{
    public const int Size = 8;

    /// <summary>Reads a header; the caller guarantees at least 8 bytes.</summary>
    public static OfpHeader Read(ReadOnlySpan<byte> bytes) => new(
        bytes[0],
        (OfpType)bytes[1],
        BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
        BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]));

    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Xid);
    }

    public override string ToString() =>
        $"{OfpTypeNames.Name(Type)} ({OfpVersion.Name(Version)}) (xid=0x{Xid:x}) len={Length}";
}
