using System.Text;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// The OVSDB text form of string values that ovn-nbctl's generic commands (create, set) accept after the
/// shell has split the line: a string is "quoted" (JSON-style escapes) or bare (up to a delimiter among
/// <c>:=,[]{}!&lt;&gt;</c> or a blank); a set is strings separated by commas and/or blanks, optionally in [ ].
/// So <c>addresses='"10.0.0.3","10.0.0.4"'</c>, <c>addresses=10.0.0.3,10.0.0.4</c> and
/// <c>addresses="10.0.0.3 10.0.0.4"</c> all give two addresses, and an IPv6 or MAC address must be quoted.
/// </summary>
internal static class OvsdbStrings
{
    private const string Delimiters = ":=,[]{}!<>";

    public static (IReadOnlyList<string> Values, string? Error) ParseSet(string text)
    {
        var values = new List<string>();
        int i = 0;
        SkipBlanks(text, ref i);
        bool bracketed = i < text.Length && text[i] == '[';
        if (bracketed) i++;
        bool closed = !bracketed;
        while (true)
        {
            SkipSeparators(text, ref i);
            if (i >= text.Length) break;
            if (text[i] == ']')
            {
                if (closed) return (values, $"{text}: unexpected \"]\" parsing set of strings");
                closed = true;
                i++;
                SkipBlanks(text, ref i);
                if (i < text.Length) return (values, $"{text}: trailing garbage after set");
                break;
            }
            var (value, error) = ParseAtom(text, ref i, "set of strings");
            if (error is not null) return (values, error);
            values.Add(value!);
        }
        if (!closed) return (values, $"{text}: missing \"]\" at end of set");
        return (values, null);
    }

    public static (string? Value, string? Error) ParseString(string text)
    {
        int i = 0;
        SkipBlanks(text, ref i);
        var (value, error) = ParseAtom(text, ref i, "string");
        if (error is not null) return (null, error);
        SkipBlanks(text, ref i);
        return i < text.Length ? (null, $"{text}: trailing garbage after string") : (value, null);
    }

    /// <summary>A string in OVSDB's quoted form, which <see cref="ParseString"/> and <see cref="ParseSet"/> read back.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static (string? Value, string? Error) ParseAtom(string text, ref int i, string what)
    {
        if (i >= text.Length) return (null, $"{text}: missing value parsing {what}");
        char c = text[i];
        if (c == '"') return ParseQuoted(text, ref i);
        if (Delimiters.Contains(c))
        {
            string hint = c == ':' ? " (quote IPv6 and MAC addresses, e.g. '\"fd00::1\"')" : "";
            return (null, $"{text}: unexpected \"{c}\" parsing {what}{hint}");
        }
        int start = i;
        while (i < text.Length && !Delimiters.Contains(text[i]) && !char.IsWhiteSpace(text[i])) i++;
        if (i < text.Length && text[i] is not (',' or ']') && !char.IsWhiteSpace(text[i]))
        {
            string hint = text[i] == ':' ? " (quote IPv6 and MAC addresses, e.g. '\"fd00::1\"')" : "";
            return (null, $"{text}: unexpected \"{text[i]}\" parsing {what}{hint}");
        }
        return (text[start..i], null);
    }

    private static (string? Value, string? Error) ParseQuoted(string text, ref int i)
    {
        var sb = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] != '\\') { sb.Append(text[i++]); continue; }
            if (i + 1 >= text.Length) break;
            char e = text[i + 1];
            switch (e)
            {
                case '"' or '\\' or '/': sb.Append(e); i += 2; break;
                case 'n': sb.Append('\n'); i += 2; break;
                case 't': sb.Append('\t'); i += 2; break;
                case 'r': sb.Append('\r'); i += 2; break;
                case 'b': sb.Append('\b'); i += 2; break;
                case 'f': sb.Append('\f'); i += 2; break;
                case 'u' when i + 5 < text.Length && ushort.TryParse(text.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var u):
                    sb.Append((char)u); i += 6; break;
                default: return (null, $"{text}: bad escape \\{e}");
            }
        }
        if (i >= text.Length) return (null, $"{text}: quoted string extends past end of argument");
        i++;
        return (sb.ToString(), null);
    }

    private static void SkipBlanks(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }

    private static void SkipSeparators(string text, ref int i)
    {
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == ',')) i++;
    }
}
