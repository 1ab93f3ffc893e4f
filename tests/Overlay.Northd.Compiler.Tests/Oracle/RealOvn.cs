using System.Diagnostics;
using System.Net.Sockets;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>
/// A private real OVN control plane in a temp directory: NB and SB <c>ovsdb-server</c>s and <c>ovn-northd</c>,
/// each detached with its own pidfile, socket and log. No ovn-controller is needed: <c>ovn-trace</c> simulates
/// the logical pipelines straight from the SB database. One instance per topology; Dispose kills what it started.
/// </summary>
internal sealed class RealOvn : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly string[] Daemons = ["northd", "sb", "nb"];

    public string Dir { get; }
    public string NbSocket => Path.Combine(Dir, "nb.sock");
    public string SbSocket => Path.Combine(Dir, "sb.sock");
    private readonly Dictionary<string, string> _env;

    public RealOvn()
    {
        EnsureInstalled();
        // Short path: unix socket names are limited to 108 bytes.
        Dir = Directory.CreateTempSubdirectory("ovn-oracle-").FullName;
        _env = new()
        {
            ["OVS_RUNDIR"] = Dir, ["OVS_LOGDIR"] = Dir, ["OVS_DBDIR"] = Dir,
            ["OVN_RUNDIR"] = Dir, ["OVN_LOGDIR"] = Dir, ["OVN_DBDIR"] = Dir,
        };
        try
        {
            Start();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            var logs = Logs();
            Dispose();
            throw new InvalidOperationException($"could not start real OVN in {Dir}: {e.Message}\n{logs}", e);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Start()
    {
        foreach (var (db, schema) in new[] { ("nb", "ovn-nb"), ("sb", "ovn-sb") })
        {
            Run("ovsdb-tool", "create", Path.Combine(Dir, db + ".db"), $"/usr/share/ovn/{schema}.ovsschema").EnsureSuccess();
            Run("ovsdb-server", "--detach", "--no-chdir",
                $"--pidfile={Path.Combine(Dir, db + ".pid")}",
                $"--remote=punix:{Path.Combine(Dir, db + ".sock")}",
                $"--unixctl={Path.Combine(Dir, db + ".ctl")}",
                $"--log-file={Path.Combine(Dir, db + ".log")}",
                Path.Combine(Dir, db + ".db")).EnsureSuccess();
        }
        WaitForSocket(NbSocket);
        WaitForSocket(SbSocket);

        Run("ovn-northd", "--detach", "--no-chdir",
            $"--pidfile={Path.Combine(Dir, "northd.pid")}",
            $"--unixctl={Path.Combine(Dir, "northd.ctl")}",
            $"--log-file={Path.Combine(Dir, "northd.log")}",
            $"--ovnnb-db=unix:{NbSocket}", $"--ovnsb-db=unix:{SbSocket}").EnsureSuccess();

        // Readiness of the whole chain: nbctl's --wait=sb returns once northd has written the SB for this NB
        // revision. --timeout bounds it.
        Nbctl("init").EnsureSuccess();
        Nbctl("--wait=sb", "sync").EnsureSuccess();
    }

    /// <summary>Runs a topology script as one <c>ovn-nbctl</c> transaction, then waits until the SB reflects it.</summary>
    public void Load(string script)
    {
        var args = NbctlScript.ChainedArguments(script);
        if (args.Length > 0) Nbctl([.. args]).EnsureSuccess();
        Nbctl("--wait=sb", "sync").EnsureSuccess();
    }

    public ToolRun Nbctl(params string[] args) =>
        Run("ovn-nbctl", [$"--db=unix:{NbSocket}", $"--timeout={(int)Deadline.TotalSeconds}", .. args]);

    /// <summary>
    /// <c>ovn-trace --minimal DATAPATH 'MICROFLOW'</c>. ovn-trace reports a bad microflow or datapath on stdout
    /// with exit code 0, so a trace is accepted only when its first line is the <c># </c> packet line.
    /// </summary>
    public string Trace(string datapath, string microflow)
    {
        var run = Run("ovn-trace", $"--db=unix:{SbSocket}", "--minimal", datapath, microflow);
        if (run.ExitCode != 0 || !run.Stdout.StartsWith("# ", StringComparison.Ordinal))
            throw new InvalidOperationException($"ovn-trace failed: `{run.CommandLine}` exited {run.ExitCode}\n{run.Stdout}{run.Stderr}");
        return run.Stdout;
    }

    /// <summary>The command that reproduces <see cref="Trace"/> by hand against this sandbox (for failure messages).</summary>
    public string TraceCommand(string datapath, string microflow) =>
        $"ovn-trace --db=unix:{SbSocket} --minimal {Tool.Quote(datapath)} {Tool.Quote(microflow)}";

    private ToolRun Run(string file, params string[] args) => Tool.Run(file, args, _env, Deadline);

    private static void WaitForSocket(string path)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(path))
            {
                try
                {
                    using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    s.Connect(new UnixDomainSocketEndPoint(path));
                    return;
                }
                catch (SocketException) when (sw.Elapsed < Deadline) { }
            }
            if (sw.Elapsed >= Deadline) throw new TimeoutException($"{path} did not accept connections within {Deadline}");
            Thread.Sleep(20); // poll interval, not a readiness guess
        }
    }

    private static void EnsureInstalled()
    {
        if (Tool.OnPath("ovn-northd") && Tool.OnPath("ovn-trace")) return;
        var script = Path.Combine(RepoRoot(), "deploy", "install-deps.sh");
        var run = Tool.Run("bash", [script], timeout: TimeSpan.FromMinutes(10));
        if (!Tool.OnPath("ovn-northd") || !Tool.OnPath("ovn-trace"))
            throw new InvalidOperationException(
                $"real OVN (ovn-northd, ovn-trace) is required for the oracle tests and {script} did not install it " +
                $"(exit {run.ExitCode}):\n{run.Stdout}{run.Stderr}");
    }

    /// <summary>The checkout root: the nearest ancestor of the test binaries holding Overlay.sln.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Overlay.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Overlay.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Kills the daemons named by this sandbox's pidfiles, waits until they are gone, removes the directory.</summary>
    public void Dispose()
    {
        var pids = new List<int>();
        foreach (var name in Daemons)
        {
            var pidfile = Path.Combine(Dir, name + ".pid");
            if (!File.Exists(pidfile) || !int.TryParse(File.ReadAllText(pidfile).Trim(), out var pid)) continue;
            pids.Add(pid);
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
            }
            catch (ArgumentException) { } // already gone
            catch (InvalidOperationException) { }
        }
        // Detached daemons are not our children, so Process.WaitForExit cannot reap them; poll /proc instead.
        var sw = Stopwatch.StartNew();
        while (pids.Any(IsAlive) && sw.Elapsed < TimeSpan.FromSeconds(5)) Thread.Sleep(10);
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>True while <paramref name="pid"/> runs; a zombie waiting for init to reap it counts as dead.</summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart();
            return state.Length > 0 && state[0] is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The tail of each daemon log, for failure messages.</summary>
    public string Logs() => string.Join('\n', Daemons.Select(d => Path.Combine(Dir, d + ".log")).Where(File.Exists)
        .Select(f => $"--- {Path.GetFileName(f)}\n" + string.Join('\n', File.ReadAllLines(f).TakeLast(20))));
}
