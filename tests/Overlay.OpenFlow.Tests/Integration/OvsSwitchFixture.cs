using System.Diagnostics;
using Overlay.OpenFlow.Tests.Support;

namespace Overlay.OpenFlow.Tests.Integration;

/// <summary>
/// A real ovsdb-server + ovs-vswitchd (userspace datapath) in a private run directory and
/// network namespace (one netdev vswitchd per namespace, and other test projects run
/// their own), with br-int (netdev, fail_mode=secure, OpenFlow15 only), a flow-based
/// Geneve port (ofport 100) and two internal ports (ofports 1 and 2). Everything it
/// started is stopped by PID, and the namespace it created deleted, even if setup fails.
/// </summary>
public sealed class OvsSwitchFixture : IDisposable
{
    public const string Bridge = "br-int";
    public const ulong DatapathId = 0x020000fe0001;

    private static int _instances;
    private readonly Dictionary<string, string> _env;
    private bool _namespaceCreated;

    public OvsSwitchFixture()
    {
        RunDir = Directory.CreateTempSubdirectory($"ovlof-{Environment.ProcessId}-").FullName;
        Namespace = $"ovlof-{Environment.ProcessId}-{Interlocked.Increment(ref _instances)}";
        _env = new Dictionary<string, string>
        {
            ["OVS_RUNDIR"] = RunDir,
            ["OVS_DBDIR"] = RunDir,
            ["OVS_LOGDIR"] = RunDir,
            ["OVS_SYSCONFDIR"] = RunDir,
        };
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

    public string MgmtSocket => Path.Combine(RunDir, $"{Bridge}.mgmt");

    public string Target => "unix:" + MgmtSocket;

    /// <summary>Runs an OVS tool against this switch (tests may use OVS tools as oracles).</summary>
    internal ProcessRunner.Result Tool(string tool, params string[] args) =>
        ProcessRunner.Run(OvsTools.Find(tool), args, _env, TimeSpan.FromSeconds(30));

    /// <summary>ovs-ofctl -O OpenFlow15 COMMAND br-int.mgmt ARGS...</summary>
    public string Ofctl(string command, params string[] args) =>
        Tool("ovs-ofctl", ["-O", "OpenFlow15", command, MgmtSocket, .. args]).EnsureSuccess($"ovs-ofctl {command}").Stdout;

    public void Dispose()
    {
        foreach (string daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
        {
            StopDaemon(Path.Combine(RunDir, daemon + ".pid"));
        }

        if (_namespaceCreated)
        {
            ProcessRunner.Run(OvsTools.Find("ip"), ["netns", "delete", Namespace]);
        }

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
        string ip = OvsTools.Find("ip");
        Run(ip, "netns", "add", Namespace);
        _namespaceCreated = true;
        Run(ip, "-n", Namespace, "link", "set", "lo", "up");

        string db = Path.Combine(RunDir, "conf.db");
        Run(OvsTools.Find("ovsdb-tool"), "create", db, "/usr/share/openvswitch/vswitch.ovsschema");
        string dbSocket = Path.Combine(RunDir, "db.sock");
        InNamespace(OvsTools.Find("ovsdb-server"), db, $"--remote=punix:{dbSocket}",
            $"--pidfile={RunDir}/ovsdb-server.pid", $"--log-file={RunDir}/ovsdb-server.log",
            "-vconsole:off", "--detach", "--no-chdir");
        WaitFor(() => File.Exists(dbSocket), "ovsdb-server socket");
        Vsctl("--no-wait", "init");
        InNamespace(OvsTools.Find("ovs-vswitchd"), $"unix:{dbSocket}",
            $"--pidfile={RunDir}/ovs-vswitchd.pid", $"--log-file={RunDir}/ovs-vswitchd.log",
            "--disable-system", "-vconsole:off", "--detach", "--no-chdir");

        // Without --no-wait, ovs-vsctl waits until ovs-vswitchd has applied the change.
        Vsctl("add-br", Bridge,
            "--", "set", "bridge", Bridge, "datapath_type=netdev", "fail_mode=secure", "protocols=OpenFlow15",
            "other_config:disable-in-band=true", "other_config:hwaddr=02:00:00:fe:00:01",
            "--", "add-port", Bridge, "geneve0",
            "--", "set", "interface", "geneve0", "type=geneve", "options:remote_ip=flow", "options:key=flow",
            "options:csum=true", "ofport_request=100",
            "--", "add-port", Bridge, "vif1", "--", "set", "interface", "vif1", "type=internal", "ofport_request=1",
            "--", "add-port", Bridge, "vif2", "--", "set", "interface", "vif2", "type=internal", "ofport_request=2");
        WaitFor(() => File.Exists(MgmtSocket), $"{MgmtSocket}");
    }

    private void Vsctl(params string[] args) =>
        Run(OvsTools.Find("ovs-vsctl"), [$"--db=unix:{RunDir}/db.sock", "--timeout=30", .. args]);

    private void InNamespace(string program, params string[] args) =>
        Run(OvsTools.Find("ip"), ["netns", "exec", Namespace, program, .. args]);

    private void Run(string program, params string[] args) =>
        ProcessRunner.Run(program, args, _env, TimeSpan.FromSeconds(60)).EnsureSuccess($"{Path.GetFileName(program)} {string.Join(' ', args)}");

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"{what} did not appear within 20 s");
            }

            Thread.Sleep(20);
        }
    }

    // Stops a daemon by the PID in its pidfile, but only if that PID still runs from our run dir.
    private void StopDaemon(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid))
        {
            return;
        }

        string cmdline = ReadProc(pid, "cmdline");
        if (!cmdline.Contains(RunDir, StringComparison.Ordinal))
        {
            return;
        }

        string id = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ProcessRunner.Run("/bin/kill", ["-TERM", id]);
        if (!WaitGone(pid, TimeSpan.FromSeconds(5)))
        {
            ProcessRunner.Run("/bin/kill", ["-KILL", id]);
            WaitGone(pid, TimeSpan.FromSeconds(5));
        }
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
            {
                return true;
            }

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
