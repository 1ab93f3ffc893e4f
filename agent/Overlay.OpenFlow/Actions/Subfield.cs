using System.Globalization;
using Overlay.OpenFlow.Fields;

namespace Overlay.OpenFlow.Actions;

/// <summary>A bit range of a field, printed as <c>NXM_NX_REG14[0..14]</c> (<c>[]</c> for the whole field).</summary>
public readonly record struct Subfield(OfField Field, int Offset, int Bits)
{
    public static Subfield Whole(OfField field) => new(field, 0, field.Bits);

    /// <summary>Bits <paramref name="start"/>..<paramref name="end"/> inclusive, as in <c>[start..end]</c>.</summary>
    public static Subfield Range(OfField field, int start, int end) => new(field, start, end - start + 1);

    public bool IsWhole => Offset == 0 && Bits >= Field.Bits;

    /// <summary>Throws if the range is empty or runs past the end of the field.</summary>
    public void Validate()
    {
        if (Bits < 1 || Offset < 0 || Offset + Bits > Field.Bits)
        {
            throw new InvalidOperationException($"{this}: bits [{Offset}, {Offset + Bits}) do not fit the {Field.Bits}-bit field {Field.Name}");
        }
    }

    public override string ToString()
    {
        string range = IsWhole ? "[]"
            : Bits == 1 ? $"[{Offset.ToString(CultureInfo.InvariantCulture)}]"
            : $"[{Offset.ToString(CultureInfo.InvariantCulture)}..{(Offset + Bits - 1).ToString(CultureInfo.InvariantCulture)}]";
        return Field.NxmName + range;
    }
}
