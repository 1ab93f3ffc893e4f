using System.Globalization;
using System.Security.Cryptography;

namespace Overlay.TestSupport;

/// <summary>
/// Several simulated hypervisors on one Linux machine: an underlay network namespace with a Linux bridge, and per
/// host a network namespace running its own ovsdb-server and ovs-vswitchd (userspace datapath), a <c>br-phys</c>
/// carrying the host's underlay address, and a <c>br-int</c> set up the way the agent wants it (secure fail mode,
/// OpenFlow 1.5, netdev) with the host identity in <c>Open_vSwitch external_ids</c>. VMs are network namespaces
/// whose veth is a <c>br-int</c> port with <c>external_ids:iface-id</c>.
/// <para>
/// Every namespace is named <c>PREFIX-…</c> (PREFIX = a base such as <c>ovl-e2e-</c> plus a random id) and listed
/// in <c>RUNDIR/netns.list</c> as it is created; every daemon and process has a pidfile in the run directory.
/// <see cref="Destroy"/> works from those files alone, so it also cleans up after a crashed run
/// (<see cref="CleanupStale"/>) and from another process (the sandbox's <c>down</c>), and it never touches a
/// namespace or process it did not create.
/// </para>
/// </summary>
public sealed class MultiHostSandbox : IDisposable
{
    public const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";
    private const string UnderlayBridge = "ulbr";
    private readonly List<SimHost> _hosts = [];
    private readonly Dictionary<string, SimVm> _vms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManagedProcess> _processes = new(StringComparer.Ordinal);
    private bool _disposed;

    private MultiHostSandbox(string prefix, string runDir)
    {
        Prefix = prefix;
        RunDir = runDir;
    }

    /// <summary>Unique name prefix of every namespace this sandbox made (e.g. <c>ovl-e2e-3fa2</c>).</summary>
    public string Prefix { get; }

    public string RunDir { get; }

    public string UnderlayNamespace => $"{Prefix}-ul";

    public IReadOnlyList<SimHost> Hosts => _hosts;

    public IEnumerable<SimVm> Vms => _vms.Values;

    public SimHost Host(string name) => _hosts.Single(h => h.Name == name);

    public SimVm Vm(string name) => _vms.TryGetValue(name, out SimVm? vm) ? vm : throw new KeyNotFoundException($"no VM {name}");

