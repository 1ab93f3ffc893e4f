namespace Overlay.OpenFlow.Fields;

/// <summary>
/// Puts field values into the one canonical form a <see cref="Match"/> stores, so that a
/// match we build and the same match read back from the switch compare equal:
/// value &amp;= mask, all-ones masks dropped, all-zero masks drop the field, 64/128-bit
/// registers split into their 32-bit registers, tunnel metadata stripped of leading zeros.
/// </summary>
internal static class MatchCanonicalizer
{
    /// <summary>Adds the canonical form of (field, value, mask) to <paramref name="fields"/>, replacing earlier values.</summary>
    public static void Add(Dictionary<OfField, MatchField> fields, OfField field, ByteString value, ByteString? mask, bool strict)
    {
        CheckLengths(field, value, mask);
        if (strict && mask is { IsAllOnes: false } && !field.Maskable)
        {
            throw new ArgumentException($"field {field.Name} cannot be matched with a mask", nameof(mask));
        }

        byte[] v = value.Span.ToArray();
        byte[]? m = mask?.Span.ToArray();
        if (m is not null)
        {
            for (int i = 0; i < v.Length; i++)
            {
                v[i] &= m[i];
            }
        }

        switch (field.Kind)
        {
            case FieldKind.Xreg or FieldKind.Xxreg:
                SplitIntoRegisters(fields, field, v, m);
                return;
            case FieldKind.TunMetadata:
                AddTunMetadata(fields, field, v, m);
                return;
        }

        if (m is not null && !m.AsSpan().ContainsAnyExcept((byte)0))
        {
            fields.Remove(field);
            return;
        }

        ByteString? canonicalMask = m is null || !m.AsSpan().ContainsAnyExcept((byte)0xff) ? null : ByteString.Wrap(m);
        fields[field] = new MatchField(field, ByteString.Wrap(v), canonicalMask);
    }

    private static void CheckLengths(OfField field, ByteString value, ByteString? mask)
    {
        if (field.IsVariableLength ? value.Length > field.Bytes : value.Length != field.Bytes && field.Kind != FieldKind.Unknown)
        {
            throw new ArgumentException(
                $"field {field.Name} takes {field.Bytes} bytes{(field.IsVariableLength ? " at most" : "")}, got {value.Length}",
                nameof(value));
        }

        if (mask is { } m && m.Length != value.Length)
        {
            throw new ArgumentException($"mask of {field.Name} is {m.Length} bytes but the value is {value.Length}", nameof(mask));
        }
    }

    private static void SplitIntoRegisters(Dictionary<OfField, MatchField> fields, OfField field, byte[] v, byte[]? m)
    {
        int regsPerField = field.Bytes / 4;
        int firstReg = field.Index * regsPerField;
        for (int k = 0; k < regsPerField; k++)
        {
            OfField reg = OfFields.Reg(firstReg + k);
            byte[] partValue = v.AsSpan(k * 4, 4).ToArray();
            byte[]? partMask = m?.AsSpan(k * 4, 4).ToArray();
            if (partMask is not null && !partMask.AsSpan().ContainsAnyExcept((byte)0))
            {
                continue;
            }

            Add(fields, reg, ByteString.Wrap(partValue), partMask is null ? null : ByteString.Wrap(partMask), strict: false);
        }
    }

    // OVS right-aligns a short tunnel-metadata value in the option and treats a
    // missing mask as exact over the whole option, so leading zero bytes (with no
    // mask, or under a zero mask byte) carry no meaning.
    private static void AddTunMetadata(Dictionary<OfField, MatchField> fields, OfField field, byte[] v, byte[]? m)
    {
        if (m is not null && !m.AsSpan().ContainsAnyExcept((byte)0))
        {
            fields.Remove(field);
            return;
        }

        int skip = 0;
        while (skip < v.Length && v[skip] == 0 && (m is null || m[skip] == 0))
        {
            skip++;
        }

        fields[field] = new MatchField(
            field,
            ByteString.Wrap(v[skip..]),
            m is null ? null : ByteString.Wrap(m[skip..]));
    }
}
