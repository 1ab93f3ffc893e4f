using System.Diagnostics;
using System.Globalization;

namespace Overlay.Agent.Tests.Support;

/// <summary>
/// A real ovsdb-server + ovs-vswitchd (userspace datapath) in a temp run directory, both inside a network
/// namespace of their own (<c>ovlag-&lt;pid&gt;-&lt;n&gt;</c>: one netdev vswitchd per namespace, and other test
/// projects run theirs at the same time). No bridge: the agent makes br-int. Everything started is stopped
/// by PID (only if the PID still runs from our run dir) and the namespace deleted, also when setup fails.
/// The same approach as the fixtures of Overlay.OpenFlow.Tests and Overlay.Ovsdb.Tests.
/// </summary>
internal sealed class OvsHost : IDisposable
{
    public const string Bridge = "br-int";
    private const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";

    private static int _instances;
    private readonly Dictionary<string, string> _env;
    private bool _namespaceCreated;

    public OvsHost()
    {
        RunDir = Directory.CreateTempSubdirectory($"ovlag-{Environment.ProcessId}-").FullName;
        Namespace = $"ovlag-{Environment.ProcessId}-{Interlocked.Increment(ref _instances)}";
        _env = new Dictionary<string, string> { ["OVS_RUNDIR"] = RunDir, ["OVS_DBDIR"] = RunDir, ["OVS_LOGDIR"] = RunDir, ["OVS_SYSCONFDIR"] = RunDir };
        try
        {
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string RunDir { get; }

    public string Namespace { get; }

    public string Ovsdb => $"unix:{RunDir}/db.sock";

    public string MgmtSocket => Path.Combine(RunDir, $"{Bridge}.mgmt");

    public string OpenFlow => "unix:" + MgmtSocket;

    /// <summary>ovs-vsctl against this database; waits for ovs-vswitchd to apply changes.</summary>
    public string Vsctl(params string[] args) =>
        Tool("ovs-vsctl", [$"--db={Ovsdb}", "--timeout=30", .. args]).EnsureSuccess($"ovs-vsctl {string.Join(' ', args)}").Stdout.Trim();

    /// <summary>ovs-ofctl -O OpenFlow15 COMMAND br-int.mgmt ARGS.</summary>
    public string Ofctl(string command, params string[] args) =>
        Tool("ovs-ofctl", ["-O", "OpenFlow15", command, MgmtSocket, .. args]).EnsureSuccess($"ovs-ofctl {command}").Stdout;

    /// <summary>Kills ovs-vswitchd and starts it again (it comes back with no flows and an empty TLV map).</summary>
    public void RestartVswitchd()
    {
        StopDaemon(Path.Combine(RunDir, "ovs-vswitchd.pid"));
        File.Delete(MgmtSocket);
        StartVswitchd();
    }

    public void Dispose()
    {
        foreach (string daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            StopDaemon(Path.Combine(RunDir, daemon + ".pid"));
        if (_namespaceCreated)
            ProcessRunner.Run(Find("ip"), ["netns", "delete", Namespace]);
        try
        {
            Directory.Delete(RunDir, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that ignored SIGKILL for a moment may still hold a file; the temp dir is harmless.
        }
    }

    public static string Find(string name)
    {
        foreach (string dir in new[] { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin" })
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path))
                return path;
        }

        throw new InvalidOperationException($"{name} is not installed; run deploy/install-deps.sh");
    }

    private ProcessRunner.Result Tool(string tool, string[] args) => ProcessRunner.Run(Find(tool), args, _env, TimeSpan.FromSeconds(40));

    private void Start()
    {
        EnsureInstalled();
        string ip = Find("ip");
        Run(ip, "netns", "add", Namespace);
        _namespaceCreated = true;
        Run(ip, "-n", Namespace, "link", "set", "lo", "up");
        string db = Path.Combine(RunDir, "conf.db");
        Run(Find("ovsdb-tool"), "create", db, Schema);
        string dbSocket = Path.Combine(RunDir, "db.sock");
        InNamespace(Find("ovsdb-server"), db, $"--remote=punix:{dbSocket}",
            $"--pidfile={RunDir}/ovsdb-server.pid", $"--log-file={RunDir}/ovsdb-server.log", "-vconsole:off", "--detach", "--no-chdir");
        WaitFor(() => File.Exists(dbSocket), "ovsdb-server socket");
        Run(Find("ovs-vsctl"), $"--db={Ovsdb}", "--timeout=30", "--no-wait", "init");
        StartVswitchd();
    }

    private void StartVswitchd()
    {
        InNamespace(Find("ovs-vswitchd"), Ovsdb,
            $"--pidfile={RunDir}/ovs-vswitchd.pid", $"--log-file={RunDir}/ovs-vswitchd.log", "--disable-system", "-vconsole:off", "--detach", "--no-chdir");
        WaitFor(() => File.Exists(Path.Combine(RunDir, "ovs-vswitchd.pid")), "ovs-vswitchd pidfile");
    }

    private static void EnsureInstalled()
    {
        bool Present() => new[] { "ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-ofctl", "ip" }
            .All(n => { try { Find(n); return true; } catch (InvalidOperationException) { return false; } });
        if (Present())
            return;
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Overlay.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no Overlay.sln above the test binaries");
        ProcessRunner.Run("/bin/bash", [Path.Combine(root, "deploy", "install-deps.sh")], timeout: TimeSpan.FromMinutes(10));
        if (!Present())
            throw new InvalidOperationException("Open vSwitch is missing even after deploy/install-deps.sh");
    }

    private void InNamespace(string program, params string[] args) => Run(Find("ip"), ["netns", "exec", Namespace, program, .. args]);

    private void Run(string program, params string[] args) =>
        ProcessRunner.Run(program, args, _env, TimeSpan.FromSeconds(60)).EnsureSuccess($"{Path.GetFileName(program)} {string.Join(' ', args)}");

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"{what} did not appear within 20 s");
            Thread.Sleep(20);
        }
    }

    private void StopDaemon(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) || pid <= 1)
            return;
        if (!ReadProc(pid, "cmdline").Contains(RunDir, StringComparison.Ordinal))
            return;
        string id = pid.ToString(CultureInfo.InvariantCulture);
        ProcessRunner.Run("/bin/kill", ["-TERM", id]);
        if (!WaitGone(pid, TimeSpan.FromSeconds(5)))
        {
            ProcessRunner.Run("/bin/kill", ["-KILL", id]);
            WaitGone(pid, TimeSpan.FromSeconds(5));
        }

        File.Delete(pidFile);
    }

    // Detached daemons are not our children; a zombie (state Z) counts as stopped.
    private static bool WaitGone(int pid, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            string stat = ReadProc(pid, "stat");
            int close = stat.LastIndexOf(')');
            if (stat.Length == 0 || (close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z'))
                return true;
            Thread.Sleep(20);
        }

        return false;
    }

    private static string ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
