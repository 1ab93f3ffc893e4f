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

    /// <summary>
    /// The integer form of <see cref="Add"/> (what <see cref="MatchBuilder.Set(OfField, UInt128, UInt128?)"/> stores), without
    /// byte arrays: the canonical fields of field=value/mask as keys in <paramref name="parts"/> (up to 4: an xreg/xxreg
    /// becomes its 32-bit registers, those with no mask bit left out). Returns how many, or -1 when the field is to be
    /// removed (an all-zero mask). Same checks and exceptions as the byte form.
    /// </summary>
    public static int Canonical(OfField field, UInt128 value, UInt128? mask, Span<FieldKey> parts)
    {
        int width = IntegerWidth(field);
        value = Checked(field, value, mask, width);
        if (field.Kind is not (FieldKind.Xreg or FieldKind.Xxreg))
        {
            return CanonicalOne(field, value, mask, width, out parts[0]) ? 1 : -1;
        }

        int regsPerField = field.Bytes / 4;
        int firstReg = field.Index * regsPerField;
        int count = 0;
        for (int k = 0; k < regsPerField; k++)
        {
            int shift = 32 * (regsPerField - 1 - k);
            uint partValue = (uint)(value >> shift);
            uint? partMask = mask is { } m ? (uint)(m >> shift) : null;
            if (partMask == 0)
            {
                continue;
            }

            parts[count++] = partMask is null or uint.MaxValue
                ? new FieldKey(OfFields.Reg(firstReg + k), partValue, 0, 4, -1)
                : new FieldKey(OfFields.Reg(firstReg + k), partValue, partMask.Value, 4, 4);
        }

        return count;
    }

    /// <summary>
    /// <see cref="Canonical"/> for a field that stays one field (anything but an xreg or xxreg), without a span of parts:
    /// its key, or false when the field is to be removed (an all-zero mask). Same checks and exceptions.
    /// </summary>
    public static bool CanonicalSingle(OfField field, UInt128 value, UInt128? mask, out FieldKey key)
    {
        int width = IntegerWidth(field);
        return CanonicalOne(field, Checked(field, value, mask, width), mask, width, out key);
    }

    /// <summary>The value under its mask, after checking both fit the field and the field takes the mask.</summary>
    private static UInt128 Checked(OfField field, UInt128 value, UInt128? mask, int width)
    {
        CheckFits(value, width, nameof(value));
        if (mask is not { } given)
        {
            return value;
        }

        CheckFits(given, width, nameof(mask));
        if (given != Ones(width) && !field.Maskable)
        {
            throw new ArgumentException($"field {field.Name} cannot be matched with a mask", nameof(mask));
        }

        return value & given;
    }

    /// <summary>The key of one field from a checked, masked value; false when the field is to be removed (an all-zero mask).</summary>
    private static bool CanonicalOne(OfField field, UInt128 value, UInt128? mask, int width, out FieldKey key)
    {
        if (mask == UInt128.Zero)
        {
            key = default;
            return false;
        }

        if (field.Kind == FieldKind.TunMetadata)
        {
            // Leading zero bytes, with no mask or under a zero mask byte, are dropped (see AddTunMetadata).
            int length = width;
            UInt128 significant = value | (mask ?? UInt128.Zero);
            while (length > 0 && significant >> ((length - 1) * 8) == UInt128.Zero)
            {
                length--;
            }

            key = mask is { } tm ? new FieldKey(field, value, tm, length, length) : new FieldKey(field, value, 0, length, -1);
            return true;
        }

        key = mask is not { } m || m == Ones(width)
            ? new FieldKey(field, value, 0, width, -1)
            : new FieldKey(field, value, m, width, width);
        return true;
    }

    /// <summary>Bytes of a field set from an integer: tunnel metadata as 4, others their width (at most 16).</summary>
    public static int IntegerWidth(OfField field)
    {
        int width = field.IsVariableLength ? 4 : field.Bytes;
        return width <= 16
            ? width
            : throw new ArgumentException($"field {field.Name} is {field.Bytes} bytes; pass a ByteString", nameof(field));
    }

    private static UInt128 Ones(int bytes) => bytes >= 16 ? UInt128.MaxValue : (UInt128.One << (bytes * 8)) - 1;

    private static void CheckFits(UInt128 value, int width, string name)
    {
        if (width < 16 && value >> (width * 8) != UInt128.Zero)
        {
            throw new ArgumentOutOfRangeException(name, $"0x{value:x} does not fit in {width} bytes");
        }
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
