namespace Overlay.Logical;

/// <summary>
/// A constant taken out of a text by <see cref="TextSkeleton"/>: an integer (<see cref="TokenKind.Integer"/>, with
/// how it was written), a string (<see cref="TokenKind.String"/>), a port group's name (<see cref="TokenKind.PortGroup"/>)
/// or an address set's (<see cref="TokenKind.AddressSet"/>).
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

    /// <summary>Where the constant is written in its text, and how long it is there.</summary>
    internal int Start => start;

    internal int Length => length;

    /// <summary>An integer's value.</summary>
    public UInt128 Value { get; }

    /// <summary>A string's value: without its quotes, escapes resolved; a port group's or address set's name, without its <c>@</c> or <c>$</c>.</summary>
    public ReadOnlySpan<char> Chars => unescaped is not null ? unescaped : source.AsSpan(start + 1, length - 2);

    /// <summary>A port group's or address set's name as a string.</summary>
    public string Name => unescaped ?? Chars.ToString();

    /// <summary>True when <paramref name="operand"/> is this constant as the parser reads it (an unmasked integer written the same way, or the string).</summary>
    public bool Is(Operand operand) => operand switch
    {
        IntOperand i => Kind == TokenKind.Integer && !i.IsMasked && i.Value == Value && i.Format == Format,
        StringOperand s => Kind == TokenKind.String && s.Value.AsSpan().SequenceEqual(Chars),
        PortGroupOperand g => Kind == TokenKind.PortGroup && g.Name.AsSpan().SequenceEqual(Chars),
        AddressSetOperand a => Kind == TokenKind.AddressSet && a.Name.AsSpan().SequenceEqual(Chars),
        _ => false,
    };
}

