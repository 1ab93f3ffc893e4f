using System.Diagnostics;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>The result of one run of an external tool.</summary>
internal sealed record ToolRun(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public ToolRun EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"`{CommandLine}` exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
}

/// <summary>Runs OVS/OVN tools with an argument list (no shell) and a deadline.</summary>
internal static class Tool
{
    public static ToolRun Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;

        var commandLine = file + " " + string.Join(' ', psi.ArgumentList.Select(Quote));
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout ?? TimeSpan.FromSeconds(60)}");
        }
        p.WaitForExit();
        return new ToolRun(commandLine, p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>True when <paramref name="file"/> is an executable on PATH.</summary>
    public static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, file)));

    /// <summary>Shell-quotes an argument for messages people paste into a terminal.</summary>
    public static string Quote(string a) =>
        a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=:,@%+".Contains(c)) ? a : "'" + a.Replace("'", "'\\''") + "'";
}
