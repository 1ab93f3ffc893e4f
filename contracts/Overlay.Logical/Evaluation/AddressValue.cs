namespace Overlay.Logical.Evaluation;

/// <summary>
/// An address-set entry as a (value, mask) pair: "10.0.0.1" is exact, "10.0.0.0/24" masks the prefix,
/// MACs and IPv6 addresses likewise. Entries are read with the match language's own lexer.
/// </summary>
public readonly record struct AddressValue(UInt128 Value, UInt128 Mask, IntFormat Format = IntFormat.Decimal)
{
    public static bool TryParse(string text, out AddressValue address)
    {
        address = default;
        var lexed = Lexer.Tokenize(text);
        if (!lexed.Ok) return false;
        var tokens = lexed.Value!;
        if (tokens.Count != 2) return false;
        var t = tokens[0];
        switch (t.Kind)
        {
            case TokenKind.Integer:
                address = new AddressValue(t.Value, UInt128.MaxValue, t.Format);
                return true;
            case TokenKind.MaskedInteger:
                address = new AddressValue(t.Value & t.Mask, t.Mask, t.Format);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// True when the masked bits of <paramref name="value"/> equal this entry's. An address of another family
    /// (an IPv6 address against ip4.src) or a number wider than the field never matches.
    /// </summary>
    public bool Matches(UInt128 value, int width)
    {
        UInt128 m = Mask & Bits.Ones(width);
        if (Format is IntFormat.IPv4 or IntFormat.IPv6 or IntFormat.Ethernet && Lexer.Width(Format) != width) return false;
        if ((Value & ~Bits.Ones(width)) != 0) return false;
        return (value & m) == (Value & m);
    }
}
