using System.CommandLine;
using Overlay.Cli.Input;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Commands;

/// <summary>The --script / -f pair every offline command takes, and loading + compiling what they name.</summary>
internal sealed class TopologyOptions
{
    public Option<FileInfo?> Script { get; } = new("--script")
    {
        Description = "Topology as an ovn-nbctl script: one command per line (ls-add, lsp-add, lsp-set-addresses, lr-add, lrp-add, acl-add, pg-add, create Address_Set ...), '#' comments, '--' chains.",
        HelpName = "FILE",
    };

    public Option<FileInfo?> File { get; } = new("--file", "-f")
    {
        Description = "Topology as a declarative YAML file (switches, routers, address_sets, port_groups).",
        HelpName = "FILE.yaml",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Script);
        command.Options.Add(File);
        command.Validators.Add(result =>
        {
            bool hasScript = result.GetResult(Script) is not null, hasFile = result.GetResult(File) is not null;
            if (hasScript == hasFile)
                result.AddError("give the topology with exactly one of --script FILE or -f FILE.yaml");
        });
    }

    /// <summary>Loads and validates the topology; on any problem prints every diagnostic to stderr and returns null.</summary>
    public NbDatabase? Load(ParseResult parse)
    {
        var error = parse.InvocationConfiguration.Error;
        var script = parse.GetValue(Script);
        var file = script ?? parse.GetValue(File)!;
        string text;
        try
        {
            text = System.IO.File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"overlay: cannot read {file}: {ex.Message}");
            return null;
        }
        var result = script is not null ? NbScript.Load(text, file.ToString()) : NbYaml.Load(text, file.ToString());
        if (result.Database is null || result.Diagnostics.Count > 0)
        {
            foreach (var d in result.Diagnostics) error.WriteLine(d.ToString());
            if (result.Database is null)
            {
                error.WriteLine($"overlay: {file}: {result.Diagnostics.Count} problem(s); nothing was compiled");
                return null;
            }
        }
        return result.Database;
    }

    public LogicalNetwork? Compile(ParseResult parse) => Load(parse) is { } db ? NorthdCompiler.Compile(db) : null;
}
