using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// A canonical <see cref="MatchField"/> of at most 16 bytes as integers: the same key always makes an equal field
/// (value and mask big-endian in <see cref="ValueLength"/>/<see cref="MaskLength"/> bytes; no mask when
/// <see cref="MaskLength"/> is -1), so a table keyed by it shares fields without hashing byte arrays.
/// </summary>
internal readonly struct FieldKey(OfField field, UInt128 value, UInt128 mask, int valueLength, int maskLength) : IEquatable<FieldKey>
{
    public OfField Field { get; } = field;

    public UInt128 Value { get; } = value;

    public UInt128 Mask { get; } = mask;

    public int ValueLength { get; } = valueLength;

    public int MaskLength { get; } = maskLength;

    /// <summary>The key of <paramref name="field"/>, or false when it is wider than 16 bytes.</summary>
    public static bool TryOf(MatchField field, out FieldKey key)
    {
        ReadOnlySpan<byte> value = field.Value.Span;
        ReadOnlySpan<byte> mask = field.Mask is { } m ? m.Span : default;
        if (value.Length > 16 || mask.Length > 16)
        {
            key = default;
            return false;
        }

        key = new FieldKey(field.Field, Read(value), Read(mask), value.Length, field.Mask is null ? -1 : mask.Length);
        return true;
    }

    public MatchField ToField() =>
        new(Field, Write(Value, ValueLength), MaskLength < 0 ? null : Write(Mask, MaskLength));

    public bool Equals(FieldKey other) =>
        ReferenceEquals(Field, other.Field) && Value == other.Value && Mask == other.Mask
        && ValueLength == other.ValueLength && MaskLength == other.MaskLength;

    public override bool Equals(object? obj) => obj is FieldKey other && Equals(other);

    public override int GetHashCode()
    {
        ulong h = (ulong)Value ^ ((ulong)(Value >> 64) * 0x9e3779b97f4a7c15UL) ^ ((ulong)Mask * 0xbf58476d1ce4e5b9UL)
            ^ ((ulong)(Mask >> 64) * 0x94d049bb133111ebUL) ^ (uint)(ValueLength << 8 | (MaskLength & 0xff));
        h ^= h >> 31;
        h *= 0xd6e8feb86659fd93UL;
        h ^= h >> 32;
        return (int)h ^ RuntimeHelpers.GetHashCode(Field);
    }

    private static UInt128 Read(ReadOnlySpan<byte> bytes)
    {
        UInt128 v = UInt128.Zero;
        foreach (byte b in bytes)
        {
            v = (v << 8) | b;
        }

        return v;
    }

    private static ByteString Write(UInt128 value, int length)
    {
        if (length == 0)
        {
            return ByteString.Empty;
        }

        Span<byte> tmp = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(tmp, value);
        return ByteString.Wrap(tmp[(16 - length)..].ToArray());
    }
}
