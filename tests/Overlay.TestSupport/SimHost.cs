using System.Globalization;

namespace Overlay.TestSupport;

/// <summary>
/// One simulated hypervisor of a <see cref="MultiHostSandbox"/>: namespace <c>PREFIX-hvI</c> running its own
/// ovsdb-server and ovs-vswitchd (netdev datapath, run directory <c>RUNDIR/hvI</c>), underlay address
/// <c>172.31.0.I/24</c> on <c>br-phys</c>, and <c>br-int</c>. The OVS tools reach it through the unix sockets in
/// its run directory, from any namespace — as the agent does.
/// </summary>
public sealed class SimHost
{
    private readonly Dictionary<string, string> _env;

    private SimHost(int index, string name, string ns, string runDir)
    {
        Index = index;
        Name = name;
        Namespace = ns;
        RunDir = runDir;
        _env = new Dictionary<string, string> { ["OVS_RUNDIR"] = runDir, ["OVS_DBDIR"] = runDir, ["OVS_LOGDIR"] = runDir, ["OVS_SYSCONFDIR"] = runDir };
    }

    public int Index { get; }

    /// <summary>Host and chassis name (<c>hv1</c>…).</summary>
    public string Name { get; }

    public string Namespace { get; }

    public string RunDir { get; }

    public string UnderlayIp => $"172.31.0.{Index}";

    public string UnderlayMac => $"02:00:00:ff:00:{Index:x2}";

    /// <summary><c>unix:RUNDIR/db.sock</c>.</summary>
    public string Ovsdb => $"unix:{RunDir}/db.sock";

    /// <summary><c>unix:RUNDIR/br-int.mgmt</c>: the agent's OpenFlow target.</summary>
    public string OpenFlow => $"unix:{RunDir}/br-int.mgmt";

    public IReadOnlyDictionary<string, string> Environment => _env;

    internal static SimHost Create(MultiHostSandbox sandbox, int index)
    {
        string name = $"hv{index}";
        string dir = Path.Combine(sandbox.RunDir, name);
        Directory.CreateDirectory(dir);
        var host = new SimHost(index, name, $"{sandbox.Prefix}-{name}", dir);
        sandbox.AddNamespace(host.Namespace);
        string db = Path.Combine(dir, "conf.db");
        OvsTools.Run("ovsdb-tool", ["create", db, MultiHostSandbox.Schema]).EnsureSuccess("ovsdb-tool create");
        host.InNamespace("ovsdb-server", db, $"--remote=punix:{dir}/db.sock", $"--pidfile={dir}/ovsdb-server.pid",
            $"--log-file={dir}/ovsdb-server.log", "-vconsole:off", "--detach", "--no-chdir").EnsureSuccess($"{name}: ovsdb-server");
        Daemons.WaitFor(() => File.Exists(Path.Combine(dir, "db.sock")), $"{name}: ovsdb-server socket");
        host.Vsctl("--no-wait", "init");
        host.StartVswitchd();

        // Underlay: a veth into the underlay namespace's bridge; the address sits on br-phys's internal port,
        // since the userspace tunnel sends only through an OVS port and learns routes from this namespace.
        string ulPeer = $"h{index}ul";
        sandbox.Ip("link", "add", "ul0", "netns", host.Namespace, "type", "veth", "peer", "name", ulPeer, "netns", sandbox.UnderlayNamespace);
        sandbox.Ip("-n", sandbox.UnderlayNamespace, "link", "set", ulPeer, "master", "ulbr", "up");
        sandbox.Ip("-n", host.Namespace, "link", "set", "ul0", "up");
        host.Vsctl(
            "add-br", "br-phys", "--", "set", "bridge", "br-phys", "datapath_type=netdev", $"other_config:hwaddr={host.UnderlayMac}",
            "--", "add-port", "br-phys", "ul0",
            // br-int exactly as the agent ensures it (so it finds nothing to change), plus a fixed MAC.
            "--", "add-br", "br-int", "--", "set", "bridge", "br-int", "datapath_type=netdev", "fail_mode=secure", "protocols=OpenFlow15",
            "other_config:disable-in-band=true", $"other_config:hwaddr=02:00:00:fe:00:{index:x2}",
            "--", "set", "Open_vSwitch", ".", $"external_ids:overlay-chassis-id={name}", $"external_ids:overlay-encap-ip={host.UnderlayIp}");
        sandbox.Ip("-n", host.Namespace, "addr", "add", $"{host.UnderlayIp}/24", "dev", "br-phys");
        sandbox.Ip("-n", host.Namespace, "link", "set", "br-phys", "up");
        return host;
    }

