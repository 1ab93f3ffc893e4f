using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Overlay.Logical;

/// <summary>
/// Tokenizer for OVN's match/action language: identifiers with dots, JSON strings, integers in
/// decimal, hex, IPv4, IPv6 and Ethernet form with optional /MASK or /PREFIX, $address_set, @port_group.
/// </summary>
public static class Lexer
{
    public static ParseResult<IReadOnlyList<Token>> Tokenize(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Start(text);
        var err = Lex(text, tokens);
        if (err is not null) return ParseResult<IReadOnlyList<Token>>.Fail(err);
        var result = new Token[tokens.Count];
        for (int k = 0; k < result.Length; k++) result[k] = tokens.ToToken(k);
        return ParseResult<IReadOnlyList<Token>>.Success(result);
    }

    /// <summary>Lexes all of <paramref name="text"/> into <paramref name="tokens"/>, ending with an End token; or the first error.</summary>
    /// <summary>
    /// Lexes <paramref name="text"/> into <paramref name="tokens"/>. Without <paramref name="names"/>, identifiers are
    /// not looked up among the known names and carry no text (for a caller that reads them from the source).
    /// </summary>
    internal static SyntaxError? Lex(string text, TokenBuffer tokens, bool names = true)
    {
        int i = 0;
        while (true)
        {
            // Single spaces between tokens are the usual case; comments and other white space go the long way.
            while (i < text.Length && text[i] == ' ') i++;
            if (i < text.Length && (text[i] is '\t' or '\n' or '\r' or '\v' or '\f' or '/'))
            {
                i = SkipSpaceAndComments(text, i, out var commentError);
                if (commentError is not null) return commentError;
            }
            if (i >= text.Length)
            {
                tokens.Add(TokenKind.End, text.Length, 0);
                return null;
            }
            var err = Next(text, ref i, tokens, names);
            if (err is not null) return err;
        }
    }

