using Overlay.Northd.Compiler.Nb;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Overlay.Cli.Input;

/// <summary>
/// The NB model as a YAML topology file (switches, routers, address_sets, port_groups). Loading goes
/// through the same NB commands and transaction as an ovn-nbctl script, so keys and validation are identical.
/// </summary>
public static class NbYaml
{
    /// <summary>Loads a topology into an empty database as one transaction.</summary>
    public static NbApplyResult Load(string text, string fileName) => Apply(NbDatabase.Empty, text, fileName);

    /// <summary>Applies a topology's commands to <paramref name="db"/> as one transaction.</summary>
    public static NbApplyResult Apply(NbDatabase db, string text, string fileName)
    {
        var (commands, problems) = Parse(text, fileName);
        return problems.Count > 0 ? NbApplyResult.Refused(problems) : NbTransaction.Apply(db, commands);
    }

    /// <summary>The NB commands a topology stands for, or the problems with its YAML.</summary>
    public static (IReadOnlyList<NbCommand> Commands, IReadOnlyList<NbDiagnostic> Diagnostics) Parse(string text, string fileName)
    {
        var problems = new List<NbDiagnostic>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // The YAML library reports syntax errors by throwing; this is the edge where they become data.
            problems.Add(new NbDiagnostic(fileName, "", "", StripMark(e.Message),
                new SourceLocation(fileName, (int)e.Start.Line, (int)e.Start.Column)));
            return ([], problems);
        }
        if (stream.Documents.Count == 0) return ([], problems);
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            problems.Add(new NbDiagnostic(fileName, "", "", "expected a single YAML document",
                new SourceLocation(fileName, (int)second.Start.Line, (int)second.Start.Column)));
            return ([], problems);
        }
        var commands = YamlTopology.Commands(stream.Documents[0].RootNode, fileName, problems);
        return (commands, problems);
    }

    /// <summary>The database as a topology file; loading it gives an equal model (keys are reassigned in file order).</summary>
    public static string Write(NbDatabase db) => YamlTopologyWriter.Write(db);

    // YamlDotNet messages end with their own "(Line: x, Col: y, ...)"; the location is reported separately.
    private static string StripMark(string message)
    {
        int at = message.IndexOf("(Line:", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd() : message;
    }
}
