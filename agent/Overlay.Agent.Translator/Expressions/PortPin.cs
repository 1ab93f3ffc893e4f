using System.Buffers;

namespace Overlay.Agent.Translator.Expressions;

/// <summary>
/// Finds, in a match's text and without parsing it, the logical port every packet it selects must come from (or go
/// to): a top-level <c>inport == "name"</c> (or <c>outport</c>) joined to the rest by <c>&amp;&amp;</c> only. The
/// language forbids mixing <c>&amp;&amp;</c> and <c>||</c> without parentheses, so such a conjunct pins every
/// conjunction of the normal form. A flow pinned to a VIF bound elsewhere yields no OpenFlow on this host (its
/// terms would all be dropped after normalization), so it can be skipped before any parsing, as ovn-controller skips
/// logical flows whose in/out port is not local.
/// </summary>
internal static class PortPin
{
    private static readonly SearchValues<char> Special = SearchValues.Create("\"(){}[]|&");

    /// <summary>
    /// The quoted name of the top-level <paramref name="field"/> == "…" conjunct of <paramref name="match"/>, or an
    /// empty span when there is none (or the text is anything but plainly a conjunction with one).
    /// </summary>
    public static ReadOnlySpan<char> Find(string match, string field)
    {
        ReadOnlySpan<char> text = match;
        // Most matches never name the field: one search rules them out.
        if (!text.Contains(field, StringComparison.Ordinal)) return default;
        int depth = 0, start = 0;
        ReadOnlySpan<char> found = default;
        for (int i = 0; i < text.Length; i++)
        {
            // Straight to the next character that matters.
            int skip = text[i..].IndexOfAny(Special);
            if (skip < 0) break;
            i += skip;
            char c = text[i];
            switch (c)
            {
                case '"':
                    {
                        int end = text[(i + 1)..].IndexOfAny('"', '\\');
                        if (end < 0 || text[i + 1 + end] == '\\') return default; // escapes: leave it to the parser
                        i += end + 1;
                        break;
                    }
                case '(' or '{' or '[':
                    depth++;
                    break;
                case ')' or '}' or ']':
                    if (--depth < 0) return default;
                    break;
                case '|' when depth == 0 && i + 1 < text.Length && text[i + 1] == '|':
                    return default;
                case '&' when depth == 0 && i + 1 < text.Length && text[i + 1] == '&':
                    if (found.IsEmpty) found = Conjunct(text[start..i], field);
                    i++;
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0) return default;
        return found.IsEmpty ? Conjunct(text[start..], field) : found;
    }

    /// <summary>The name in <c>field == "name"</c> (spaces allowed around the parts), or empty.</summary>
    private static ReadOnlySpan<char> Conjunct(ReadOnlySpan<char> conjunct, string field)
    {
        var s = conjunct.Trim();
        if (!s.StartsWith(field, StringComparison.Ordinal)) return default;
        s = s[field.Length..].TrimStart();
        if (!s.StartsWith("==", StringComparison.Ordinal)) return default;
        s = s[2..].TrimStart();
        if (s.Length < 3 || s[0] != '"' || s[^1] != '"') return default;
        var name = s[1..^1];
        return name.IndexOfAny('"', '\\') >= 0 ? default : name;
    }
}
