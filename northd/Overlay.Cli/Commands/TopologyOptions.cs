using System.CommandLine;
using Command = System.CommandLine.Command;
using Overlay.Cli.Input;
using Overlay.Cli.Online;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Commands;

/// <summary>
/// The --script / -f pair every inspection command takes, and loading + compiling what they name. With
/// neither (and <see cref="Online"/> set), the network is northd's: fetched with GetSouthbound from --db.
/// </summary>
internal sealed class TopologyOptions(bool online = false)
{
    public bool Online { get; } = online;

    public Option<string?> Db { get; } = DbOption.Create();

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
        if (Online)
        {
            Db.Description += " Used when neither --script nor -f is given: the network is the one northd serves.";
            command.Options.Add(Db);
        }
        command.Validators.Add(result =>
        {
            bool hasScript = result.GetResult(Script) is not null, hasFile = result.GetResult(File) is not null;
            if (hasScript && hasFile || !Online && !hasScript && !hasFile)
                result.AddError("give the topology with exactly one of --script FILE or -f FILE.yaml");
            if ((hasScript || hasFile) && Online && result.GetResult(Db) is not null)
                result.AddError("--db reads the network from northd; it cannot be combined with --script or -f");
        });
    }

    public bool IsOnline(ParseResult parse) => Online && parse.GetResult(Script) is null && parse.GetResult(File) is null;

    /// <summary>
    /// The network to inspect: compiled from --script/-f, or northd's (with its chassis and bindings in
    /// <paramref name="view"/>). Null after printing why not.
    /// </summary>
    public async Task<(LogicalNetwork? Network, SouthboundView? View)> NetworkAsync(ParseResult parse, CliEnvironment env, CancellationToken ct)
    {
        if (!IsOnline(parse)) return (Compile(parse), null);
        var error = parse.InvocationConfiguration.Error;
        using var northd = NorthdConnection.Connect(parse.GetValue(Db), env, error);
        if (northd is null) return (null, null);
        try
        {
            var view = SouthboundView.From(await northd.Client.GetSouthboundAsync(new GetSouthboundRequest(), OnlineCall.Deadline, ct));
            return (view.Network, view);
        }
        catch (RpcException e)
        {
            northd.Fail(e, error);
        }
        catch (FormatException e)
        {
            error.WriteLine($"overlay: northd at {northd.Address.GetLeftPart(UriPartial.Authority)} sent data this CLI cannot read ({e.Message}); are both the same version?");
        }
        return (null, null);
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
