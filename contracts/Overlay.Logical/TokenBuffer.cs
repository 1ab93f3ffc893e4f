namespace Overlay.Logical;

/// <summary>
/// A token as the parsers see it: where it is in the source, and only the text the parsers keep (names, string
/// values). Constants carry no text at all; an error message takes the token's text from the source when it needs it.
/// </summary>
internal struct Lexeme
{
    public TokenKind Kind;
    public IntFormat Format;
    /// <summary>0-based offset of the token in the source.</summary>
    public int Start;
    public int Length;
    /// <summary>Identifiers: the name (shared when <see cref="Name"/> is set); strings with escapes: the unescaped
    /// value (one without is read from the source); $address_set and @port_group: the name without its sigil;
    /// otherwise null.</summary>
    public string? Text;
    /// <summary>The shared entry of a name the language knows (field, action, keyword), or null.</summary>
    public LexerName? Name;
    public UInt128 Value;
    public UInt128 Mask;

    public readonly int Column => Start + 1;
}

/// <summary>
/// A growable token array the parsers lex into and reuse (via <see cref="TokenCursor"/>, one per thread), so
/// parsing a flow does not allocate a fresh token list.
/// </summary>
internal sealed class TokenBuffer
{
    private Lexeme[] items = new Lexeme[64];

    public int Count { get; private set; }

    /// <summary>The text being lexed; tokens point into it.</summary>
    public string Source { get; private set; } = "";

    public int Capacity => items.Length;

    public ref readonly Lexeme this[int index] => ref items[index];

    public void Start(string source)
    {
        Source = source;
        Count = 0;
    }

    // The lexer adds tokens through these, which fill the slot in place: building a token struct at each of the
    // lexer's many return points made the JIT zero a stack temporary per point on every call.
    public void Add(TokenKind kind, int start, int length) => Add(kind, start, length, null, null, 0, 0, IntFormat.Decimal);

    public void Add(TokenKind kind, int start, int length, string? text, LexerName? name = null) =>
        Add(kind, start, length, text, name, 0, 0, IntFormat.Decimal);

    public void Add(TokenKind kind, int start, int length, UInt128 value, UInt128 mask, IntFormat format) =>
        Add(kind, start, length, null, null, value, mask, format);

    private void Add(TokenKind kind, int start, int length, string? text, LexerName? name, UInt128 value, UInt128 mask, IntFormat format)
    {
        if (Count == items.Length) Array.Resize(ref items, items.Length * 2);
        ref var t = ref items[Count++];
        t.Kind = kind;
        t.Format = format;
        t.Start = start;
        t.Length = length;
        t.Text = text;
        t.Name = name;
        t.Value = value;
        t.Mask = mask;
    }

    /// <summary>Drops the tokens' strings (so they can be collected) and the source; the rest is overwritten by the next parse.</summary>
    public void Clear()
    {
        foreach (ref var t in items.AsSpan(0, Count))
        {
            t.Text = null;
            t.Name = null;
        }
        Count = 0;
        Source = "";
    }

    /// <summary>The public form of token <paramref name="index"/>, with its text.</summary>
    public Token ToToken(int index)
    {
        ref readonly var t = ref items[index];
        return new Token(t.Kind, t.Column, TextOf(t), t.Value, t.Mask, t.Format);
    }

    /// <summary>
    /// The token's text as <see cref="Token.Text"/> has it: a string's value unescaped, an identifier's name,
    /// otherwise the token as written (with its sigil, mask or prefix).
    /// </summary>
    public string TextOf(in Lexeme t) => t.Kind switch
    {
        TokenKind.End => "",
        TokenKind.String => t.Text ?? Source.Substring(t.Start + 1, t.Length - 2),
        TokenKind.Identifier => t.Text!,
        _ => Source.Substring(t.Start, t.Length),
    };
}

/// <summary>
/// A stack of nodes the parsers collect a list on (terms of an AND, items of a set, actions of a block) before
/// copying it to an exactly sized array; nested lists stack on top of each other. Reused per thread.
/// </summary>
internal sealed class ScratchStack<T> where T : class
{
    private const int KeepLimit = 1024;

    // Items in a struct, so storing one skips the covariance check an array of an abstract node type needs.
    private struct Slot
    {
        public T? Item;
    }

    private Slot[] items = new Slot[16];

    public int Count { get; private set; }

    public void Push(T item)
    {
        if (Count == items.Length) Array.Resize(ref items, items.Length * 2);
        items[Count++].Item = item;
    }

    /// <summary>Whether any item pushed since <paramref name="mark"/> satisfies <paramref name="test"/>.</summary>
    public bool Any(int mark, Func<T, bool> test)
    {
        for (int k = mark; k < Count; k++)
            if (test(items[k].Item!)) return true;
        return false;
    }

    /// <summary>Copies the items pushed since <paramref name="mark"/> to a new array and pops them.</summary>
    public T[] PopArray(int mark)
    {
        int n = Count - mark;
        if (n == 0) return [];
        var result = new T[n];
        for (int k = 0; k < n; k++) result[k] = items[mark + k].Item!;
        Pop(mark);
        return result;
    }

    public void Pop(int mark)
    {
        Array.Clear(items, mark, Count - mark);
        Count = mark;
    }

    /// <summary>Empties the stack (a parse that failed leaves items); one that grew large is given up rather than kept for the thread.</summary>
    public void Reset()
    {
        if (Count > 0) Pop(0);
        if (items.Length > KeepLimit) items = new Slot[16];
    }
}
