using System.Globalization;
using Overlay.Contracts.Nb;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>
/// An ovn-nbctl style command line: global options (--db, --wait, --timeout, --dry-run, anywhere on the line)
/// and one or more verbs chained with "--", each with its own options before it:
/// <c>overlay --wait=hv ls-add sw0 -- --may-exist lsp-add sw0 p1</c>. Such lines bypass the command-line
/// parser, which would read "--" as the end of options and "--may-exist" as an unknown option of the root.
/// </summary>
public sealed record NbctlLine(string? Db, WaitFor Wait, TimeSpan? Timeout, bool DryRun, IReadOnlyList<string> Words, string? Error)
{
    private static readonly HashSet<string> HelpTokens = ["-h", "--help", "-?", "/?", "/h"];

    /// <summary>True when <paramref name="args"/> is a verb line (and not a request for help).</summary>
    public static bool TryParse(IReadOnlyList<string> args, out NbctlLine line)
    {
        string? db = null, error = null;
        var wait = WaitFor.WaitNone;
        TimeSpan? timeout = null;
        bool dryRun = false;
        var words = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string? Value(string name)
            {
                if (a.StartsWith(name + "=", StringComparison.Ordinal)) return a[(name.Length + 1)..];
                if (i + 1 < args.Count) return args[++i];
                error ??= $"option {name} needs a value";
                return null;
            }
            if (a == "--db" || a.StartsWith("--db=", StringComparison.Ordinal)) db = Value("--db");
            else if (a == "--dry-run") dryRun = true;
            else if (a is "--no-wait" or "--wait=none") wait = WaitFor.WaitNone;
            else if (a.StartsWith("--wait=", StringComparison.Ordinal) || a == "--wait" && i + 1 < args.Count && args[i + 1] is "sb" or "hv" or "none")
            {
                wait = Value("--wait") switch
                {
                    "sb" => WaitFor.WaitSb,
                    "hv" => WaitFor.WaitHv,
                    "none" => WaitFor.WaitNone,
                    var other => Bad(ref error, $"--wait={other}: expected --wait=sb (logical flows compiled) or --wait=hv (installed on every chassis)"),
                };
            }
            else if (a == "--timeout" || a.StartsWith("--timeout=", StringComparison.Ordinal))
            {
                string? text = Value("--timeout");
                if (text is not null && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s) && s > 0)
                    timeout = TimeSpan.FromSeconds(s);
                else if (text is not null) error ??= $"--timeout {text}: expected a positive number of seconds";
            }
            else words.Add(a);
        }
        line = new NbctlLine(db, wait, timeout, dryRun, words, error);
        if (words.Any(HelpTokens.Contains)) return false;
        // The first word that is not an option must be a verb; an unknown --option before it is then the
        // verb line's problem (reported by the nbctl parser, naming it).
        var first = words.FirstOrDefault(w => !w.StartsWith('-'));
        return first is not null && NbVerbInfo.Find(first) is not null;
    }

    /// <summary>The verb in a help request like "overlay --may-exist lsp-add --help", if there is one.</summary>
    public static string? HelpVerb(IReadOnlyList<string> args) =>
        args.Any(HelpTokens.Contains) ? args.FirstOrDefault(a => NbVerbInfo.Find(a) is not null) : null;

    /// <summary>The words split at "--" into one command each, as TransactRequest.commands carries them.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Commands()
    {
        var commands = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var w in Words)
        {
            if (w == "--") { commands.Add(current); current = []; }
            else current.Add(w);
        }
        commands.Add(current);
        return commands;
    }

    private static WaitFor Bad(ref string? error, string message)
    {
        error ??= message;
        return WaitFor.WaitNone;
    }

    /// <summary>
    /// For the command-line parser: global options written before the command name move after it
    /// ("overlay --db URL ls-list" is "overlay ls-list --db URL"), since they belong to each command.
    /// </summary>
    public static string[] MoveLeadingOptions(string[] args)
    {
        int i = 0;
        var moved = new List<string>();
        while (i < args.Length && args[i].StartsWith('-') && !HelpTokens.Contains(args[i]))
        {
            moved.Add(args[i]);
            bool takesValue = args[i] is "--db" or "--timeout" or "-o" or "--output" || args[i] == "--wait" && i + 1 < args.Length && args[i + 1] is "sb" or "hv" or "none";
            if (takesValue && i + 1 < args.Length) moved.Add(args[++i]);
            i++;
        }
        if (moved.Count == 0 || i >= args.Length) return args;
        return [args[i], .. moved, .. args[(i + 1)..]];
    }
}
