namespace Overlay.Logical;

public enum TokenKind
{
    End,
    Identifier,
    String,
    Integer,
    MaskedInteger,
    AddressSet,   // $name
    PortGroup,    // @name
    LParen, RParen, LCurly, RCurly, LSquare, RSquare,
    Eq, Ne, Lt, Le, Gt, Ge,
    Not, LogAnd, LogOr,
    Ellipsis, Comma, Semicolon, Equals, Exchange, Decrement, Colon,
}

/// <summary>How a constant was written, so the formatter prints it back the same way.</summary>
public enum IntFormat : byte { Decimal, Hex, IPv4, IPv6, Ethernet }

/// <summary>
/// One token. Column is 1-based. For integers, Value (and Mask for masked integers) hold up to 128 bits.
/// </summary>
public readonly record struct Token(
    TokenKind Kind, int Column, string Text, UInt128 Value = default, UInt128 Mask = default, IntFormat Format = IntFormat.Decimal)
{
    public override string ToString() => Kind switch
    {
        TokenKind.End => "end of input",
        _ => Text,
    };
}
