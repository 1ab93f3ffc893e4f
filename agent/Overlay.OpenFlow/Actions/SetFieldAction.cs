using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>
/// OFPAT_SET_FIELD, optionally masked (OpenFlow 1.5): <c>set_field:0x2-&gt;reg15</c>,
/// <c>set_field:0x1/0x1-&gt;reg10</c>. OpenFlow 1.5 has no NXAST_REG_LOAD, so loads into
/// subfields (<c>load:0x1-&gt;NXM_NX_REG10[0]</c>) are masked set-fields, exactly as OVS encodes them.
/// </summary>
public sealed record SetFieldAction : OfAction
{
    public SetFieldAction(OfField field, ByteString value, ByteString? mask = null)
    {
        if (field.IsVariableLength ? value.Length > field.Bytes : value.Length != field.Bytes)
        {
            throw new ArgumentException($"set_field to {field.Name} needs {field.Bytes} bytes, got {value.Length}", nameof(value));
        }

        if (mask is { } m)
        {
            if (m.Length != value.Length)
            {
                throw new ArgumentException($"mask for {field.Name} is {m.Length} bytes, value is {value.Length}", nameof(mask));
            }

            if (m.IsAllZeros)
            {
                throw new ArgumentException($"set_field to {field.Name} with an all-zero mask changes nothing", nameof(mask));
            }

            byte[] v = value.Span.ToArray();
            for (int i = 0; i < v.Length; i++)
            {
                v[i] &= m[i];
            }

            value = ByteString.Wrap(v);
            mask = m.IsAllOnes ? null : m;
        }
        else if (field.IsVariableLength)
        {
            // ovs-ofctl sends tunnel metadata in the fewest bytes; the switch right-aligns it.
            int skip = value.Span.IndexOfAnyExcept((byte)0);
            value = skip <= 0 ? (skip < 0 ? ByteString.Empty : value) : ByteString.CopyFrom(value.Span[skip..]);
        }

        Field = field;
        Value = value;
        Mask = mask;
    }

    public OfField Field { get; }

    public ByteString Value { get; }

    public ByteString? Mask { get; }

    /// <summary>Sets a whole field (tunnel metadata: 4 bytes) to <paramref name="value"/>.</summary>
    public static SetFieldAction Create(OfField field, ulong value) =>
        field.Bytes is > 8 and <= 16 && !field.IsVariableLength
            ? Create(field, (UInt128)value)
            : new(field, ByteString.FromUInt64(value, field.IsVariableLength ? 4 : field.Bytes));

    /// <summary>Sets a whole 16-byte field (xxreg, IPv6, ct_label).</summary>
    public static SetFieldAction Create(OfField field, UInt128 value) =>
        new(field, ByteString.FromUInt128(value, field.Bytes));

    /// <summary>Sets an Ethernet-address field, e.g. <c>Mac(OfFields.EthSrc, "02:00:00:00:00:01")</c>.</summary>
    public static SetFieldAction Mac(OfField field, string mac) => new(field, ByteString.Wrap(FieldText.ParseMac(mac)));

    /// <summary>Sets an IPv4/IPv6 address field, e.g. <c>Ip(OfFields.TunDst, "172.31.0.2")</c>.</summary>
    public static SetFieldAction Ip(OfField field, string address) =>
        new(field, ByteString.Wrap(System.Net.IPAddress.Parse(address).GetAddressBytes()));

    /// <summary>
    /// Loads <paramref name="value"/> into bits [offset, offset+bits) of <paramref name="field"/>
    /// (ovs-ofctl <c>load:value-&gt;FIELD[offset..offset+bits-1]</c>).
    /// </summary>
    public static SetFieldAction Load(OfField field, UInt128 value, int offset, int bits)
    {
        int width = field.IsVariableLength ? 4 : field.Bytes;
        if (width > 16 || bits < 1 || offset < 0 || offset + bits > width * 8)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), $"bits [{offset}, {offset + bits}) do not fit {field.Name}");
        }

        UInt128 ones = bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;
        if (value > ones)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"0x{value:x} does not fit in {bits} bits");
        }

        return new SetFieldAction(field, ByteString.FromUInt128(value << offset, width), ByteString.FromUInt128(ones << offset, width));
    }

    /// <summary>Loads into a subfield; see <see cref="Load(OfField, UInt128, int, int)"/>.</summary>
    public static SetFieldAction Load(Subfield destination, UInt128 value) =>
        Load(destination.Field, value, destination.Offset, destination.Bits);

    internal override void Write(OfpWriter w)
    {
        int start = BeginAction(w, ActionType.SetField);
        MatchCodec.WriteTlv(w, Field, Value.Span, Mask is { } m ? m.Span : default);
        EndAction(w, start);
    }

    public override string ToString() => $"set_field:{FieldText.FormatValue(Field, Value, Mask)}->{Field.Name}";
}
