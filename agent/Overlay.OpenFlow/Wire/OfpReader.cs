using System.Buffers.Binary;
using System.Text;

namespace Overlay.OpenFlow.Wire;

/// <summary>
/// Bounds-checked big-endian reader over a message body. Every overrun becomes an
/// <see cref="OpenFlowProtocolException"/> naming what was being decoded.
/// </summary>
internal ref struct OfpReader
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly string _context;
    private int _position;

    public OfpReader(ReadOnlySpan<byte> span, string context)
    {
        _span = span;
        _context = context;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _span.Length - _position;

    public readonly bool End => _position >= _span.Length;

    public readonly ReadOnlySpan<byte> Rest => _span[_position..];

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public readonly ushort PeekU16() => Remaining >= 2
        ? BinaryPrimitives.ReadUInt16BigEndian(_span[_position..])
        : throw Truncated(2, "16-bit field");

    public ReadOnlySpan<byte> Bytes(int count, string what = "data") => Take(count, what);

    public void Skip(int count, string what = "padding") => Take(count, what);

    public string FixedString(int size)
    {
        ReadOnlySpan<byte> raw = Take(size, "string");
        int nul = raw.IndexOf((byte)0);
        return Encoding.ASCII.GetString(nul >= 0 ? raw[..nul] : raw);
    }

    public readonly OpenFlowProtocolException Error(string message) =>
        new($"{_context}: {message}");

    private ReadOnlySpan<byte> Take(int count, string what = "field")
    {
        if (count < 0 || Remaining < count)
        {
            throw Truncated(count, what);
        }

        ReadOnlySpan<byte> slice = _span.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly OpenFlowProtocolException Truncated(int count, string what) =>
        new($"{_context}: truncated, {what} needs {count} bytes at offset {_position} but only {Remaining} remain");
}
