namespace Overlay.Logical;

/// <summary>Walks a token buffer for the recursive-descent parsers; errors carry the token's column.</summary>
internal sealed class TokenCursor(TokenBuffer tokens)
{
    private int pos;

    public Token Peek => tokens[pos];

    public Token PeekAt(int offset) => tokens[Math.Min(pos + offset, tokens.Count - 1)];

    public TokenKind PeekKind => tokens[pos].Kind;

    public bool AtEnd => PeekKind == TokenKind.End;

    public Token Take()
    {
        var t = tokens[pos];
        if (t.Kind != TokenKind.End) pos++;
        return t;
    }

    public bool Match(TokenKind kind)
    {
        if (PeekKind != kind) return false;
        Take();
        return true;
    }

    public SyntaxError Error(string message) => Error(Peek, message);

    public static SyntaxError Error(Token t, string message) => new(t.Column, t.Kind == TokenKind.End ? "" : TokenText(t), message);

    public static string TokenText(Token t) => t.Kind switch
    {
        TokenKind.String => "\"" + t.Text + "\"",
        _ => t.Text,
    };

    public SyntaxError? Expect(TokenKind kind, string what)
    {
        if (Match(kind)) return null;
        return Error($"expected {what}" + (AtEnd ? " before end of input" : ""));
    }
}
