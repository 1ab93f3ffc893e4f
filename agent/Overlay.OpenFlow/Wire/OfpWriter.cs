using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Overlay.OpenFlow.Wire;

/// <summary>
/// Growable big-endian byte writer used by all encoders. A pooled writer rents its buffer from
/// <see cref="ArrayPool{T}.Shared"/>; whoever ends up holding the buffer (see <see cref="DetachPooled"/>)
/// returns it.
/// </summary>
internal sealed class OfpWriter
{
    private readonly bool _pooled;
    private byte[] _buffer;
    private int _position;

    public OfpWriter(int capacity = 256) => _buffer = new byte[Math.Max(capacity, 16)];

    private OfpWriter(byte[] rented)
    {
        _buffer = rented;
        _pooled = true;
    }

    public static OfpWriter Pooled(int capacity) => new(ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 16)));

    public int Position => _position;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public void Clear() => _position = 0;

    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    /// <summary>
    /// Hands the pooled buffer (and the duty to return it) to the caller and continues on a fresh
    /// rented buffer of the same size, empty.
    /// </summary>
    public (byte[] Buffer, int Length) DetachPooled()
    {
        if (!_pooled)
        {
            throw new InvalidOperationException("only a pooled writer can hand over its buffer");
        }

        (byte[] Buffer, int Length) written = (_buffer, _position);
        _buffer = ArrayPool<byte>.Shared.Rent(_buffer.Length);
        _position = 0;
        return written;
    }

    /// <summary>Returns a pooled writer's buffer; the writer must not be used afterwards.</summary>
    public void ReturnPooled()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _position = 0;
        }
    }

    public void U8(byte value) => Reserve(1)[0] = value;

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    public void Zeros(int count) => Reserve(count).Clear();

    /// <summary>Writes a fixed-size NUL-padded ASCII string (e.g. a table name).</summary>
    public void FixedString(string value, int size)
    {
        Span<byte> dest = Reserve(size);
        dest.Clear();
        Encoding.ASCII.GetBytes(value.AsSpan(0, Math.Min(value.Length, size - 1)), dest);
    }

    /// <summary>Pads with zeros so that the bytes written since <paramref name="start"/> are a multiple of 8.</summary>
    public void PadTo8(int start)
    {
        int pad = (8 - ((_position - start) % 8)) % 8;
        Zeros(pad);
    }

    public void PatchU16(int offset, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(offset), value);

    /// <summary>Patches a 16-bit length field with the bytes written since <paramref name="start"/>.</summary>
    public void PatchLength(int lengthOffset, int start, string what)
    {
        int length = _position - start;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"{what} is {length} bytes, more than the 65535 OpenFlow allows");
        }

        PatchU16(lengthOffset, (ushort)length);
    }

    private Span<byte> Reserve(int count)
    {
        if (_position + count > _buffer.Length)
        {
            Grow(Math.Max(_buffer.Length * 2, _position + count));
        }

        Span<byte> span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private void Grow(int size)
    {
        if (!_pooled)
        {
            Array.Resize(ref _buffer, size);
            return;
        }

        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _position).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