    /// <summary>
    /// Creates <paramref name="hosts"/> hosts named hv1..hvN with underlay addresses 172.31.0.i/24. The run
    /// directory is <c>/tmp/PREFIX</c> unless given; it records the creating PID as owner (see <see cref="CleanupStale"/>).
    /// </summary>
    public static MultiHostSandbox Create(string prefixBase, int hosts, string? runDir = null, string? fixedPrefix = null)
    {
        OvsTools.EnsureInstalled();
        if (OvsTools.TryFind("ethtool") is null || OvsTools.TryFind("ping") is null)
            throw new InvalidOperationException("ping and ethtool are needed; run deploy/install-deps.sh");
        string prefix = fixedPrefix ?? prefixBase + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
        string dir = runDir ?? Path.Combine(Path.GetTempPath(), prefix);
        if (File.Exists(Path.Combine(dir, "netns.list")))
            throw new InvalidOperationException($"{dir} already holds a sandbox; destroy it first");
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory(Path.Combine(dir, "procs"));
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        File.WriteAllText(Path.Combine(dir, "prefix"), prefix);
        File.WriteAllText(Path.Combine(dir, "owner"), System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var sandbox = new MultiHostSandbox(prefix, dir);
        try
        {
            sandbox.AddNamespace(sandbox.UnderlayNamespace);
            sandbox.Ip("-n", sandbox.UnderlayNamespace, "link", "add", UnderlayBridge, "type", "bridge");
            sandbox.Ip("-n", sandbox.UnderlayNamespace, "link", "set", UnderlayBridge, "up");
            for (int i = 1; i <= hosts; i++)
                sandbox._hosts.Add(SimHost.Create(sandbox, i));
            foreach (SimHost h in sandbox._hosts)
                h.PopulateTunnelNeighbours(sandbox._hosts);
            return sandbox;
        }
        catch
        {
            sandbox.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds a VM on <paramref name="host"/>: a namespace with eth0 (<paramref name="mac"/>, <paramref name="ipCidr"/>,
    /// MTU 1400, TX checksum offload off, IPv6 off, default route via <paramref name="gateway"/> if given) whose peer is
    /// br-int port <c>tap&lt;name&gt;</c> with <c>external_ids:iface-id=</c><paramref name="ifaceId"/>.
    /// </summary>
    public SimVm AddVm(string name, string host, string mac, string ipCidr, string? gateway, string ifaceId)
    {
        var vm = SimVm.Create(this, Host(host), name, mac, ipCidr, gateway, ifaceId);
        _vms.Add(name, vm);
        return vm;
    }

    /// <summary>Detaches a VM from its host and deletes its namespace.</summary>
    public void RemoveVm(string name)
    {
        SimVm vm = Vm(name);
        vm.Host.Vsctl("--if-exists", "del-port", "br-int", vm.PortName);
        OvsTools.Run("ip", ["netns", "delete", vm.Namespace]);
        _vms.Remove(name);
    }

    /// <summary>
    /// A long-running program owned by this sandbox (pidfile <c>RUNDIR/procs/NAME.pid</c>, log <c>RUNDIR/logs/NAME.log</c>).
    /// Its command line must name the run directory (e.g. through a data or cache directory) so that only it is
    /// ever signalled. Not started yet.
    /// </summary>
    public ManagedProcess DefineProcess(string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var p = new ManagedProcess(name, program, args, RunDir, Path.Combine(RunDir, "logs", name + ".log"), Path.Combine(RunDir, "procs", name + ".pid"), env);
        _processes[name] = p;
        return p;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Destroy(RunDir);
    }

    /// <summary>
    /// Removes a sandbox from its run directory alone: stops the processes and OVS daemons named by its pidfiles
    /// (only PIDs whose command line names the directory), deletes the namespaces in <c>netns.list</c> that carry
    /// its prefix (VMs, then hosts, then the underlay), and deletes the directory. Returns what it did.
    /// </summary>
    public static IReadOnlyList<string> Destroy(string runDir)
    {
        var done = new List<string>();
        string prefixFile = Path.Combine(runDir, "prefix");
        if (!File.Exists(prefixFile))
            return done; // Not a sandbox's run directory (or already gone): touch nothing.
        string prefix = File.ReadAllText(prefixFile).Trim();
        string procs = Path.Combine(runDir, "procs");
        if (Directory.Exists(procs))
        {
            foreach (string pidFile in Directory.GetFiles(procs, "*.pid"))
            {
                if (ManagedProcess.ReadPid(pidFile) is int pid && ManagedProcess.IsOurs(pid, runDir) && !Daemons.IsGone(pid))
                    done.Add($"stopped {Path.GetFileNameWithoutExtension(pidFile)} (pid {pid})");
                Daemons.StopFromPidFile(pidFile, runDir);
            }
        }

        foreach (string hostDir in Directory.GetDirectories(runDir))
        {
            foreach (string daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            {
                string pidFile = Path.Combine(hostDir, daemon + ".pid");
                if (ManagedProcess.ReadPid(pidFile) is int pid && ManagedProcess.IsOurs(pid, hostDir) && !Daemons.IsGone(pid))
                    done.Add($"stopped {Path.GetFileName(hostDir)} {daemon} (pid {pid})");
                Daemons.StopFromPidFile(pidFile, hostDir);
            }
        }

        string list = Path.Combine(runDir, "netns.list");
        if (prefix.Length > 0 && File.Exists(list))
        {
            HashSet<string> existing = [.. ListNamespaces()];
            foreach (string ns in File.ReadAllLines(list).Reverse())
            {
                if (!ns.StartsWith(prefix + "-", StringComparison.Ordinal) || !existing.Contains(ns))
                    continue;
                if (OvsTools.Run("ip", ["netns", "delete", ns]).ExitCode == 0)
                    done.Add($"deleted netns {ns}");
            }
        }

        try
        {
            Directory.Delete(runDir, recursive: true);
            done.Add($"removed {runDir}");
        }
        catch (IOException)
        {
            // A daemon that ignored SIGKILL for a moment may still hold a file; an empty temp dir is harmless.
        }

        return done;
    }

    /// <summary>
    /// Destroys sandboxes left by crashed runs: run directories <c>/tmp/PREFIXBASE*</c> whose owner PID no longer
    /// exists. A live run's sandbox (owner alive) is never touched.
    /// </summary>
    public static IReadOnlyList<string> CleanupStale(string prefixBase)
    {
        var done = new List<string>();
        foreach (string dir in Directory.GetDirectories(Path.GetTempPath(), prefixBase + "*"))
        {
            string owner = Path.Combine(dir, "owner");
            if (!File.Exists(owner) || ManagedProcess.ReadPid(owner) is not int pid)
                continue;
            if (Directory.Exists($"/proc/{pid}"))
                continue;
            done.AddRange(Destroy(dir));
        }

        return done;
    }

    /// <summary>Names of all network namespaces on the machine.</summary>
    public static IReadOnlyList<string> ListNamespaces() =>
        [.. OvsTools.Run("ip", ["netns", "list"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])];

    internal void AddNamespace(string ns)
    {
        File.AppendAllText(Path.Combine(RunDir, "netns.list"), ns + "\n");
        Ip("netns", "add", ns);
        Ip("-n", ns, "link", "set", "lo", "up");
    }

    internal void Ip(params string[] args) =>
        OvsTools.Run("ip", args, timeout: TimeSpan.FromSeconds(30)).EnsureSuccess("ip " + string.Join(' ', args));
}
