namespace Overlay.OpenFlow.Fields;

/// <summary>
/// One field of a <see cref="Match"/>: value and optional mask, already canonical
/// (value &amp; mask, no all-ones mask on fixed-width fields).
/// </summary>
public sealed record MatchField(OfField Field, ByteString Value, ByteString? Mask)
{
    public bool IsMasked => Mask is not null;

    /// <summary>The value as an integer (fields up to 8 bytes).</summary>
    public ulong ValueAsUInt64 => Value.ToUInt64();

    /// <summary>The mask as an integer, all ones when exact (fields up to 8 bytes).</summary>
    public ulong MaskAsUInt64 => Mask?.ToUInt64() ?? (Value.Length >= 8 ? ulong.MaxValue : (1UL << (Value.Length * 8)) - 1);

    public override string ToString() => $"{Field.Name}={FieldText.FormatValue(Field, Value, Mask)}";
}
