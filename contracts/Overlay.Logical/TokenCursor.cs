namespace Overlay.Logical;

/// <summary>
/// Walks a token buffer for the recursive-descent parsers; errors carry the token's column. One per thread, with
/// its buffer and scratch stacks, so a parse allocates only the nodes it returns (parsing runs on many threads at
/// once in the translator, ~134,000 flows per translation).
/// </summary>
internal sealed class TokenCursor
{
    // Buffers that grew past this many tokens are dropped rather than kept for the thread.
    private const int KeepLimit = 4096;

    [ThreadStatic] private static TokenCursor? cached;

    private int pos;

    public TokenBuffer Tokens { get; private set; } = new();

    public ScratchStack<Expr> Exprs { get; } = new();

    public ScratchStack<Operand> Operands { get; } = new();

    public ScratchStack<LAction> Actions { get; } = new();

    /// <summary>The checker's problems for the text (see <see cref="Checker"/>), emptied after each check.</summary>
    public List<SyntaxError> Errors { get; } = new();

    /// <summary>The thread's cursor over an empty buffer for <paramref name="source"/>, or a new one if it is in use (a nested parse).</summary>
    public static TokenCursor Rent(string source)
    {
        var c = cached ?? new TokenCursor();
        cached = null;
        c.Tokens.Start(source);
        return c;
    }

    /// <summary>Clears the tokens and stacks (so what they hold can be collected) and keeps the cursor for the next parse.</summary>
    public void Return()
    {
        if (Tokens.Capacity > KeepLimit) Tokens = new TokenBuffer();
        else Tokens.Clear();
        Exprs.Reset();
        Operands.Reset();
        Actions.Reset();
        Errors.Clear();
        pos = 0;
        cached = this;
    }

    public ref readonly Lexeme Peek => ref Tokens[pos];

    public ref readonly Lexeme PeekAt(int offset) => ref Tokens[Math.Min(pos + offset, Tokens.Count - 1)];

    public TokenKind PeekKind => Tokens[pos].Kind;

    public bool AtEnd => PeekKind == TokenKind.End;

    public ref readonly Lexeme Take()
    {
        ref readonly var t = ref Tokens[pos];
        if (t.Kind != TokenKind.End) pos++;
        return ref t;
    }

    public void Skip()
    {
        if (Tokens[pos].Kind != TokenKind.End) pos++;
    }

    public bool Match(TokenKind kind)
    {
        if (PeekKind != kind) return false;
        pos++;
        return true;
    }

    public SyntaxError Error(string message) => Error(Peek, message);

    public SyntaxError Error(in Lexeme t, string message) => new(t.Column, t.Kind == TokenKind.End ? "" : TokenText(t), message);

    private string TokenText(in Lexeme t) => t.Kind switch
    {
        TokenKind.String => t.Text is null ? Tokens.Source.Substring(t.Start, t.Length) : "\"" + t.Text + "\"",
        _ => Tokens.TextOf(t),
    };

    public SyntaxError? Expect(TokenKind kind, string what)
    {
        if (Match(kind)) return null;
        return Error($"expected {what}" + (AtEnd ? " before end of input" : ""));
    }

    /// <summary>The constant of an integer token (shared, see <see cref="SharedNodes"/>).</summary>
    public static IntOperand Constant(in Lexeme t) =>
        SharedNodes.Integer(t.Value, t.Kind == TokenKind.Integer ? UInt128.MaxValue : t.Mask, t.Format);

    /// <summary>The value of a string token; one without escapes is shared (see <see cref="SharedNodes"/>).</summary>
    public StringOperand String(in Lexeme t) =>
        t.Text is null ? SharedNodes.String(Tokens.Source.AsSpan(t.Start + 1, t.Length - 2)) : new StringOperand(t.Text);
}
