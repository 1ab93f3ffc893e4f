using System.Diagnostics;
using System.Text.RegularExpressions;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Agent.Translator.Text;

namespace Overlay.Agent.Translator.Tests.Ovs;

/// <summary>
/// A real ovsdb-server + ovs-vswitchd (userspace datapath) in its own run directory and network namespace, laid
/// out so it can play any test host hv1..hv3: br-int (fail_mode=secure, OpenFlow15) with VIFs vif1..vif8 on
/// ofports 1..8 and a Geneve port toward each of 192.168.0.1..3 on ofport 100+N (as <see cref="Hosts"/> numbers
/// them), and an underlay br-phys at 192.168.0.254 with those neighbours known, so ofproto/trace shows the
/// encapsulation. Everything started is stopped by PID and the namespace deleted on dispose.
/// </summary>
public sealed partial class OvsBridge : IDisposable
{
    public const int Vifs = 8;

    private static int instances;
    private readonly Dictionary<string, string> env;
    private readonly Dictionary<int, uint> dpToOfport = [];
    private bool namespaceCreated;

    public OvsBridge()
    {
        RunDir = Directory.CreateTempSubdirectory($"ovltr-{Environment.ProcessId}-").FullName;
        Namespace = $"ovltr-{Environment.ProcessId}-{Interlocked.Increment(ref instances)}";
        env = new() { ["OVS_RUNDIR"] = RunDir, ["OVS_DBDIR"] = RunDir, ["OVS_LOGDIR"] = RunDir, ["OVS_SYSCONFDIR"] = RunDir };
        try { Start(); }
        catch { Dispose(); throw; }
    }

    public string RunDir { get; }

    public string Namespace { get; }

    private string Mgmt => Path.Combine(RunDir, "br-int.mgmt");