    private static int SkipSpaceAndComments(string s, int i, out SyntaxError? error)
    {
        error = null;
        while (i < s.Length)
        {
            char c = s[i];
            if (c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f') { i++; continue; }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    error = new SyntaxError(i + 1, "/*", "unterminated comment");
                    return i;
                }
                i = end + 2;
                continue;
            }
            break;
        }
        return i;
    }

    internal static bool IsIdStart(char c) => char.IsAsciiLetter(c) || c == '_' || c == '.';
    internal static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.';

    private static SyntaxError? Next(string s, ref int i, TokenBuffer tokens, bool names)
    {
        int start = i;
        int col = start + 1;
        char c = s[i];
        char n = i + 1 < s.Length ? s[i + 1] : '\0';
        switch (c)
        {
            case '(': i++; tokens.Add(TokenKind.LParen, start, 1); return null;
            case ')': i++; tokens.Add(TokenKind.RParen, start, 1); return null;
            case '{': i++; tokens.Add(TokenKind.LCurly, start, 1); return null;
            case '}': i++; tokens.Add(TokenKind.RCurly, start, 1); return null;
            case '[': i++; tokens.Add(TokenKind.LSquare, start, 1); return null;
            case ']': i++; tokens.Add(TokenKind.RSquare, start, 1); return null;
            case ',': i++; tokens.Add(TokenKind.Comma, start, 1); return null;
            case ';': i++; tokens.Add(TokenKind.Semicolon, start, 1); return null;
            case '=':
                if (n == '=') { i += 2; tokens.Add(TokenKind.Eq, start, 2); }
                else { i++; tokens.Add(TokenKind.Equals, start, 1); }
                return null;
            case '!':
                if (n == '=') { i += 2; tokens.Add(TokenKind.Ne, start, 2); }
                else { i++; tokens.Add(TokenKind.Not, start, 1); }
                return null;
            case '<':
                if (n == '-' && i + 2 < s.Length && s[i + 2] == '>') { i += 3; tokens.Add(TokenKind.Exchange, start, 3); }
                else if (n == '=') { i += 2; tokens.Add(TokenKind.Le, start, 2); }
                else { i++; tokens.Add(TokenKind.Lt, start, 1); }
                return null;
            case '>':
                if (n == '=') { i += 2; tokens.Add(TokenKind.Ge, start, 2); }
                else { i++; tokens.Add(TokenKind.Gt, start, 1); }
                return null;
            case '&':
                if (n == '&') { i += 2; tokens.Add(TokenKind.LogAnd, start, 2); return null; }
                return new SyntaxError(col, "&", "'&' is not valid; use '&&'");
            case '|':
                if (n == '|') { i += 2; tokens.Add(TokenKind.LogOr, start, 2); return null; }
                return new SyntaxError(col, "|", "'|' is not valid; use '||'");
            case '-':
                if (n == '-') { i += 2; tokens.Add(TokenKind.Decrement, start, 2); return null; }
                return new SyntaxError(col, "-", "'-' is only valid in '--' or '<->'");
            case '"':
                return LexString(s, ref i, tokens);
            case '$':
            case '@':
                {
                    i++;
                    int idStart = i;
                    i = NameEnd(s, i);
                    if (i == idStart) return new SyntaxError(col, c.ToString(), $"'{c}' must be followed by a name");
                    tokens.Add(c == '$' ? TokenKind.AddressSet : TokenKind.PortGroup, start, i - start, s.Substring(idStart, i - idStart));
                    return null;
                }
            case '.' when n == '.':
                i += 2; tokens.Add(TokenKind.Ellipsis, start, 2); return null;
            case ':' when n != ':':
                i++; tokens.Add(TokenKind.Colon, start, 1); return null;
        }

        if (StartsInteger(s, i))
            return LexInteger(s, ref i, tokens);
        if (IsIdStart(c))
        {
            while (i < s.Length && IsIdChar(s[i]))
            {
                if (s[i] == '.' && i + 1 < s.Length && s[i + 1] == '.') break;
                i++;
            }
            if (!names)
            {
                tokens.Add(TokenKind.Identifier, start, i - start);
                return null;
            }
            var name = LexerNames.Find(s.AsSpan(start, i - start));
            tokens.Add(TokenKind.Identifier, start, i - start, name?.Text ?? s.Substring(start, i - start), name);
            return null;
        }
        return new SyntaxError(col, c.ToString(), $"unexpected character '{c}'");
    }

    /// <summary>
    /// Whether an integer starts at <paramref name="i"/>, past the punctuation <see cref="Next"/> reads first: a digit,
    /// <c>::</c> (a lone ':' is a colon), or a hex letter that begins a MAC or IPv6 address.
    /// </summary>
    internal static bool StartsInteger(string s, int i)
    {
        char c = s[i];
        if (char.IsAsciiDigit(c)) return true;
        if (c == ':') return i + 1 < s.Length && s[i + 1] == ':';
        return char.IsAsciiHexDigit(c) && LooksLikeHexAddress(s, i);
    }

    /// <summary>The end of a <c>$</c> or <c>@</c> name whose first character is at <paramref name="i"/>.</summary>
    internal static int NameEnd(string s, int i)
    {
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or '.' or '-' or ':')) i++;
        return i;
    }

    /// <summary>
    /// Just past the closing quote of the string opened at <paramref name="i"/> when it has no escapes (its value is
    /// the text between the quotes); -1 when it has escapes or no end.
    /// </summary>
    internal static int PlainStringEnd(string s, int i)
    {
        int close = s.AsSpan(i + 1).IndexOfAny(QuoteOrBackslash);
        return close >= 0 && s[i + 1 + close] == '"' ? i + close + 2 : -1;
    }

    // A token starting with a-f is a MAC/IPv6 address when its leading hex digits are followed by ':'.
    private static bool LooksLikeHexAddress(string s, int i)
    {
        while (i < s.Length && char.IsAsciiHexDigit(s[i])) i++;
        return i < s.Length && s[i] == ':';
    }

    private static SyntaxError? LexString(string s, ref int i, TokenBuffer tokens)
    {
        int col = i + 1;
        int start = i;
        // Most strings (port names) have no escapes: the parser takes them from the source (a shared node, usually).
        int end = PlainStringEnd(s, i);
        if (end > 0)
        {
            tokens.Add(TokenKind.String, start, end - start);
            i = end;
            return null;
        }
        var sb = new StringBuilder();
        i++;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '"')
            {
                i++;
                tokens.Add(TokenKind.String, start, i - start, sb.ToString());
                return null;
            }
            if (c == '\\')
            {
                if (i + 1 >= s.Length) break;
                char e = s[i + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u' when i + 5 < s.Length && ushort.TryParse(s.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var u):
                        sb.Append((char)u); i += 4; break;
                    default: return new SyntaxError(i + 1, "\\" + e, "invalid escape in string");
                }
                i += 2;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return new SyntaxError(col, "\"", "unterminated string");
    }

    private static readonly System.Buffers.SearchValues<char> QuoteOrBackslash = System.Buffers.SearchValues.Create("\"\\");

    private static SyntaxError? LexInteger(string s, ref int i, TokenBuffer tokens)
    {
        int start = i;
        var err = ReadInteger(s, ref i, out var kind, out var value, out var mask, out var format);
        if (err is not null) return err;
        tokens.Add(kind, start, i - start, value, mask, format);
        return null;
    }

    /// <summary>
    /// Reads the integer at <paramref name="i"/> (a constant, with an optional /MASK or /PREFIX) and moves past it:
    /// <see cref="TokenKind.Integer"/> (mask all ones) or <see cref="TokenKind.MaskedInteger"/>; or the error.
    /// </summary>
    internal static SyntaxError? ReadInteger(string s, ref int i, out TokenKind kind, out UInt128 value, out UInt128 mask, out IntFormat format)
    {
        int col = i + 1;
        kind = TokenKind.Integer;
        mask = UInt128.MaxValue;
        var err = ScanNumber(s, ref i, col, out value, out format);
        if (err is not null) return err;
        if (i < s.Length && s[i] == '/' && !(i + 1 < s.Length && (s[i + 1] == '/' || s[i + 1] == '*')))
        {
            i++;
            int maskCol = i + 1;
            int maskStart = i;
            if (i >= s.Length || !(char.IsAsciiHexDigit(s[i]) || s[i] == ':'))
                return new SyntaxError(maskCol, i < s.Length ? s[i].ToString() : "", "a mask must follow '/'");
            err = ScanNumber(s, ref i, maskCol, out mask, out var maskFormat);
            if (err is not null) return err;
            int width = Width(format);
            if (maskFormat == IntFormat.Decimal && format is IntFormat.IPv4 or IntFormat.IPv6 or IntFormat.Ethernet)
            {
                if (mask > (UInt128)width)
                {
                    string maskText = s[maskStart..i];
                    return new SyntaxError(maskCol, maskText, $"prefix length {maskText} is longer than {width} bits");
                }
                mask = PrefixMask((int)mask, width);
            }
            if ((value & ~mask) != 0)
                return new SyntaxError(col, s[(col - 1)..i], "value has 1-bits outside the mask");
            kind = TokenKind.MaskedInteger;
        }
        return null;
    }

    public static int Width(IntFormat f) => f switch
    {
        IntFormat.IPv4 => 32,
        IntFormat.IPv6 => 128,
        IntFormat.Ethernet => 48,
        _ => 128,
    };

    public static UInt128 PrefixMask(int plen, int width)
    {
        if (plen == 0) return 0;
        UInt128 ones = width == 128 ? UInt128.MaxValue : (((UInt128)1 << width) - 1);
        return ones & ~((((UInt128)1) << (width - plen)) - 1) & ones;
    }

    // On success the number's text is s[start..i] (the caller takes it only when it needs it).
    private static SyntaxError? ScanNumber(string s, ref int i, int col, out UInt128 value, out IntFormat format)
    {
        value = 0;
        format = IntFormat.Decimal;
        int start = i;
        if (s[i] == '0' && i + 1 < s.Length && (s[i + 1] is 'x' or 'X'))
        {
            i += 2;
            int digits = i;
            while (i < s.Length && char.IsAsciiHexDigit(s[i])) i++;
            if (i == digits) return new SyntaxError(col, s[start..i], "hex constant needs digits after 0x");
            if (i - digits > 32) return new SyntaxError(col, s[start..i], "hex constant is wider than 128 bits");
            value = UInt128.Parse(s.AsSpan(digits, i - digits), System.Globalization.NumberStyles.HexNumber);
            format = IntFormat.Hex;
            if (i < s.Length && IsIdChar(s[i])) return new SyntaxError(col, s[start..(i + 1)], "invalid hex constant");
            return null;
        }
        // The most common constant, a MAC, read directly when nothing that could continue a number follows it.
        if (s.Length - i >= 17 && IsMac(s.AsSpan(i, 17)) && (s.Length - i == 17 || !(char.IsAsciiHexDigit(s[i + 17]) || s[i + 17] is ':' or '.')))
        {
            format = IntFormat.Ethernet;
            for (int k = i; k < i + 17; k += 3) value = (value << 8) | (uint)(HexValue(s[k]) << 4 | HexValue(s[k + 1]));
            i += 17;
            return null;
        }
        // Decimal numbers and dotted quads likewise. Anything unusual (leading zeros, letters or ':' after the
        // digits, other shapes) goes the general way below, which gives the same result or the error.
        if (char.IsAsciiDigit(s[i]))
        {
            int j = i, dots = 0;
            while (j < s.Length)
            {
                char c = s[j];
                if (char.IsAsciiDigit(c)) { j++; continue; }
                if (c == '.' && !(j + 1 < s.Length && s[j + 1] == '.')) { dots++; j++; continue; }
                break;
            }
            // A '.' left here starts '..', which may follow a decimal (a bit range).
            bool ends = j == s.Length || !(char.IsAsciiHexDigit(s[j]) || s[j] == ':' || IsIdChar(s[j])) || (dots == 0 && s[j] == '.');
            var run = s.AsSpan(i, j - i);
            if (ends && dots == 0 && run.Length <= 18 && !(run.Length > 1 && run[0] == '0'))
            {
                ulong v = 0;
                foreach (char c in run) v = v * 10 + (uint)(c - '0');
                value = v;
                i = j;
                return null;
            }
            if (ends && dots == 3 && TryPlainIPv4(run, out uint quad))
            {
                format = IntFormat.IPv4;
                value = quad;
                i = j;
                return null;
            }
        }
        bool colon = false, dot = false;
        while (i < s.Length && (char.IsAsciiHexDigit(s[i]) || s[i] == ':' || s[i] == '.'))
        {
            if (s[i] == '.' && i + 1 < s.Length && s[i + 1] == '.') break;
            if (s[i] == ':') colon = true;
            if (s[i] == '.') dot = true;
            i++;
        }
        var text = s.AsSpan(start, i - start);
        if (colon)
        {
            if (text.Length == 17 && IsMac(text))
            {
                format = IntFormat.Ethernet;
                for (int k = 0; k < 17; k += 3) value = (value << 8) | (uint)(HexValue(text[k]) << 4 | HexValue(text[k + 1]));
                return null;
            }
            // IPv4:port (load balancer syntax) lexes as IPv4 then ':'
            int c0 = text.IndexOf(':');
            if (dot && c0 > 0 && text.IndexOf('.') < c0 && IPAddress.TryParse(text[..c0], out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && text[..c0].Count('.') == 3)
            {
                i = start + c0;
                format = IntFormat.IPv4;
                value = BytesToValue(v4.GetAddressBytes());
                return null;
            }
            if (IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                format = IntFormat.IPv6;
                Span<byte> bytes = stackalloc byte[16];
                v6.TryWriteBytes(bytes, out int written);
                value = BytesToValue(bytes[..written]);
                return null;
            }
            return new SyntaxError(col, BadWord(s, start), "invalid Ethernet or IPv6 address");
        }
        if (dot)
        {
            if (TryPlainIPv4(text, out uint address))
            {
                format = IntFormat.IPv4;
                value = address;
                return null;
            }
            string whole = text.ToString();
            if (text.Count('.') == 3 && IPAddress.TryParse(whole, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork
                && whole.Split('.').All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
            {
                format = IntFormat.IPv4;
                value = BytesToValue(v4.GetAddressBytes());
                return null;
            }
            return new SyntaxError(col, BadWord(s, start), "invalid IPv4 address");
        }
        if (text.ContainsAnyExceptInRange('0', '9'))
            return new SyntaxError(col, text.ToString(), "invalid number");
        if (text.Length > 1 && text[0] == '0')
            return new SyntaxError(col, text.ToString(), "decimal constants must not have leading zeros");
        if (i < s.Length && IsIdChar(s[i]) && s[i] != '.')
            return new SyntaxError(col, BadWord(s, start), "invalid number");
        if (!UInt128.TryParse(text, out value))
            return new SyntaxError(col, text.ToString(), "decimal constant is wider than 128 bits");
        return null;
    }

    // The common dotted quad: four decimal parts of 1-3 digits, no leading zeros, each at most 255. Anything else
    // (leading zeros, which IPAddress reads as octal, or out-of-range parts) goes the general way.
    private static bool TryPlainIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        int parts = 0, k = 0;
        while (true)
        {
            int partStart = k, part = 0;
            while (k < text.Length && char.IsAsciiDigit(text[k]))
            {
                part = part * 10 + (text[k] - '0');
                k++;
            }
            int len = k - partStart;
            if (len == 0 || len > 3 || (len > 1 && text[partStart] == '0') || part > 255) return false;
            address = (address << 8) | (uint)part;
            parts++;
            if (k == text.Length) return parts == 4;
            if (text[k] != '.' || parts == 4) return false;
            k++;
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // The whole malformed word, for error messages: "50:54:00:00:00:0z", not "50:54:00:00:00:0".
    private static string BadWord(string s, int start)
    {
        int end = start;
        while (end < s.Length && (IsIdChar(s[end]) || s[end] == ':') && !(s[end] == '.' && end + 1 < s.Length && s[end + 1] == '.')) end++;
        return s[start..end];
    }

    private static bool IsMac(ReadOnlySpan<char> t)
    {
        for (int k = 0; k < 17; k++)
        {
            if (k % 3 == 2) { if (t[k] != ':') return false; }
            else if (!char.IsAsciiHexDigit(t[k])) return false;
        }
        return true;
    }

    private static UInt128 BytesToValue(ReadOnlySpan<byte> bytes)
    {
        UInt128 v = 0;
        foreach (var b in bytes) v = (v << 8) | b;
        return v;
    }
}
