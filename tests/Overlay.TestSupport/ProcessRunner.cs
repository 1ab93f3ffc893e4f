using System.Diagnostics;

namespace Overlay.TestSupport;

/// <summary>Runs a command with a hard timeout and captures its output.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Result EnsureSuccess(string what) => ExitCode == 0
            ? this
            : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}: {Stderr.Trim()} {Stdout.Trim()}");
    }

    public static Result Run(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        foreach ((string k, string v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        // Both pipes at once: a daemon that --detach'es may keep them open, so never wait for EOF alone.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {limit}");
        }

        return new Result(process.ExitCode, Finish(stdout), Finish(stderr));
    }

    private static string Finish(Task<string> read) => read.Wait(TimeSpan.FromSeconds(5)) ? read.Result : "";
}
