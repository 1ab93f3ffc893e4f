using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Overlay.Ovsdb.Tests.Integration;

/// <summary>Runs the real OVS tools (as oracles and to start daemons), bounded by deadlines.</summary>
internal static class OvsTools
{
    private static readonly Lazy<string?> InstallProblem = new(Install);

    /// <summary>Makes sure ovsdb-server and friends exist, running the repo's deploy/install-deps.sh once if not.</summary>
    public static void EnsureInstalled()
    {
        if (InstallProblem.Value is { } problem)
            throw new InvalidOperationException(problem);
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Overlay.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Overlay.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs a program to completion (at most <paramref name="timeout"/>) and returns its stdout; throws with stderr on failure.</summary>
    public static string Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        // Read both pipes concurrently: a daemon that --detach'es may keep them open, so never wait for EOF alone.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(program, start.ArgumentList)} did not finish within {limit.TotalSeconds:0} s");
        }
        string output = Finish(stdout);
        string errors = Finish(stderr);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Describe(program, start.ArgumentList)} exited with {process.ExitCode}: {errors.Trim()} {output.Trim()}");
        return output;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> at the deadline.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops the daemon named in a pidfile (TERM, then KILL after 5 s) if it is one of ours (its cmdline names <paramref name="ownDir"/>).</summary>
    public static async Task StopFromPidFileAsync(string pidFile, string ownDir)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) || pid <= 1)
            return;
        string cmdline = ReadProcFile(pid, "cmdline").Replace('\0', ' ');
        if (!cmdline.Contains(ownDir, StringComparison.Ordinal))
            return;
        Kill(pid, SigTerm);
        try
        {
            await WaitUntilAsync(() => IsGone(pid), TimeSpan.FromSeconds(5), $"pid {pid} to exit");
        }
        catch (TimeoutException)
        {
            Kill(pid, SigKill);
            await WaitUntilAsync(() => IsGone(pid), TimeSpan.FromSeconds(5), $"pid {pid} to die");
        }
    }

    public static bool IsGone(int pid)
    {
        // Daemons are re-parented here and may linger as zombies: a zombie counts as stopped.
        string status = ReadProcFile(pid, "status");
        return status.Length == 0 || status.Split('\n').Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'));
    }

    public static string? FindProgram(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static string? Install()
    {
        string[] needed = ["ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-vswitchd", "ip"];
        if (needed.All(p => FindProgram(p) is not null))
            return null;
        string script = Path.Combine(RepoRoot(), "deploy", "install-deps.sh");
        string log;
        try
        {
            log = Run("bash", [script], timeout: TimeSpan.FromMinutes(10));
        }
        catch (Exception e)
        {
            log = e.Message;
        }
        string[] missing = needed.Where(p => FindProgram(p) is null).ToArray();
        return missing.Length == 0
            ? null
            : $"Open vSwitch tools missing ({string.Join(", ", missing)}) even after running {script}: {log.Trim()}. Install openvswitch-switch and iproute2.";
    }

    private static string ReadProcFile(int pid, string name)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{name}");
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string Finish(Task<string> read) => read.Wait(TimeSpan.FromSeconds(5)) ? read.Result : "";

    private static string Describe(string program, IEnumerable<string> arguments) =>
        new StringBuilder(program).Append(' ').AppendJoin(' ', arguments).ToString();

    private const int SigKill = 9;
    private const int SigTerm = 15;

    private static void Kill(int pid, int signal) => _ = SysKill(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
