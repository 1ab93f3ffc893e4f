using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// Encodes/decodes <c>struct ofp_match</c> of type OFPMT_OXM: type, length, OXM TLVs,
/// padding to 8 bytes. 32-bit registers go out as OpenFlow 1.5 packet registers
/// (OXM_OF_PKT_REG, 64 bits each) exactly as Open vSwitch encodes them.
/// </summary>
internal static class MatchCodec
{
    private const ushort OfpmtOxm = 1;

    public static void Write(OfpWriter w, Match match)
    {
        int start = w.Position;
        w.U16(OfpmtOxm);
        w.U16(0);
        bool registersDone = false;
        foreach (MatchField f in match.Fields)
        {
            if (f.Field.Kind == FieldKind.Reg)
            {
                if (!registersDone)
                {
                    WritePacketRegisters(w, match);
                    registersDone = true;
                }

                continue;
            }

            WriteTlv(w, f.Field, f.Value.Span, f.Mask is { } m ? m.Span : default);
        }

        w.PatchLength(start + 2, start, "match");
        w.PadTo8(start);
    }

    /// <summary>Writes one OXM TLV (header, value, and the mask unless it is empty).</summary>
    public static void WriteTlv(OfpWriter w, OfField field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        OxmHeader.For(field.Id, value.Length, !mask.IsEmpty).Write(w);
        w.Bytes(value);
        w.Bytes(mask);
    }

    public static Match Read(ref OfpReader r)
    {
        ushort type = r.U16();
        int length = r.U16();
        if (type != OfpmtOxm)
        {
            throw r.Error($"match type {type} is not OFPMT_OXM (1)");
        }

        if (length < 4)
        {
            throw r.Error($"match length {length} is shorter than the 4-byte match header");
        }

        var tlvs = new OfpReader(r.Bytes(length - 4, "match fields"), "match");
        var fields = new Dictionary<OfField, MatchField>();
        while (!tlvs.End)
        {
            (OfField field, ByteString value, ByteString? mask) = ReadTlv(ref tlvs);
            if (fields.ContainsKey(field) && field.Kind is not (FieldKind.Xreg or FieldKind.Xxreg))
            {
                throw tlvs.Error($"field {field.Name} appears twice");
            }

            MatchCanonicalizer.Add(fields, field, value, mask, strict: false);
        }

        int padded = (length + 7) / 8 * 8;
        r.Skip(padded - length, "match padding");
        return MatchBuilder.FromWire(fields);
    }

    /// <summary>Reads one OXM TLV; unknown fields get an ad-hoc descriptor so nothing is lost.</summary>
    public static (OfField Field, ByteString Value, ByteString? Mask) ReadTlv(ref OfpReader r)
    {
        OxmHeader header = OxmHeader.Read(ref r);
        int valueLength = header.ValueLength;
        ByteString value = ByteString.CopyFrom(r.Bytes(valueLength, "OXM value"));
        ByteString? mask = header.HasMask ? ByteString.CopyFrom(r.Bytes(valueLength, "OXM mask")) : null;
        OfField field = OfFields.FromId(header.Id) ?? OfFields.Unknown(header.Id, valueLength);
        if (!field.IsVariableLength && field.Kind != FieldKind.Unknown && valueLength != field.Bytes)
        {
            throw r.Error($"field {field.Name} has {valueLength} value bytes, expected {field.Bytes}");
        }

        return (field, value, mask);
    }

    private static void WritePacketRegisters(OfpWriter w, Match match)
    {
        // One pass over the fields (registers are few; this runs once per flow mod, 100k times per bundle).
        Span<int> at = stackalloc int[16];
        at.Fill(-1);
        var fields = match.Fields;
        for (int i = 0; i < fields.Length; i++)
        {
            OfField f = fields[i].Field;
            if (f.Kind == FieldKind.Reg)
            {
                at[f.Index] = i;
            }
        }

        Span<byte> value = stackalloc byte[8];
        Span<byte> mask = stackalloc byte[8];
        for (int x = 0; x < 8; x++)
        {
            int hi = at[2 * x];
            int lo = at[(2 * x) + 1];
            if (hi < 0 && lo < 0)
            {
                continue;
            }

            value.Clear();
            mask.Clear();
            Fill(hi < 0 ? null : fields[hi], value[..4], mask[..4]);
            Fill(lo < 0 ? null : fields[lo], value[4..], mask[4..]);
            bool exact = !mask.ContainsAnyExcept((byte)0xff);
            WriteTlv(w, OfFields.Xreg(x), value, exact ? default : mask);
        }
    }

    private static void Fill(MatchField? reg, Span<byte> value, Span<byte> mask)
    {
        if (reg is null)
        {
            return;
        }

        reg.Value.Span.CopyTo(value);
        if (reg.Mask is { } m)
        {
            m.Span.CopyTo(mask);
        }
        else
        {
            mask.Fill(0xff);
        }
    }
}
