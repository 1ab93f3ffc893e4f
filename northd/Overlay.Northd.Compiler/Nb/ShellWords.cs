using System.Text;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>One shell command line: its words and the (1-based) line it starts on.</summary>
internal sealed record ShellLine(int Line, IReadOnlyList<string> Words);

/// <summary>
/// Splits text into command lines the way a POSIX shell would split words: blanks separate words;
/// 'single quotes' are literal; "double quotes" honour \" \\ \$ \` and line continuation; a backslash
/// outside quotes escapes the next character, and backslash-newline joins lines; # at the start of a
/// word comments out the rest of the line. No expansion of any kind.
/// </summary>
internal static class ShellWords
{
    public static (IReadOnlyList<ShellLine> Lines, IReadOnlyList<(int Line, string Message)> Errors) Split(string text)
    {
        var lines = new List<ShellLine>();
        var errors = new List<(int, string)>();
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        int line = 1, start = 1;

        void EndWord()
        {
            if (inWord) words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
        void EndLine()
        {
            EndWord();
            if (words.Count > 0) lines.Add(new ShellLine(start, words.ToArray()));
            words.Clear();
        }

        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (words.Count == 0 && !inWord && c is not ('\n' or ' ' or '\t' or '\r')) start = line;
            switch (c)
            {
                case '\n':
                    EndLine();
                    line++;
                    i++;
                    break;
                case ' ' or '\t' or '\r':
                    EndWord();
                    i++;
                    break;
                case '#' when !inWord:
                    while (i < text.Length && text[i] != '\n') i++;
                    break;
                case '\\':
                    if (i + 1 < text.Length && text[i + 1] == '\n') { line++; i += 2; break; }
                    if (i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n') { line++; i += 3; break; }
                    if (i + 1 < text.Length) word.Append(text[i + 1]);
                    inWord = true;
                    i += 2;
                    break;
                case '\'':
                    {
                        int end = text.IndexOf('\'', i + 1);
                        if (end < 0) { errors.Add((line, "unterminated single quote")); return (lines, errors); }
                        word.Append(text, i + 1, end - i - 1);
                        line += CountNewlines(text, i + 1, end);
                        inWord = true;
                        i = end + 1;
                        break;
                    }
                case '"':
                    {
                        int quoteLine = line;
                        i++;
                        while (i < text.Length && text[i] != '"')
                        {
                            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                            {
                                word.Append(text[i + 1]);
                                i += 2;
                            }
                            else if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
                            {
                                line++;
                                i += 2;
                            }
                            else
                            {
                                if (text[i] == '\n') line++;
                                word.Append(text[i]);
                                i++;
                            }
                        }
                        if (i >= text.Length) { errors.Add((quoteLine, "unterminated double quote")); return (lines, errors); }
                        inWord = true;
                        i++;
                        break;
                    }
                default:
                    word.Append(c);
                    inWord = true;
                    i++;
                    break;
            }
        }
        EndLine();
        return (lines, errors);
    }

    private static int CountNewlines(string text, int from, int to)
    {
        int n = 0;
        for (int i = from; i < to; i++) if (text[i] == '\n') n++;
        return n;
    }

    /// <summary>Quotes a word so <see cref="Split"/> gives it back unchanged (single quotes unless it is plain).</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(ch => char.IsAsciiLetterOrDigit(ch) || "-_./:=,@%+".Contains(ch))) return word;
        return "'" + word.Replace("'", "'\\''") + "'";
    }
}