    /// <summary>
    /// Fills the userspace tunnel's neighbour cache for every other host, so the first packet toward a peer is not
    /// dropped while OVS resolves the peer's underlay MAC. Needed again after an ovs-vswitchd restart.
    /// </summary>
    public void PopulateTunnelNeighbours(IEnumerable<SimHost> all)
    {
        foreach (SimHost peer in all.Where(p => p != this))
            Appctl("tnl/neigh/set", "br-phys", peer.UnderlayIp, peer.UnderlayMac);
    }

    /// <summary>Runs an OVS tool against this host (not checking its exit code).</summary>
    public ProcessRunner.Result Tool(string tool, params string[] args) =>
        OvsTools.Run(tool, args, _env, TimeSpan.FromSeconds(40));

    public string Vsctl(params string[] args) =>
        Tool("ovs-vsctl", [$"--db={Ovsdb}", "--timeout=30", .. args]).EnsureSuccess($"{Name}: ovs-vsctl {string.Join(' ', args)}").Stdout.Trim();

    /// <summary><c>ovs-ofctl -O OpenFlow15 COMMAND RUNDIR/br-int.mgmt ARGS</c>.</summary>
    public string Ofctl(string command, params string[] args) =>
        Tool("ovs-ofctl", ["-O", "OpenFlow15", command, Path.Combine(RunDir, "br-int.mgmt"), .. args]).EnsureSuccess($"{Name}: ovs-ofctl {command}").Stdout;

    public string Appctl(params string[] args) =>
        Tool("ovs-appctl", ["-t", VswitchdControl(), .. args]).EnsureSuccess($"{Name}: ovs-appctl {string.Join(' ', args)}").Stdout;

    /// <summary>The OpenFlow flows on br-int (<c>dump-flows</c>, without the reply header).</summary>
    public IReadOnlyList<string> DumpFlows() =>
        [.. Ofctl("dump-flows").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("reply", StringComparison.Ordinal))];

    /// <summary>Runs a program inside the host's namespace (not checking its exit code).</summary>
    public ProcessRunner.Result InNamespace(string program, params string[] args) =>
        OvsTools.Run("ip", ["netns", "exec", Namespace, OvsTools.Find(program), .. args], _env, TimeSpan.FromSeconds(60));

    /// <summary>PID of this host's ovs-vswitchd, or null.</summary>
    public int? VswitchdPid => ManagedProcess.ReadPid(Path.Combine(RunDir, "ovs-vswitchd.pid")) is int pid && !Daemons.IsGone(pid) ? pid : null;

    /// <summary>Kills ovs-vswitchd and starts it again: it comes back with no flows, no TLV map, no neighbours.</summary>
    public void RestartVswitchd(IEnumerable<SimHost> all)
    {
        Daemons.StopFromPidFile(Path.Combine(RunDir, "ovs-vswitchd.pid"), RunDir);
        File.Delete(Path.Combine(RunDir, "br-int.mgmt"));
        StartVswitchd();
        // Any real change makes ovs-vsctl wait until the new ovs-vswitchd has applied the configuration.
        Vsctl("set", "Open_vSwitch", ".", $"external_ids:sandbox-restarted={DateTime.UtcNow.Ticks}");
        Daemons.WaitFor(() => File.Exists(Path.Combine(RunDir, "br-int.mgmt")), $"{Name}: br-int.mgmt after restart");
        PopulateTunnelNeighbours(all);
    }

    private void StartVswitchd()
    {
        InNamespace("ovs-vswitchd", Ovsdb, $"--pidfile={RunDir}/ovs-vswitchd.pid", $"--log-file={RunDir}/ovs-vswitchd.log",
            "--disable-system", "-vconsole:off", "--detach", "--no-chdir").EnsureSuccess($"{Name}: ovs-vswitchd");
        Daemons.WaitFor(() => File.Exists(Path.Combine(RunDir, "ovs-vswitchd.pid")), $"{Name}: ovs-vswitchd pidfile");
    }

    private string VswitchdControl()
    {
        int pid = VswitchdPid ?? throw new InvalidOperationException($"{Name}: ovs-vswitchd is not running");
        return Path.Combine(RunDir, $"ovs-vswitchd.{pid.ToString(CultureInfo.InvariantCulture)}.ctl");
    }
}
