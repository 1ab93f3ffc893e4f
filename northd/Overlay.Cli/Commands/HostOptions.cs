using System.CommandLine;
using Overlay.Agent.Translator;
using Overlay.Cli.Input;
using Overlay.Logical;

namespace Overlay.Cli.Commands;

/// <summary>--bindings FILE: where logical ports live, so commands can show what each host installs.</summary>
internal sealed class BindingsOption
{
    public Option<FileInfo?> Bindings { get; } = new("--bindings")
    {
        Description = "Port bindings, one per line: 'chassis NAME ENCAP_IP' declares a host, 'LOGICAL_PORT CHASSIS [OFPORT]' binds a port " +
                      "(the OpenFlow port number is needed for ports on the host being shown). '#' starts a comment.",
        HelpName = "FILE",
    };

    public Bindings? Load(ParseResult parse)
    {
        var error = parse.InvocationConfiguration.Error;
        var file = parse.GetValue(Bindings);
        if (file is null) return null;
        string text;
        try { text = File.ReadAllText(file.FullName); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"overlay: cannot read {file}: {ex.Message}");
            return null;
        }
        var (bindings, problems) = Input.Bindings.Parse(text, file.ToString());
        foreach (var p in problems) error.WriteLine(p.ToString());
        return bindings;
    }

    /// <summary>Translates the network for one host; prints the reason and returns null when it cannot.</summary>
    public static Translation? Translate(Bindings bindings, string chassis, LogicalNetwork network, TextWriter error)
    {
        var (view, problems) = bindings.ViewOf(chassis, network);
        if (view is null)
        {
            foreach (var p in problems) error.WriteLine(p);
            return null;
        }
        var translation = Translator.Translate(view);
        foreach (var d in translation.Diagnostics)
            error.WriteLine($"overlay: {chassis}: skipped {d}");
        return translation;
    }
}
