using System.Buffers.Binary;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// An OXM/NXM TLV header: 32 bits (class, field, hasmask, length), plus the 32-bit
/// experimenter id for class 0xffff. <see cref="PayloadLength"/> is the number of
/// value (+mask) bytes that follow the header.
/// </summary>
public readonly record struct OxmHeader(OxmFieldId Id, bool HasMask, int PayloadLength)
{
    public int HeaderSize => Id.IsExperimenter ? 8 : 4;

    /// <summary>Bytes of the value alone.</summary>
    public int ValueLength => HasMask ? PayloadLength / 2 : PayloadLength;

    /// <summary>Header for a field value of <paramref name="valueLength"/> bytes.</summary>
    public static OxmHeader For(OxmFieldId id, int valueLength, bool hasMask) =>
        new(id, hasMask, hasMask ? valueLength * 2 : valueLength);

    internal void Write(OfpWriter w)
    {
        int wireLength = PayloadLength + (Id.IsExperimenter ? 4 : 0);
        if (wireLength > byte.MaxValue)
        {
            throw new InvalidOperationException($"OXM field {Id} is {PayloadLength} bytes, too long for its header");
        }

        w.U32(((uint)Id.Class << 16) | ((uint)Id.Field << 9) | (HasMask ? 0x100u : 0u) | (uint)wireLength);
        if (Id.IsExperimenter)
        {
            w.U32(Id.Experimenter);
        }
    }

    internal static OxmHeader Read(ref OfpReader r)
    {
        uint raw = r.U32();
        var cls = (ushort)(raw >> 16);
        var field = (byte)((raw >> 9) & 0x7f);
        bool hasMask = (raw & 0x100) != 0;
        int length = (int)(raw & 0xff);
        uint experimenter = 0;
        if (cls == OxmClass.Experimenter)
        {
            experimenter = r.U32();
            length -= 4;
            if (length < 0)
            {
                throw r.Error($"experimenter OXM header 0x{raw:x8} has length {length + 4}, shorter than its experimenter id");
            }
        }

        if (hasMask && length % 2 != 0)
        {
            throw r.Error($"masked OXM field 0x{raw:x8} has odd payload length {length}");
        }

        return new OxmHeader(new OxmFieldId(cls, field, experimenter), hasMask, length);
    }

    /// <summary>Reads only the 4- or 8-byte header (as used in copy_field / table features).</summary>
    public static OxmHeader Parse(ReadOnlySpan<byte> bytes, out int consumed)
    {
        var r = new OfpReader(bytes, "OXM header");
        OxmHeader h = Read(ref r);
        consumed = r.Position;
        return h;
    }

    public override string ToString() => $"{Id}{(HasMask ? "/masked" : "")} len={PayloadLength}";

    internal static uint Raw(ushort cls, byte field, bool hasMask, int length) =>
        ((uint)cls << 16) | ((uint)field << 9) | (hasMask ? 0x100u : 0u) | (uint)length;

    internal static void WriteRaw(Span<byte> dest, uint raw) => BinaryPrimitives.WriteUInt32BigEndian(dest, raw);
}
