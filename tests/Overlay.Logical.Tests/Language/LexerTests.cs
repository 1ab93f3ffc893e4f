using Overlay.Logical;

namespace Overlay.Logical.Tests.Language;

public class LexerTests
{
    [Theory]
    [InlineData("10.0.0.1", IntFormat.IPv4, "0x0a000001")]
    [InlineData("0x10", IntFormat.Hex, "0x10")]
    [InlineData("255", IntFormat.Decimal, "0xff")]
    [InlineData("fa:16:3e:00:00:01", IntFormat.Ethernet, "0xfa163e000001")]
    [InlineData("fe80::1", IntFormat.IPv6, "0xfe800000000000000000000000000001")]
    [InlineData("::", IntFormat.IPv6, "0x0")]
    public void Integers_keep_value_and_format(string text, IntFormat format, string hex)
    {
        var r = Lexer.Tokenize(text);
        Assert.True(r.Ok, r.Error?.ToString());
        var t = r.Value![0];
        Assert.Equal(TokenKind.Integer, t.Kind);
        Assert.Equal(format, t.Format);
        Assert.Equal(UInt128.Parse(hex[2..], System.Globalization.NumberStyles.HexNumber), t.Value);
    }

    [Fact]
    public void Cidr_becomes_a_masked_integer()
    {
        var t = Lexer.Tokenize("192.168.0.0/16").Value![0];
        Assert.Equal(TokenKind.MaskedInteger, t.Kind);
        Assert.Equal((UInt128)0xffff0000u, t.Mask);
    }

    [Fact]
    public void Identifier_starting_with_hex_letters_is_not_a_number()
    {
        var toks = Lexer.Tokenize("eth.dst == ff:ff:ff:ff:ff:ff && arp").Value!;
        Assert.Equal(TokenKind.Identifier, toks[0].Kind);
        Assert.Equal(TokenKind.Integer, toks[2].Kind);
        Assert.Equal(TokenKind.Identifier, toks[4].Kind);
        Assert.Equal("arp", toks[4].Text);
    }

    [Fact]
    public void Bit_range_lexes_as_two_integers_and_an_ellipsis()
    {
        var toks = Lexer.Tokenize("xreg0[0..47]").Value!;
        Assert.Equal(new[] { TokenKind.Identifier, TokenKind.LSquare, TokenKind.Integer, TokenKind.Ellipsis, TokenKind.Integer, TokenKind.RSquare, TokenKind.End }, toks.Select(t => t.Kind));
    }

    [Fact]
    public void Ipv4_with_port_lexes_as_address_colon_port()
    {
        var toks = Lexer.Tokenize("10.0.0.100:80").Value!;
        Assert.Equal(new[] { TokenKind.Integer, TokenKind.Colon, TokenKind.Integer, TokenKind.End }, toks.Select(t => t.Kind));
        Assert.Equal(IntFormat.IPv4, toks[0].Format);
    }

    [Fact]
    public void Columns_are_one_based()
    {
        var toks = Lexer.Tokenize("  ip4 && tcp").Value!;
        Assert.Equal(3, toks[0].Column);
        Assert.Equal(7, toks[1].Column);
        Assert.Equal(10, toks[2].Column);
    }
}