    /// <summary>Replaces br-int's flows with the translation's, through <c>ovs-ofctl add-flows</c>; returns the flows OVS then holds.</summary>
    public int Load(Translation translation)
    {
        var file = Path.Combine(RunDir, "flows.txt");
        File.WriteAllText(file, FlowText.AddFlows(translation.Flows));
        Ofctl("del-flows");
        Ofctl("add-flows", file);
        return Ofctl("dump-flows").Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("actions=", StringComparison.Ordinal));
    }

    /// <summary>What <c>ofproto/trace</c> says the datapath does with a packet: VIF ofports and Geneve pushes.</summary>
    public TraceOutcome Trace(string flow)
    {
        var text = InNamespace("ovs-appctl", "ofproto/trace", "br-int", flow).Ok("ofproto/trace " + flow).Stdout;
        var line = text.Split('\n').LastOrDefault(l => l.StartsWith("Datapath actions:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no datapath actions in:\n" + text);
        var outcome = new TraceOutcome();
        Read(line["Datapath actions:".Length..].Trim(), outcome, text);
        return outcome;
    }

    /// <summary>Collects the outputs of a datapath action list; header rewrites (set) are OVS's business, clones nest.</summary>
    private void Read(string actions, TraceOutcome outcome, string trace)
    {
        foreach (var item in TopLevel(actions))
        {
            if (item is "drop" or "") continue;
            if (int.TryParse(item, out int dp))
            {
                if (dpToOfport.TryGetValue(dp, out uint ofport)) outcome.Vifs.Add(ofport);
                continue; // the underlay's own ports
            }
            if (item.StartsWith("set(", StringComparison.Ordinal) || item.StartsWith("set_masked(", StringComparison.Ordinal)) continue;
            if (item.StartsWith("clone(", StringComparison.Ordinal))
            {
                Read(item["clone(".Length..^1], outcome, trace);
                continue;
            }
            var push = TunnelPush().Match(item);
            if (!push.Success) throw new InvalidOperationException($"unexpected datapath action '{item}' in:\n{trace}");
            outcome.Tunnels.Add((push.Groups[1].Value, Convert.ToUInt32(push.Groups[2].Value, 16), Convert.ToUInt32(push.Groups[3].Value, 16)));
        }
    }

    [GeneratedRegex(@"^tnl_push\(.*ipv4\(src=[0-9.]+,dst=([0-9.]+),.*geneve\(.*vni=0x([0-9a-f]+),options\(\{class=0x102,type=0x80,len=4,0x([0-9a-f]+)\}\)\)")]
    private static partial Regex TunnelPush();

    private static IEnumerable<string> TopLevel(string actions)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < actions.Length; i++)
        {
            if (actions[i] == '(') depth++;
            else if (actions[i] == ')') depth--;
            else if (actions[i] == ',' && depth == 0)
            {
                yield return actions[start..i];
                start = i + 1;
            }
        }
        if (start < actions.Length) yield return actions[start..];
    }

    public string Ofctl(string command, params string[] args) =>
        Tool.Run("ovs-ofctl", ["-O", "OpenFlow15", command, Mgmt, .. args], env).Ok($"ovs-ofctl {command}").Stdout;

    private void Start()
    {
        Run("ip", "netns", "add", Namespace);
        namespaceCreated = true;
        Run("ip", "-n", Namespace, "link", "set", "lo", "up");
        var db = Path.Combine(RunDir, "conf.db");
        Run("ovsdb-tool", "create", db, "/usr/share/openvswitch/vswitch.ovsschema");
        var sock = Path.Combine(RunDir, "db.sock");
        InNamespace("ovsdb-server", db, $"--remote=punix:{sock}", $"--pidfile={RunDir}/ovsdb-server.pid",
            $"--log-file={RunDir}/ovsdb-server.log", "-vconsole:off", "--detach", "--no-chdir").Ok("ovsdb-server");
        WaitFor(() => File.Exists(sock), "ovsdb-server socket");
        Vsctl("--no-wait", "init");
        InNamespace("ovs-vswitchd", $"unix:{sock}", $"--pidfile={RunDir}/ovs-vswitchd.pid", $"--log-file={RunDir}/ovs-vswitchd.log",
            "--disable-system", "-vconsole:off", "--detach", "--no-chdir").Ok("ovs-vswitchd");

        Vsctl("add-br", "br-phys", "--", "set", "bridge", "br-phys", "datapath_type=netdev", "other_config:hwaddr=02:00:00:ff:00:fe");
        Run("ip", "-n", Namespace, "addr", "add", "192.168.0.254/24", "dev", "br-phys");
        Run("ip", "-n", Namespace, "link", "set", "br-phys", "up");
        Run("ip", "-n", Namespace, "link", "add", "ul0", "type", "veth", "peer", "name", "ul1");
        Run("ip", "-n", Namespace, "link", "set", "ul0", "up");
        Run("ip", "-n", Namespace, "link", "set", "ul1", "up");
        Vsctl("add-port", "br-phys", "ul0");

        var args = new List<string> { "add-br", "br-int", "--", "set", "bridge", "br-int", "datapath_type=netdev", "fail_mode=secure",
            "protocols=OpenFlow15", "other_config:disable-in-band=true" };
        for (int i = 1; i <= Vifs; i++)
            args.AddRange(["--", "add-port", "br-int", $"vif{i}", "--", "set", "interface", $"vif{i}", "type=internal", $"ofport_request={i}"]);
        for (int h = 1; h <= 3; h++)
            args.AddRange(["--", "add-port", "br-int", $"gnv{h}", "--", "set", "interface", $"gnv{h}", "type=geneve",
                $"options:remote_ip={Hosts.EncapIp(h)}", "options:key=flow", "options:csum=true", $"ofport_request={Hosts.TunnelPort(h)}"]);
        Vsctl([.. args]);
        WaitFor(() => File.Exists(Mgmt), Mgmt);
        for (int h = 1; h <= 3; h++)
            InNamespace("ovs-appctl", "tnl/neigh/set", "br-phys", Hosts.EncapIp(h), $"02:00:00:ff:00:0{h}").Ok("tnl/neigh/set");
        Ofctl("add-tlv-map", Geneve.TlvMap);
        // Encapsulation needs vswitchd to have learned the underlay route from the namespace.
        WaitFor(() => InNamespace("ovs-appctl", "ovs/route/show").Stdout.Contains("192.168.0.0/24", StringComparison.Ordinal), "underlay route in ovs/route/show");

        // VIF ofport ↔ datapath port, for reading ofproto/trace's datapath actions.
        var show = InNamespace("ovs-appctl", "dpif/show").Ok("dpif/show").Stdout;
        foreach (Match m in Regex.Matches(show, @"^\s+vif(\d+) (\d+)/(\d+):", RegexOptions.Multiline))
            dpToOfport[int.Parse(m.Groups[3].Value)] = uint.Parse(m.Groups[2].Value);
        if (dpToOfport.Count != Vifs) throw new InvalidOperationException("unexpected dpif/show:\n" + show);
    }

    private void Vsctl(params string[] args) => Run("ovs-vsctl", [$"--db=unix:{RunDir}/db.sock", "--timeout=30", .. args]);

    private Tool.Result InNamespace(string program, params string[] args) =>
        Tool.Run("ip", ["netns", "exec", Namespace, Tool.Find(program), .. args], env);

    private void Run(string program, params string[] args) => Tool.Run(program, args, env).Ok($"{program} {string.Join(' ', args)}");

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"{what} did not appear within 20 s");
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        foreach (var daemon in new[] { "ovs-vswitchd", "ovsdb-server" }) Stop(Path.Combine(RunDir, daemon + ".pid"));
        if (namespaceCreated) Tool.Run("ip", ["netns", "delete", Namespace]);
        try { Directory.Delete(RunDir, recursive: true); }
        catch (IOException) { }
    }

    // By the PID in the pidfile, and only if that process runs from our run directory.
    private void Stop(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid)) return;
        string cmdline;
        try { cmdline = File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (IOException) { return; }
        if (!cmdline.Contains(RunDir, StringComparison.Ordinal)) return;
        Tool.Run("/bin/kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            string stat;
            try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
            catch (IOException) { return; }
            int close = stat.LastIndexOf(')');
            if (close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z') return;
            Thread.Sleep(20);
        }
        Tool.Run("/bin/kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }
}

/// <summary>The end of an ofproto/trace: local VIF ofports, and Geneve copies as (remote IP, VNI, option value).</summary>
public sealed class TraceOutcome
{
    public List<uint> Vifs { get; } = [];

    public List<(string RemoteIp, uint Vni, uint Option)> Tunnels { get; } = [];

    public string Describe() =>
        $"vifs [{string.Join(", ", Vifs.Order())}] tunnels [{string.Join(", ", Tunnels.Order().Select(t => $"{t.RemoteIp} vni={t.Vni:x} opt={t.Option:x}"))}]";
}
