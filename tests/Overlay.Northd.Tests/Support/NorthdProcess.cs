using System.Diagnostics;
using System.Text.RegularExpressions;
using Overlay.TestSupport;

namespace Overlay.Northd.Tests.Support;

/// <summary>The real overlay-northd daemon (the built dll under dotnet) as a child process of the test.</summary>
public sealed partial class NorthdProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<Uri> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder output = new();

    private NorthdProcess(string dataDir, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { DaemonDll(), "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--log-level", "information" })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"overlay-northd exited with {process.ExitCode} before it listened:\n{Output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Starts the daemon and waits for its "listening on" log line (the readiness signal).</summary>
    public static async Task<NorthdProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? environment = null)
    {
        var p = new NorthdProcess(dataDir, environment ?? new Dictionary<string, string>());
        try
        {
            await p.ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return p;
        }
        catch
        {
            p.Dispose();
            throw;
        }
    }

    public Uri Address => ready.Task.Result;

    /// <summary>SIGKILL: no chance to flush or clean up.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill();
        process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM and wait for a clean exit; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        ProcessRunner.Run("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!process.WaitForExit((int)timeout.TotalMilliseconds)) throw new TimeoutException($"overlay-northd did not exit within {timeout} of SIGTERM:\n{Output}");
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
        var m = ListeningLine().Match(line);
        if (m.Success) ready.TrySetResult(new Uri(m.Groups[1].Value));
    }

    /// <summary>The dll built next to this test's configuration (bin/Release or bin/Debug).</summary>
    public static string DaemonDll()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string dll = RepoRoot.Combine("northd", "Overlay.Northd", "bin", configuration, "net10.0", "overlay-northd.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"build overlay-northd first: {dll} is missing");
        return dll;
    }

    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    [GeneratedRegex(@"listening on (http://[^\s]+?)/? \(")]
    private static partial Regex ListeningLine();
}
