namespace Overlay.Logical;

/// <summary>
/// A constant taken out of a text by <see cref="TextSkeleton"/>: an integer (<see cref="TokenKind.Integer"/>, with
/// how it was written), a string (<see cref="TokenKind.String"/>) or a port group's name (<see cref="TokenKind.PortGroup"/>).
/// </summary>
public readonly struct Literal
{
    private readonly string source;
    private readonly int start;
    private readonly int length;
    private readonly string? unescaped;

    internal Literal(TokenKind kind, IntFormat format, UInt128 value, string source, int start, int length, string? unescaped)
    {
        Kind = kind;
        Format = format;
        Value = value;
        this.source = source;
        this.start = start;
        this.length = length;
        this.unescaped = unescaped;
    }

    public TokenKind Kind { get; }

    public IntFormat Format { get; }

    /// <summary>An integer's value.</summary>
    public UInt128 Value { get; }

    /// <summary>A string's value: without its quotes, escapes resolved; a port group's name, without its <c>@</c>.</summary>
    public ReadOnlySpan<char> Chars => unescaped is not null ? unescaped : source.AsSpan(start + 1, length - 2);

    /// <summary>A port group's name as a string.</summary>
    public string Name => unescaped ?? Chars.ToString();

    /// <summary>True when <paramref name="operand"/> is this constant as the parser reads it (an unmasked integer written the same way, or the string).</summary>
    public bool Is(Operand operand) => operand switch
    {
        IntOperand i => Kind == TokenKind.Integer && !i.IsMasked && i.Value == Value && i.Format == Format,
        StringOperand s => Kind == TokenKind.String && s.Value.AsSpan().SequenceEqual(Chars),
        PortGroupOperand g => Kind == TokenKind.PortGroup && g.Name.AsSpan().SequenceEqual(Chars),
        _ => false,
    };
}

/// <summary>
/// Match and action texts with their constants taken out, for recognising texts that differ only in constants (one
/// per port: <c>eth.dst == 0a:00:00:00:00:01</c> → <c>outport = "vm1"; output;</c>). Every integer, string and
/// <c>@port_group</c> token written outside (), [] and {} becomes a marker with its kind and format, and goes to <see cref="Literals"/>
/// in order; the rest of the text is kept as written, spaces and comments included. Texts with the same skeleton
/// are then the same characters around constants that the lexer read as single tokens at the same places, so they
/// lex to the same tokens but for those constants' values, and the parser reads them to the same tree but for those
/// values (masked integers, subfield bits, set elements and arguments stay in the skeleton). A match may be scanned
/// with its sets' integers taken out too (those of a set written outside (), [] and {}:
/// <c>ip4.src == {10.0.0.5, 10.0.0.0/8}</c>); the commas keep the count of elements in the skeleton. The scanner's
/// buffers are reused: one per thread.
/// </summary>
public sealed class TextSkeleton
{
    private readonly TokenBuffer tokens = new();
    private char[] chars = new char[256];
    private int length;
    private Literal[] literals = new Literal[16];
    private int count;
    private readonly int[] kinds = new int[(int)TokenKind.Colon + 1];

    /// <summary>The skeletons of the texts scanned since <see cref="Clear"/>, each ended by a separator.</summary>
    public ReadOnlySpan<char> Chars => chars.AsSpan(0, length);

    public ReadOnlySpan<Literal> Literals => literals.AsSpan(0, count);

    /// <summary>How many tokens of <paramref name="kind"/> the last <see cref="Scan"/> saw, at any depth.</summary>
    public int CountOf(TokenKind kind) => kinds[(int)kind];

    public void Clear()
    {
        length = 0;
        Array.Clear(literals, 0, count);
        count = 0;
    }

    private void Copy(ReadOnlySpan<char> written)
    {
        if (length + written.Length > chars.Length) Array.Resize(ref chars, Math.Max(chars.Length * 2, length + written.Length));
        written.CopyTo(chars.AsSpan(length));
        length += written.Length;
    }

    /// <summary>Adds a character of the caller's to the skeleton (a prefix that tells texts of different kinds apart).</summary>
    public void Append(char c)
    {
        if (length == chars.Length) Array.Resize(ref chars, chars.Length * 2);
        chars[length++] = c;
    }

    /// <summary>
    /// Appends <paramref name="text"/>'s skeleton and its constants (with <paramref name="setElements"/>, also the
    /// integers of its top-level sets); false (with the skeleton then unusable) when the text does not lex or holds a
    /// control character, which the markers use.
    /// </summary>
    public bool Scan(string text, bool setElements = false)
    {
        if (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0) return false;
        Array.Clear(kinds);
        tokens.Start(text);
        try
        {
            // Identifiers are copied from the text: no need to look them up among the known names.
            if (Lexer.Lex(text, tokens, names: false) is not null) return false;
            int depth = 0;
            // Inside a set opened at depth 0 (when its integers are taken out too).
            bool inSet = false;
            // Where the text not yet copied starts: it goes in as written, in runs between constants.
            int run = 0;
            for (int k = 0; k < tokens.Count; k++)
            {
                ref readonly var t = ref tokens[k];
                kinds[(int)t.Kind]++;
                switch (t.Kind)
                {
                    case TokenKind.LParen or TokenKind.LCurly or TokenKind.LSquare:
                        inSet = setElements && depth == 0 && t.Kind == TokenKind.LCurly;
                        depth++;
                        break;
                    case TokenKind.RParen or TokenKind.RCurly or TokenKind.RSquare:
                        depth--;
                        inSet = false;
                        break;
                    case TokenKind.Integer when depth == 1 && inSet:
                    case TokenKind.Integer or TokenKind.String or TokenKind.PortGroup when depth == 0:
                        if (count == literals.Length) Array.Resize(ref literals, literals.Length * 2);
                        literals[count++] = new Literal(t.Kind, t.Format, t.Value, text, t.Start, t.Length, t.Kind == TokenKind.Integer ? null : t.Text);
                        Copy(text.AsSpan(run, t.Start - run));
                        Append('\u0001');
                        Append(t.Kind switch { TokenKind.String => 'A', TokenKind.PortGroup => '@', _ => (char)('B' + (int)t.Format) });
                        run = t.Start + t.Length;
                        break;
                }
            }
            Copy(text.AsSpan(run));
            Append('\u0002');
            return true;
        }
        finally
        {
            tokens.Clear();
        }
    }
}