/// <summary>
/// Match and action texts with their constants taken out, for recognising texts that differ only in constants (one
/// per port: <c>eth.dst == 0a:00:00:00:00:01</c> → <c>outport = "vm1"; output;</c>). Every integer, string,
/// <c>@port_group</c> and <c>$address_set</c> token written outside (), [] and {} becomes a marker with its kind and format, and goes to <see cref="Literals"/>
/// in order; the rest of the text is kept as written, spaces and comments included. Texts with the same skeleton
/// are then the same characters around constants that the lexer read as single tokens at the same places, so they
/// lex to the same tokens but for those constants' values, and the parser reads them to the same tree but for those
/// values (masked integers, subfield bits, set elements and arguments stay in the skeleton). A match may be scanned
/// with its sets' integers taken out too (those of a set written outside (), [] and {}:
/// <c>ip4.src == {10.0.0.5, 10.0.0.0/8}</c>); the commas keep the count of elements in the skeleton. The scanner's
/// buffers are reused: one per thread. It keeps the last few skeletons it read, and reads a text that is one of them
/// with other constants by checking the text around them and reading the constants alone; the result is the lexer's.
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
        int skeletonMark = length, literalMark = count;
        LastShape = 0;
        // Texts come in runs of a few shapes (a datapath's flows of one stage, a few per port): most are a recent
        // text's skeleton with other constants.
        var recent = setElements ? recentMatches : recentOthers;
        foreach (var shape in recent)
        {
            if (shape is null) break;
            if (!shape.Fits(text)) continue;
            if (SameShape(text, shape))
            {
                LastShape = shape.Id;
                return true;
            }
            Drop(skeletonMark, literalMark);
        }
        if (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0) return false;
        if (ScanDirect(text, setElements))
        {
            LastShape = Remember(recent, chars.AsSpan(skeletonMark, length - skeletonMark));
            return true;
        }
        // Something the direct pass leaves to the lexer (a comment, an escape, an error): start this text over.
        Drop(skeletonMark, literalMark);
        return ScanTokens(text, setElements);
    }

    /// <summary>
    /// The shape of the skeleton the last <see cref="Scan"/> appended: every scan with the same nonzero shape, by any
    /// scanner, appended the same characters. 0 when it has none (a text read by the lexer, or not read).
    /// </summary>
    public long LastShape { get; private set; }

    /// <summary>The last shape id handed out (ids are never reused, so an id names one skeleton).</summary>
    private static long lastShapeId;

    /// <summary>Drops what was appended since the marks.</summary>
    private void Drop(int skeletonMark, int literalMark)
    {
        length = skeletonMark;
        Array.Clear(literals, literalMark, count - literalMark);
        count = literalMark;
    }

    /// <summary>The skeleton of a text the direct pass read, and its counts of tokens by kind.</summary>
    private sealed class Shape
    {
        public char[] Skeleton = new char[128];
        public int Length;
        public readonly int[] Kinds = new int[(int)TokenKind.Colon + 1];
        /// <summary>The text before the first constant, and after the last (as long as the skeleton's start and end).</summary>
        private int head, tail;

        /// <summary>Names the skeleton this shape holds: a new one on every <see cref="Set"/>.</summary>
        public long Id;

        public void Set(ReadOnlySpan<char> skeleton, int[] kinds)
        {
            Id = Interlocked.Increment(ref lastShapeId);
            if (Skeleton.Length < skeleton.Length) Skeleton = new char[skeleton.Length * 2];
            skeleton.CopyTo(Skeleton);
            Length = skeleton.Length;
            kinds.CopyTo(Kinds, 0);
            head = skeleton.IndexOf('\u0001');
            if (head < 0) (head, tail) = (skeleton.Length - 1, 0);
            else tail = skeleton.Length - 1 - (skeleton.LastIndexOf('\u0001') + 2);
        }

        /// <summary>A quick look: whether the text starts and ends as this shape's texts do.</summary>
        public bool Fits(string text) =>
            text.Length >= head + tail && text.AsSpan().StartsWith(Skeleton.AsSpan(0, head)) && text.AsSpan().EndsWith(Skeleton.AsSpan(Length - 1 - tail, tail));
    }

    private const int RecentShapes = 8;

    /// <summary>The shapes read directly last, most recent first: of matches with their sets' integers, and of other texts.</summary>
    private readonly Shape?[] recentMatches = new Shape?[RecentShapes], recentOthers = new Shape?[RecentShapes];

    /// <summary>Puts a shape first among the recent ones, reusing the oldest's buffers; its id.</summary>
    private long Remember(Shape?[] recent, ReadOnlySpan<char> skeleton)
    {
        var shape = recent[^1] ?? new Shape();
        Array.Copy(recent, 0, recent, 1, recent.Length - 1);
        recent[0] = shape;
        shape.Set(skeleton, kinds);
        return shape.Id;
    }

    /// <summary>
    /// True, with its skeleton and constants appended, when <paramref name="text"/> is <paramref name="shape"/>'s
    /// text as written with other constants of the same kinds, each read where and as the lexer reads it. A constant
    /// starts a token wherever the text before it leaves off (the run before it must not end in a character a name,
    /// a number or a ':' would go on from), it is read by the lexer's own rules, and the text that follows it must
    /// be the shape's to the next constant: the lexer then reads the rest as it read the shape's text. False, with
    /// whatever it appended to be dropped, for anything else.
    /// </summary>
    private bool SameShape(string text, Shape shape)
    {
        var skeleton = shape.Skeleton.AsSpan(0, shape.Length);
        int at = 0;
        while (true)
        {
            int marker = skeleton.IndexOf('\u0001');
            var run = marker < 0 ? skeleton[..^1] : skeleton[..marker];
            if (!text.AsSpan(at).StartsWith(run)) return false;
            at += run.Length;
            Copy(run);
            if (marker < 0)
            {
                if (at != text.Length) return false;
                Append('\u0002');
                shape.Kinds.CopyTo(kinds, 0);
                return true;
            }
            if (run.Length > 0 && !Separates(run[^1]) || at >= text.Length) return false;
            char form = skeleton[marker + 1];
            int start = at;
            if (form == 'A')
            {
                if (text[at] != '"') return false;
                int end = Lexer.PlainStringEnd(text, at);
                if (end < 0 || text.AsSpan(at + 1, end - at - 2).IndexOfAnyInRange('\0', '\u001f') >= 0) return false;
                at = end;
                Take(new Literal(TokenKind.String, IntFormat.Decimal, 0, text, start, at - start, null));
            }
            else if (form is '@' or '$')
            {
                if (text[at] != form) return false;
                at = Lexer.NameEnd(text, at + 1);
                if (at == start + 1) return false;
                Take(new Literal(form == '@' ? TokenKind.PortGroup : TokenKind.AddressSet, IntFormat.Decimal, 0, text, start, at - start, text.Substring(start + 1, at - start - 1)));
            }
            else
            {
                if (!Lexer.StartsInteger(text, at)) return false;
                if (Lexer.ReadInteger(text, ref at, out var kind, out var value, out _, out var format) is not null
                    || kind != TokenKind.Integer || form != (char)('B' + (int)format)) return false;
                Take(new Literal(kind, format, value, text, start, at - start, null));
            }
            skeleton = skeleton[(marker + 2)..];
        }
    }

    /// <summary>
    /// Characters after which a constant starts a token of its own whatever it begins with: no name, number or
    /// <c>:</c> goes on through them, and no operator they end takes a constant's first character in.
    /// </summary>
    private static bool Separates(char c) => c is ' ' or '(' or '{' or '[' or ',' or ';' or '=' or '!' or '<' or '>' or '&' or '|';


    /// <summary>
    /// <see cref="Scan"/> in one pass over the characters, for the texts flows are made of: tokens separated by
    /// spaces, strings without escapes. Reads every token as the lexer does (the same rules, and the
    /// lexer's own reading of integers) but keeps none of them. False, with whatever it appended to be dropped, for
    /// anything else: comments, escapes, anything the lexer would refuse; <see cref="ScanTokens"/> then decides.
    /// </summary>
    private bool ScanDirect(string text, bool setElements)
    {
        Array.Clear(kinds);
        int depth = 0;
        bool inSet = false;
        int run = 0;
        int i = 0;
        int n = text.Length;
        while (true)
        {
            while (i < n && text[i] == ' ') i++;
            if (i >= n) break;
            int start = i;
            char c = text[i];
            char next = i + 1 < n ? text[i + 1] : '\0';
            TokenKind kind;
            switch (c)
            {
                case '(':
                case '{':
                case '[':
                    kind = c == '(' ? TokenKind.LParen : c == '{' ? TokenKind.LCurly : TokenKind.LSquare;
                    inSet = setElements && depth == 0 && kind == TokenKind.LCurly;
                    depth++;
                    i++;
                    break;
                case ')':
                case '}':
                case ']':
                    kind = c == ')' ? TokenKind.RParen : c == '}' ? TokenKind.RCurly : TokenKind.RSquare;
                    depth--;
                    inSet = false;
                    i++;
                    break;
                case ',': kind = TokenKind.Comma; i++; break;
                case ';': kind = TokenKind.Semicolon; i++; break;
                case '=':
                    (kind, i) = next == '=' ? (TokenKind.Eq, i + 2) : (TokenKind.Equals, i + 1);
                    break;
                case '!':
                    (kind, i) = next == '=' ? (TokenKind.Ne, i + 2) : (TokenKind.Not, i + 1);
                    break;
                case '<':
                    if (next == '-' && i + 2 < n && text[i + 2] == '>') (kind, i) = (TokenKind.Exchange, i + 3);
                    else (kind, i) = next == '=' ? (TokenKind.Le, i + 2) : (TokenKind.Lt, i + 1);
                    break;
                case '>':
                    (kind, i) = next == '=' ? (TokenKind.Ge, i + 2) : (TokenKind.Gt, i + 1);
                    break;
                case '&' when next == '&': kind = TokenKind.LogAnd; i += 2; break;
                case '|' when next == '|': kind = TokenKind.LogOr; i += 2; break;
                case '-' when next == '-': kind = TokenKind.Decrement; i += 2; break;
                case '.' when next == '.': kind = TokenKind.Ellipsis; i += 2; break;
                case ':' when next != ':': kind = TokenKind.Colon; i++; break;
                case '"':
                    {
                        int end = Lexer.PlainStringEnd(text, i);
                        if (end < 0) return false;
                        kind = TokenKind.String;
                        i = end;
                        if (depth == 0) Take(text, ref run, new Literal(kind, IntFormat.Decimal, 0, text, start, i - start, null));
                        break;
                    }
                case '$':
                case '@':
                    {
                        i = Lexer.NameEnd(text, i + 1);
                        if (i == start + 1) return false;
                        kind = c == '$' ? TokenKind.AddressSet : TokenKind.PortGroup;
                        if (depth == 0)
                            Take(text, ref run, new Literal(kind, IntFormat.Decimal, 0, text, start, i - start, text.Substring(start + 1, i - start - 1)));
                        break;
                    }
                default:
                    if (Lexer.StartsInteger(text, i))
                    {
                        if (Lexer.ReadInteger(text, ref i, out kind, out var value, out _, out var format) is not null) return false;
                        if (kind == TokenKind.Integer && (depth == 0 || depth == 1 && inSet))
                            Take(text, ref run, new Literal(kind, format, value, text, start, i - start, null));
                        break;
                    }
                    if (!Lexer.IsIdStart(c)) return false;
                    // The rest of the name: letters, digits, '_' and '.' (not a '..' that follows it).
                    i++;
                    while (i < n)
                    {
                        char d = text[i];
                        if (d >= 128 || !NameChars[d]) break;
                        if (d == '.' && i + 1 < n && text[i + 1] == '.') break;
                        i++;
                    }
                    kind = TokenKind.Identifier;
                    break;
            }
            kinds[(int)kind]++;
        }
        kinds[(int)TokenKind.End]++;
        Copy(text.AsSpan(run));
        Append('\u0002');
        return true;
    }

    /// <summary>The characters that continue a name (<see cref="Lexer.IsIdChar"/>), by ASCII code.</summary>
    private static readonly bool[] NameChars = Enumerable.Range(0, 128).Select(c => Lexer.IsIdChar((char)c)).ToArray();

    /// <summary>Takes a constant out: the text before it as written, then its marker.</summary>
    private void Take(string text, ref int run, in Literal literal)
    {
        Copy(text.AsSpan(run, literal.Start - run));
        Take(literal);
        run = literal.Start + literal.Length;
    }

    /// <summary>Takes a constant out that follows what was appended: its marker.</summary>
    private void Take(in Literal literal)
    {
        if (count == literals.Length) Array.Resize(ref literals, literals.Length * 2);
        literals[count++] = literal;
        Append('\u0001');
        Append(literal.Kind switch { TokenKind.String => 'A', TokenKind.PortGroup => '@', TokenKind.AddressSet => '$', _ => (char)('B' + (int)literal.Format) });
    }

    /// <summary><see cref="Scan"/> through the lexer's tokens: every text, whatever it holds.</summary>
    internal bool ScanTokens(string text, bool setElements)
    {
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
                    case TokenKind.Integer or TokenKind.String or TokenKind.PortGroup or TokenKind.AddressSet when depth == 0:
                        Take(text, ref run, new Literal(t.Kind, t.Format, t.Value, text, t.Start, t.Length, t.Kind == TokenKind.Integer ? null : t.Text));
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
