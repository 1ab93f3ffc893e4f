using System.Collections.Immutable;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.State;

/// <summary>
/// The commands of one NB transaction as their words (TransactRequest.commands, NbTransactionRecord.Commands),
/// parsed and applied with the same code the offline CLI uses. Command i's problems point at "command:i".
/// </summary>
public static class NbCommandBatch
{
    public const string SourceName = "command";

    public static NbApplyResult Apply(NbDatabase db, IReadOnlyList<IReadOnlyList<string>> commands, NbValidation validation = NbValidation.Full)
    {
        var (parsed, problems) = Parse(commands);
        return problems.Count > 0 ? NbApplyResult.Refused(problems) : NbTransaction.Apply(db, parsed, validation);
    }

    public static NbApplyResult Apply(NbDatabase db, ImmutableArray<ImmutableArray<string>> commands, NbValidation validation = NbValidation.Full) =>
        Apply(db, commands.Select(c => (IReadOnlyList<string>)c).ToList(), validation);

    public static (IReadOnlyList<NbCommand> Commands, IReadOnlyList<NbDiagnostic> Problems) Parse(IReadOnlyList<IReadOnlyList<string>> commands)
    {
        var parsed = new List<NbCommand>();
        var problems = new List<NbDiagnostic>();
        if (commands.Count == 0)
            problems.Add(new NbDiagnostic("transaction", "commands", "", "no commands given"));
        for (int i = 0; i < commands.Count; i++)
        {
            var at = new SourceLocation(SourceName, i + 1);
            if (commands[i].Count == 0)
            {
                problems.Add(new NbDiagnostic("transaction", "commands", "", "empty command (no words)", at));
                continue;
            }
            var (c, d) = NbScript.ParseArguments(commands[i], at);
            parsed.AddRange(c);
            problems.AddRange(d);
        }
        return (parsed, problems);
    }

    /// <summary>A command as a person would type it: words joined, quoted when they hold spaces or quotes.</summary>
    public static string Format(IReadOnlyList<string> words) => string.Join(" ", words.Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_.:/=@$,+%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
