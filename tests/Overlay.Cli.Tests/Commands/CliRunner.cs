using Overlay.TestSupport;

namespace Overlay.Cli.Tests.Commands;

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);

internal static class CliRunner
{
    public static CliRun Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = CliApp.Run(args, stdout, stderr);
        return new CliRun(rc, stdout.ToString(), stderr.ToString());
    }

    public static string Example(string name) => Path.Combine(RepoRoot.Path, "deploy", "examples", name);

    /// <summary>Writes a script to a temp file and returns its path.</summary>
    public static string TempScript(string text, string extension = ".nbctl")
    {
        var path = Path.Combine(Path.GetTempPath(), $"overlay-cli-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }
}
