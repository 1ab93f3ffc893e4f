using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Overlay.TestSupport;

/// <summary>
/// A long-running program (northd, an agent) started with its output appended to a log file and its PID written
/// to a pidfile, so it can be killed, stopped and restarted by PID — also by another process (the sandbox's
/// <c>down</c>) or by the cleanup of a crashed run. Only a PID whose command line still names
/// <see cref="OwnDir"/> is ever signalled.
/// </summary>
public sealed class ManagedProcess
{
    private readonly string _program;
    private readonly IReadOnlyList<string> _args;
    private readonly IReadOnlyDictionary<string, string> _env;
    private Process? _process;

    public ManagedProcess(string name, string program, IEnumerable<string> args, string ownDir, string logFile, string pidFile,
        IReadOnlyDictionary<string, string>? env = null)
    {
        Name = name;
        _program = program;
        _args = [.. args];
        OwnDir = ownDir;
        LogFile = logFile;
        PidFile = pidFile;
        _env = env ?? new Dictionary<string, string>();
    }

    public string Name { get; }

    /// <summary>A directory the command line names (a data or cache dir), which proves a PID is ours.</summary>
    public string OwnDir { get; }

    public string LogFile { get; }

    public string PidFile { get; }

    /// <summary>The PID of the running instance, or null.</summary>
    public int? Pid
    {
        get
        {
            // Started here: the Process object knows (its /proc cmdline is briefly the parent's right after fork).
            if (_process is { } p)
                return p.HasExited ? null : p.Id;
            return ReadPid(PidFile) is int pid && IsOurs(pid, OwnDir) && !Daemons.IsGone(pid) ? pid : null;
        }
    }

    public bool IsRunning => Pid is not null;

    /// <summary>The command line, for logs and reports.</summary>
    public string CommandLine => string.Join(' ', new[] { _program }.Concat(_args));

    /// <summary>Starts the program (a new instance; the old one must be gone). Output is appended to the log.</summary>
    public int Start()
    {
        if (Pid is int running)
            throw new InvalidOperationException($"{Name} is already running (pid {running})");
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        File.AppendAllText(LogFile, $"==== {DateTime.UtcNow:O} start: {CommandLine}\n");
        // sh execs the program (same PID) after pointing stdout/stderr at the log: the program never holds a pipe
        // of ours, so it can outlive this process (the sandbox) and a full pipe can never block it.
        // setsid (it execs, same PID): a session of its own, so a terminal's hangup or Ctrl-C never reaches it.
        var psi = new ProcessStartInfo(OvsTools.Find("setsid")) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (string a in new[] { "/bin/sh", "-c", "exec \"$@\" >>\"$0\" 2>&1", LogFile, _program }.Concat(_args))
            psi.ArgumentList.Add(a);
        foreach ((string k, string v) in _env)
            psi.Environment[k] = v;
        // The command line beside the pidfile lets another process (the sandbox's `up`) restart this one.
        File.WriteAllText(Path.ChangeExtension(PidFile, ".cmd"), JsonSerializer.Serialize(new[] { _program }.Concat(_args).ToArray()));
        Process p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Name}");
        p.StandardInput.Close();
        File.WriteAllText(PidFile, p.Id.ToString(CultureInfo.InvariantCulture));
        _process?.Dispose();
        _process = p;
        return p.Id;
    }

    /// <summary>SIGKILL: the process gets no chance to clean up (a crash). Waits until it is gone.</summary>
    public void Kill() => Signal("-KILL", TimeSpan.FromSeconds(10));

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/> (default 10 s).</summary>
    public void Stop(TimeSpan? grace = null)
    {
        if (!Signal("-TERM", grace ?? TimeSpan.FromSeconds(10)))
            Signal("-KILL", TimeSpan.FromSeconds(10));
    }

    /// <summary>Lines of the log written since <paramref name="offset"/> (a length read earlier with <see cref="LogLength"/>).</summary>
    public string LogSince(long offset)
    {
        if (!File.Exists(LogFile))
            return "";
        using var fs = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        fs.Seek(Math.Min(offset, fs.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(fs);
        return reader.ReadToEnd();
    }

    public long LogLength => File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

    /// <summary>The last <paramref name="lines"/> lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        string[] all = LogSince(0).Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>
    /// The process once started with pidfile <paramref name="pidFile"/> (its command line is kept beside it), to check
    /// or restart it from another process; null if it was never started.
    /// </summary>
    public static ManagedProcess? Load(string pidFile, string ownDir, string logFile)
    {
        string cmd = Path.ChangeExtension(pidFile, ".cmd");
        if (!File.Exists(cmd) || JsonSerializer.Deserialize<string[]>(File.ReadAllText(cmd)) is not [string program, .. string[] args])
            return null;
        return new ManagedProcess(Path.GetFileNameWithoutExtension(pidFile), program, args, ownDir, logFile, pidFile);
    }

    /// <summary>Stops the process named in a pidfile if its command line names <paramref name="ownDir"/>.</summary>
    public static void StopFromPidFile(string pidFile, string ownDir) => Daemons.StopFromPidFile(pidFile, ownDir);

    private bool Signal(string signal, TimeSpan wait)
    {
        if (Pid is not int pid)
            return true;
        ProcessRunner.Run("/bin/kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        if (_process is { } own)
            return own.WaitForExit(wait);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < wait)
        {
            if (Daemons.IsGone(pid))
                return true;

            Thread.Sleep(20);
        }

        return false;
    }

    internal static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) && pid > 1 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static bool IsOurs(int pid, string ownDir)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(ownDir, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
