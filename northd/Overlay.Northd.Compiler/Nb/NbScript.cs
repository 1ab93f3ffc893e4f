using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// ovn-nbctl scripts: one command line per line (optionally starting with "ovn-nbctl" or "overlay"),
/// shell quoting, # comments, backslash continuation, several commands chained with " -- ", options
/// before each verb. A whole script is one transaction. Every command carries its file:line.
/// </summary>
public static class NbScript
{
    private static readonly string[] Programs = ["ovn-nbctl", "overlay"];

    /// <summary>The usage line of every supported verb, in declaration order.</summary>
    public static ImmutableArray<string> Usages { get; } = NbVerbs.All.Select(v => v.Usage).ToImmutableArray();

    public static (IReadOnlyList<NbCommand> Commands, IReadOnlyList<NbDiagnostic> Diagnostics) Parse(string text, string fileName)
    {
        var commands = new List<NbCommand>();
        var diagnostics = new List<NbDiagnostic>();
        var (lines, errors) = ShellWords.Split(text);
        foreach (var (line, message) in errors)
            diagnostics.Add(new NbDiagnostic("script", "", "", message, new SourceLocation(fileName, line)));
        foreach (var line in lines)
            ParseWords(line.Words, new SourceLocation(fileName, line.Line), commands, diagnostics);
        return (commands, diagnostics);
    }

    /// <summary>
    /// One command line already split into words (e.g. a CLI's argv after the program name); every
    /// command gets <paramref name="source"/>.
    /// </summary>
    public static (IReadOnlyList<NbCommand> Commands, IReadOnlyList<NbDiagnostic> Diagnostics) ParseArguments(IReadOnlyList<string> words, SourceLocation? source = null)
    {
        var commands = new List<NbCommand>();
        var diagnostics = new List<NbDiagnostic>();
        ParseWords(words, source, commands, diagnostics);
        return (commands, diagnostics);
    }

    /// <summary>Parses the script and applies it to an empty database as one transaction.</summary>
    public static NbApplyResult Load(string text, string fileName) => Apply(NbDatabase.Empty, text, fileName);

    /// <summary>Parses the script and applies it to <paramref name="db"/> as one transaction; nothing applies if any line is bad.</summary>
    public static NbApplyResult Apply(NbDatabase db, string text, string fileName)
    {
        var (commands, diagnostics) = Parse(text, fileName);
        return diagnostics.Count > 0 ? NbApplyResult.Refused(diagnostics) : NbTransaction.Apply(db, commands);
    }

    private static void ParseWords(IReadOnlyList<string> words, SourceLocation? at, List<NbCommand> commands, List<NbDiagnostic> diagnostics)
    {
        int start = words.Count > 0 && Programs.Contains(words[0]) ? 1 : 0;
        var segment = new List<string>();
        for (int i = start; i <= words.Count; i++)
        {
            if (i < words.Count && words[i] != "--") { segment.Add(words[i]); continue; }
            ParseCommand(segment, at, commands, diagnostics);
            segment.Clear();
        }
    }

    private static void ParseCommand(List<string> words, SourceLocation? at, List<NbCommand> commands, List<NbDiagnostic> diagnostics)
    {
        void Fail(string obj, string token, string message) => diagnostics.Add(new NbDiagnostic(obj, "", token, message, at));

        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        int i = 0;
        for (; i < words.Count && words[i].StartsWith("--", StringComparison.Ordinal); i++)
        {
            string word = words[i];
            int eq = word.IndexOf('=');
            string name = eq < 0 ? word : word[..eq];
            string? value = eq < 0 ? null : word[(eq + 1)..];
            if (!NbVerbs.AllOptions.Contains(name))
            {
                Fail("ovn-nbctl", word, $"unrecognized option; supported options are {string.Join(", ", NbVerbs.AllOptions.Select(Display))}");
                return;
            }
            bool takesValue = NbVerbs.ValueOptions.Contains(name);
            if (takesValue && value is null) { Fail("ovn-nbctl", word, $"option {name} requires a value ({name}=VALUE)"); return; }
            if (!takesValue && value is not null) { Fail("ovn-nbctl", word, $"option {name} takes no value"); return; }
            options[name] = value;
        }
        if (i == words.Count)
        {
            Fail("ovn-nbctl", words.Count > 0 ? words[^1] : "", "expected a command; supported commands are " + string.Join(", ", NbVerbs.All.Select(v => v.Name)));
            return;
        }
        string verbName = words[i];
        var args = words.Skip(i + 1).ToList();
        if (NbVerbs.Find(verbName) is not { } verb)
        {
            Fail("ovn-nbctl", verbName, "unknown command; supported commands are " + string.Join(", ", NbVerbs.All.Select(v => v.Name)));
            return;
        }
        string usage = $" (usage: {verb.Usage})";
        foreach (var option in options.Keys)
            if (!verb.Options.Contains(option))
            {
                Fail(verb.Name, option, $"'{verb.Name}' command has no '{option}' option{usage}");
                return;
            }
        if (args.Count < verb.MinArgs)
        {
            Fail(verb.Name, string.Join(" ", args), $"'{verb.Name}' command requires at least {verb.MinArgs} argument(s){usage}");
            return;
        }
        if (args.Count > verb.MaxArgs)
        {
            Fail(verb.Name, args[verb.MaxArgs], $"'{verb.Name}' command takes at most {verb.MaxArgs} argument(s){usage}");
            return;
        }
        var built = verb.Build(new VerbCall(verb.Name, args, options, at));
        if (built.Error is not null)
        {
            Fail(verb.Name, built.BadToken, built.Error + usage);
            return;
        }
        commands.AddRange(built.Commands.Select(c => c with { Source = at }));
    }

    private static string Display(string option) => NbVerbs.ValueOptions.Contains(option) ? option + "=VALUE" : option;
}
