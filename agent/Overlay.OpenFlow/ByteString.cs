using System.Buffers.Binary;
using System.Collections;

namespace Overlay.OpenFlow;

/// <summary>
/// An immutable byte string with value equality, used for field values, masks and
/// opaque payloads so that records holding them compare structurally.
/// </summary>
public readonly struct ByteString : IEquatable<ByteString>, IReadOnlyList<byte>
{
    private readonly byte[]? _bytes;

    private ByteString(byte[] bytes) => _bytes = bytes;

    public static ByteString Empty { get; } = new([]);

    public int Length => _bytes?.Length ?? 0;

    public int Count => Length;

    public ReadOnlySpan<byte> Span => _bytes ?? [];

    public ReadOnlyMemory<byte> Memory => _bytes ?? [];

    public byte this[int index] => Span[index];

    public static ByteString CopyFrom(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>Big-endian encoding of <paramref name="value"/> in <paramref name="width"/> bytes (1..8).</summary>
    public static ByteString FromUInt64(ulong value, int width)
    {
        if (width is < 1 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "width must be 1..8 bytes");
        }

        if (width < 8 && value >> (width * 8) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"0x{value:x} does not fit in {width} bytes");
        }

        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(tmp, value);
        return new ByteString(tmp[(8 - width)..].ToArray());
    }

    /// <summary>Big-endian encoding of <paramref name="value"/> in <paramref name="width"/> bytes (1..16).</summary>
    public static ByteString FromUInt128(UInt128 value, int width)
    {
        if (width is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "width must be 1..16 bytes");
        }

        if (width < 16 && value >> (width * 8) != UInt128.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"0x{value:x} does not fit in {width} bytes");
        }

        Span<byte> tmp = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(tmp, value);
        return new ByteString(tmp[(16 - width)..].ToArray());
    }

    /// <summary>All-ones bytes of the given length (an exact-match mask).</summary>
    public static ByteString Ones(int length)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(0xff);
        return new ByteString(bytes);
    }

    public static ByteString FromHex(string hex)
    {
        string clean = hex.Replace(" ", "", StringComparison.Ordinal);
        return new ByteString(Convert.FromHexString(clean));
    }

    /// <summary>Big-endian value; throws if longer than 8 bytes.</summary>
    public ulong ToUInt64()
    {
        ReadOnlySpan<byte> span = Span;
        if (span.Length > 8)
        {
            throw new InvalidOperationException($"{span.Length}-byte value does not fit in 64 bits");
        }

        ulong value = 0;
        foreach (byte b in span)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Big-endian value; throws if longer than 16 bytes.</summary>
    public UInt128 ToUInt128()
    {
        ReadOnlySpan<byte> span = Span;
        if (span.Length > 16)
        {
            throw new InvalidOperationException($"{span.Length}-byte value does not fit in 128 bits");
        }

        UInt128 value = UInt128.Zero;
        foreach (byte b in span)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public bool IsAllZeros => !Span.ContainsAnyExcept((byte)0);

    public bool IsAllOnes => !Span.ContainsAnyExcept((byte)0xff);

    /// <summary>Lower-case hex without separators.</summary>
    public string ToHex() => Convert.ToHexStringLower(Span);

    public bool Equals(ByteString other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ByteString other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(ByteString left, ByteString right) => left.Equals(right);

    public static bool operator !=(ByteString left, ByteString right) => !left.Equals(right);

    public IEnumerator<byte> GetEnumerator() => ((IEnumerable<byte>)(_bytes ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => ToHex();

    /// <summary>Wraps an array the caller promises never to modify again.</summary>
    internal static ByteString Wrap(byte[] bytes) => new(bytes);
}
