namespace Overlay.TestSupport;

/// <summary>
/// A real ovsdb-server + ovs-vswitchd (userspace datapath) in a temp run directory, both inside a network
/// namespace of their own, <c>PREFIX-&lt;pid&gt;-&lt;n&gt;</c>: one netdev vswitchd per namespace, and other test
/// projects run theirs at the same time, so each project passes its own prefix. No bridges: subclasses lay
/// those out after the base constructor returns (and call <see cref="Dispose"/> if that fails). Everything
/// started is stopped by PID (only if the PID still runs from our run dir) and the namespace deleted, also
/// when setup fails.
/// </summary>
public class OvsSandbox : IDisposable
{
    private const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";

    private static int _instances;
    private readonly Dictionary<string, string> _env;
    private bool _namespaceCreated;
    private bool _disposed;

    public OvsSandbox(string prefix)
    {
        RunDir = Directory.CreateTempSubdirectory($"{prefix}-{System.Environment.ProcessId}-").FullName;
        Namespace = $"{prefix}-{System.Environment.ProcessId}-{Interlocked.Increment(ref _instances)}";
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

    /// <summary>The database remote, <c>unix:RUNDIR/db.sock</c>.</summary>
    public string Ovsdb => $"unix:{RunDir}/db.sock";

    /// <summary>The OVS_* variables that keep the tools inside the run directory.</summary>
    public IReadOnlyDictionary<string, string> Environment => _env;

    /// <summary>The OpenFlow management socket ovs-vswitchd makes for <paramref name="bridge"/>.</summary>
    public string MgmtSocketOf(string bridge) => Path.Combine(RunDir, $"{bridge}.mgmt");

    /// <summary>Runs an OVS tool (outside the namespace) against this sandbox, without checking its exit code.</summary>
    public ProcessRunner.Result Tool(string tool, string[] args, TimeSpan? timeout = null) =>
        OvsTools.Run(tool, args, _env, timeout ?? TimeSpan.FromSeconds(40));

    /// <summary>Runs a program inside the namespace, without checking its exit code.</summary>
    public ProcessRunner.Result InNamespace(string program, params string[] args) =>
        OvsTools.Run("ip", ["netns", "exec", Namespace, OvsTools.Find(program), .. args], _env, TimeSpan.FromSeconds(60));

    /// <summary>Runs a program (outside the namespace) and throws if it fails.</summary>
    public void Run(string program, params string[] args) =>
        OvsTools.Run(program, args, _env, TimeSpan.FromSeconds(60)).EnsureSuccess($"{Path.GetFileName(program)} {string.Join(' ', args)}");

    /// <summary>ovs-vsctl against this database; without --no-wait it waits for ovs-vswitchd to apply changes.</summary>
    public string Vsctl(params string[] args) =>
        Tool("ovs-vsctl", [$"--db={Ovsdb}", "--timeout=30", .. args]).EnsureSuccess($"ovs-vsctl {string.Join(' ', args)}").Stdout.Trim();

    /// <summary>ovs-ofctl -O OpenFlow15 COMMAND BRIDGE.mgmt ARGS.</summary>
    public string Ofctl(string bridge, string command, params string[] args) =>
        Tool("ovs-ofctl", ["-O", "OpenFlow15", command, MgmtSocketOf(bridge), .. args]).EnsureSuccess($"ovs-ofctl {command}").Stdout;

    /// <summary>Kills ovs-vswitchd and starts it again (it comes back with no flows and an empty TLV map).</summary>
    public void RestartVswitchd(string bridge)
    {
        Daemons.StopFromPidFile(Path.Combine(RunDir, "ovs-vswitchd.pid"), RunDir);
        File.Delete(MgmtSocketOf(bridge));
        StartVswitchd();
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        GC.SuppressFinalize(this);
        foreach (string daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            Daemons.StopFromPidFile(Path.Combine(RunDir, daemon + ".pid"), RunDir);
        if (_namespaceCreated)
            OvsTools.Run("ip", ["netns", "delete", Namespace]);
        try
        {
            Directory.Delete(RunDir, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that ignored SIGKILL for a moment may still hold a file; the temp dir is harmless.
        }
    }

    private void Start()
    {
        OvsTools.EnsureInstalled();
        Run("ip", "netns", "add", Namespace);
        _namespaceCreated = true;
        Run("ip", "-n", Namespace, "link", "set", "lo", "up");
        string db = Path.Combine(RunDir, "conf.db");
        Run("ovsdb-tool", "create", db, Schema);
        string dbSocket = Path.Combine(RunDir, "db.sock");
        InNamespace("ovsdb-server", db, $"--remote=punix:{dbSocket}",
            $"--pidfile={RunDir}/ovsdb-server.pid", $"--log-file={RunDir}/ovsdb-server.log", "-vconsole:off", "--detach", "--no-chdir")
            .EnsureSuccess("ovsdb-server");
        Daemons.WaitFor(() => File.Exists(dbSocket), "ovsdb-server socket");
        Vsctl("--no-wait", "init");
        StartVswitchd();
    }

    private void StartVswitchd()
    {
        InNamespace("ovs-vswitchd", Ovsdb,
            $"--pidfile={RunDir}/ovs-vswitchd.pid", $"--log-file={RunDir}/ovs-vswitchd.log", "--disable-system", "-vconsole:off", "--detach", "--no-chdir")
            .EnsureSuccess("ovs-vswitchd");
        Daemons.WaitFor(() => File.Exists(Path.Combine(RunDir, "ovs-vswitchd.pid")), "ovs-vswitchd pidfile");
    }
}
