using System.Collections.Immutable;
using System.Text;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>
/// Splits a topology script (ovn-nbctl command lines, one per line, <c>#</c> comments, <c>--</c> chaining,
/// <c>\</c> line continuation) into the argument lists real <c>ovn-nbctl</c> gets, the way a POSIX shell would:
/// single quotes are literal, double quotes honour <c>\" \\ \$ \`</c>, a backslash outside quotes escapes the next
/// character. A leading <c>ovn-nbctl</c> word on a line is dropped so pasted commands work too.
/// </summary>
internal static class NbctlScript
{
    /// <summary>The commands of the script, each line's words, with comments and blank lines removed.</summary>
    public static ImmutableArray<ImmutableArray<string>> Lines(string text)
    {
        var lines = ImmutableArray.CreateBuilder<ImmutableArray<string>>();
        foreach (var logical in JoinContinuations(text))
        {
            var words = SplitWords(logical);
            if (words.Length > 0 && words[0] == "ovn-nbctl") words = words.RemoveAt(0);
            if (words.Length > 0) lines.Add(words);
        }
        return lines.ToImmutable();
    }

    /// <summary>The whole script as one <c>ovn-nbctl</c> argument list, lines chained with <c>--</c>: one NB transaction.</summary>
    public static ImmutableArray<string> ChainedArguments(string text)
    {
        var args = ImmutableArray.CreateBuilder<string>();
        foreach (var line in Lines(text))
        {
            if (args.Count > 0) args.Add("--");
            args.AddRange(line);
        }
        return args.ToImmutable();
    }

    private static IEnumerable<string> JoinContinuations(string text)
    {
        var pending = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.EndsWith('\\') && !raw.EndsWith("\\\\"))
            {
                pending.Append(raw, 0, raw.Length - 1).Append(' ');
                continue;
            }
            pending.Append(raw);
            yield return pending.ToString();
            pending.Clear();
        }
        if (pending.Length > 0) yield return pending.ToString();
    }

    /// <summary>Shell-style word splitting of one line; <c>#</c> at the start of a word comments out the rest.</summary>
    public static ImmutableArray<string> SplitWords(string line)
    {
        var words = ImmutableArray.CreateBuilder<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                continue;
            }
            if (c == '#' && !inWord) break;
            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0) throw new FormatException($"unterminated ' in: {line}");
                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i++;
                    for (; i < line.Length && line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && "\"\\$`".Contains(line[i + 1])) i++;
                        word.Append(line[i]);
                    }
                    if (i >= line.Length) throw new FormatException($"unterminated \" in: {line}");
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words.ToImmutable();
    }
}
