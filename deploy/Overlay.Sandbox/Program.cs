using System.Globalization;
using Overlay.TestSupport;

namespace Overlay.Sandbox;

/// <summary>
/// <c>overlay-sandbox up|down|status</c> (run by deploy/sandbox.sh as root): simulated hosts with real Open vSwitch,
/// overlay-northd, one overlay-agent per host, the demo network, and pings across hosts. Everything it makes is named
/// <c>ovl-sb-…</c> and recorded under the run directory (<c>OVERLAY_SANDBOX_DIR</c>, default /tmp/overlay-sandbox);
/// <c>down</c> removes exactly that.
/// </summary>
public static class Program
{
    private const string Prefix = "ovl-sb";
    private static readonly string RunDir = Environment.GetEnvironmentVariable("OVERLAY_SANDBOX_DIR") is { Length: > 0 } d
        ? Path.GetFullPath(d) : "/tmp/overlay-sandbox";

    private static string ReadyFile => Path.Combine(RunDir, "ready");

    private static string UrlFile => Path.Combine(RunDir, "northd.url");

    public static int Main(string[] args)
    {
        try
        {
            return args is [] or ["up"] ? Up()
                : args is ["down"] ? Down()
                : args is ["status"] ? Status()
                : Usage();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or IOException)
        {
            Console.Error.WriteLine($"overlay-sandbox: {e.Message}");
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: overlay-sandbox up|down|status   (run dir: OVERLAY_SANDBOX_DIR, default /tmp/overlay-sandbox)");
        return 2;
    }

    private static int Up()
    {
        if (File.Exists(ReadyFile))
        {
            IReadOnlyList<string> problems = Problems();
            if (problems.Count == 0)
            {
                Log($"already up (run dir {RunDir}); nothing to do");
                Show();
                return 0;
            }

            if (RestartStoppedProcesses())
            {
                Show();
                return 0;
            }

            Log($"the existing sandbox is unhealthy ({string.Join("; ", Problems())}): rebuilding it");
        }

        if (Directory.Exists(RunDir))
        {
            if (!File.Exists(Path.Combine(RunDir, "prefix")) && Directory.EnumerateFileSystemEntries(RunDir).Any())
                throw new InvalidOperationException($"{RunDir} exists and is not a sandbox run directory; set OVERLAY_SANDBOX_DIR elsewhere");
            Report(MultiHostSandbox.Destroy(RunDir));
            if (Directory.Exists(RunDir) && !Directory.EnumerateFileSystemEntries(RunDir).Any())
                Directory.Delete(RunDir);
        }

        string[] foreign = [.. MultiHostSandbox.ListNamespaces().Where(n => n.StartsWith(Prefix + "-", StringComparison.Ordinal))];
        if (foreign.Length > 0)
            throw new InvalidOperationException($"namespaces {string.Join(' ', foreign)} exist but are not recorded in {RunDir}: another sandbox " +
                "(a different OVERLAY_SANDBOX_DIR?) is up; run `deploy/sandbox.sh down` with its OVERLAY_SANDBOX_DIR first");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        MultiHostSandbox sandbox = MultiHostSandbox.Create(Prefix, DemoNetwork.Hosts, RunDir, fixedPrefix: Prefix);
        try
        {
            File.Copy(DemoNetwork.Placement, Path.Combine(RunDir, "vms"));
            DemoNetwork.AddVms(sandbox);
            Log($"{sandbox.Hosts.Count} hosts (each: netns, ovsdb-server, ovs-vswitchd netdev, br-phys, br-int), {sandbox.Vms.Count()} VMs in {clock.Elapsed.TotalSeconds:0.0} s");

            var deployment = new OverlayDeployment(sandbox, PortFree(6641) ? 6641 : null);
            File.WriteAllText(UrlFile, deployment.NorthdUrl);
            deployment.StartNorthd();
            Log($"overlay-northd listening on {deployment.NorthdUrl} (pid {deployment.Northd.Pid}, data {RunDir}/northd)");
            deployment.StartAgents();
            foreach (ManagedProcess a in deployment.Agents)
                Log($"{a.Name} started (pid {a.Pid})");

            Log($"declaring the demo network ({Path.GetRelativePath(RepoRoot.Path, DemoNetwork.Script)}) with --wait=hv");
            ProcessRunner.Result r = deployment.CliWithTimeout(TimeSpan.FromSeconds(90), ["--wait=hv", .. OverlayDeployment.ScriptWords(DemoNetwork.Script)]);
            if (r.ExitCode != 0)
                throw new InvalidOperationException($"declaring the demo network failed (exit {r.ExitCode}): {r.Stderr.Trim()} {r.Stdout.Trim()}");
            File.WriteAllText(ReadyFile, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            Log($"up in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch
        {
            Console.Error.WriteLine($"overlay-sandbox: up failed; logs are in {RunDir}/logs and {RunDir}/hv*/ — run `deploy/sandbox.sh down` to remove it");
            throw;
        }

        Show();
        return 0;
    }

    /// <summary>
    /// When only Overlay processes stopped (namespaces and OVS daemons fine), starts them again with the command lines
    /// they were started with — northd first — keeping the network as declared. True if the sandbox is healthy after.
    /// </summary>
    private static bool RestartStoppedProcesses()
    {
        if (HostDirs().Any(h => new[] { "ovsdb-server", "ovs-vswitchd" }.Any(d => !Alive(Path.Combine(h, d + ".pid"), h).StartsWith("running", StringComparison.Ordinal)))
            || !MultiHostSandbox.ListNamespaces().Contains($"{Prefix}-ul"))
            return false;
        string procs = Path.Combine(RunDir, "procs");
        var stopped = Directory.GetFiles(procs, "*.pid")
            .Select(f => ManagedProcess.Load(f, RunDir, Path.Combine(RunDir, "logs", Path.GetFileNameWithoutExtension(f) + ".log")))
            .OfType<ManagedProcess>().Where(p => !p.IsRunning).OrderBy(p => p.Name == "northd" ? 0 : 1).ToList();
        foreach (ManagedProcess p in stopped)
        {
            p.Start();
            Log($"{p.Name} was not running: started it again (pid {p.Pid})");
            if (p.Name == "northd")
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var uri = new Uri(Url());
                while (!Listening(uri.Port) && clock.Elapsed < TimeSpan.FromSeconds(30))
                    Thread.Sleep(100);
            }
        }

        return Problems().Count == 0;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var c = new System.Net.Sockets.TcpClient();
            c.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static int Down()
    {
        if (!Directory.Exists(RunDir))
        {
            Log($"nothing to remove ({RunDir} does not exist)");
            return 0;
        }

        Report(MultiHostSandbox.Destroy(RunDir));
        string[] left = [.. MultiHostSandbox.ListNamespaces().Where(n => n.StartsWith(Prefix + "-", StringComparison.Ordinal))];
        Log(left.Length == 0 ? "down: nothing left" : $"down: namespaces still present: {string.Join(' ', left)}");
        return left.Length == 0 ? 0 : 1;
    }

    private static int Status()
    {
        if (!Directory.Exists(RunDir))
        {
            Console.WriteLine($"no sandbox ({RunDir} does not exist)");
            return 3;
        }

        Console.WriteLine($"run dir {RunDir}, prefix {Prefix}, northd {Url()}");
        foreach (string pidFile in Directory.GetFiles(Path.Combine(RunDir, "procs"), "*.pid").Order(StringComparer.Ordinal))
            Console.WriteLine($"  {Path.GetFileNameWithoutExtension(pidFile),-12} {Alive(pidFile, RunDir)}");
        foreach (string host in HostDirs())
        {
            string name = Path.GetFileName(host);
            Console.WriteLine($"  {name}: ovsdb-server {Alive(Path.Combine(host, "ovsdb-server.pid"), host)}, ovs-vswitchd {Alive(Path.Combine(host, "ovs-vswitchd.pid"), host)}, " +
                $"br-int flows: {FlowCount(host)}");
        }

        Console.WriteLine($"  namespaces: {string.Join(' ', MultiHostSandbox.ListNamespaces().Where(n => n.StartsWith(Prefix + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))}");
        IReadOnlyList<string> problems = Problems();
        Console.WriteLine(problems.Count == 0 ? "healthy" : "UNHEALTHY: " + string.Join("; ", problems));
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>`overlay show`, then pings that cross hosts, a router and the tenant boundary.</summary>
    private static void Show()
    {
        Console.WriteLine();
        Console.WriteLine($"$ overlay --db {Url()} show");
        ProcessRunner.Result show = ProcessRunner.Run(OverlayBinaries.Dotnet, [OverlayBinaries.Cli, "--db", Url(), "show"], timeout: TimeSpan.FromSeconds(30));
        Console.Write(show.Stdout);
        Console.Error.Write(show.Stderr);
        Dictionary<string, VmPlacement> vms = DemoNetwork.ReadPlacement(Path.Combine(RunDir, "vms")).ToDictionary(v => v.Name, StringComparer.Ordinal);
        Ping(vms, "a-web1", "a-web2", "same switch a-web, hv1 -> hv2");
        Ping(vms, "a-web1", "a-db1", "routed a-web -> a-lr -> a-db, hv1 -> hv3");
        Ping(vms, "b-web1", "b-web2", "tenant B, same addresses as A, hv2 -> hv1");
        Console.WriteLine();
        Console.WriteLine("Try: ip netns exec ovl-sb-a-web1 ping 10.0.1.11   |   deploy/sandbox.sh status   |   deploy/sandbox.sh down");
        if (Url() != "http://127.0.0.1:6641")
            Console.WriteLine($"     export OVERLAY_DB={Url()}   (port 6641 was taken)");
    }

    private static void Ping(Dictionary<string, VmPlacement> vms, string from, string to, string what)
    {
        string ip = vms[to].IpCidr.Split('/')[0];
        Console.WriteLine();
        Console.WriteLine($"$ ip netns exec {Prefix}-{from} ping -c 3 {ip}      # {from} -> {to}: {what}");
        ProcessRunner.Result r = OvsTools.Run("ip", ["netns", "exec", $"{Prefix}-{from}", OvsTools.Find("ping"), "-n", "-c", "3", "-i", "0.2", "-W", "2", ip], timeout: TimeSpan.FromSeconds(20));
        Console.Write(r.Stdout);
    }

    private static IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!File.Exists(ReadyFile))
            problems.Add("up did not finish");
        foreach (string pidFile in Directory.Exists(Path.Combine(RunDir, "procs")) ? Directory.GetFiles(Path.Combine(RunDir, "procs"), "*.pid") : [])
        {
            if (!Alive(pidFile, RunDir).StartsWith("running", StringComparison.Ordinal))
                problems.Add($"{Path.GetFileNameWithoutExtension(pidFile)} is not running");
        }

        foreach (string host in HostDirs())
        {
            foreach (string daemon in new[] { "ovsdb-server", "ovs-vswitchd" })
            {
                if (!Alive(Path.Combine(host, daemon + ".pid"), host).StartsWith("running", StringComparison.Ordinal))
                    problems.Add($"{Path.GetFileName(host)} {daemon} is not running");
            }
        }

        return problems;
    }

    private static IEnumerable<string> HostDirs() =>
        Directory.GetDirectories(RunDir, "hv*").Order(StringComparer.Ordinal);

    private static string Alive(string pidFile, string ownDir)
    {
        string text = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "";
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
            return "no pidfile";
        bool ours = File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains(ownDir, StringComparison.Ordinal);
        return ours && !Daemons.IsGone(pid) ? $"running (pid {pid})" : $"NOT running (pid {pid})";
    }

    private static string FlowCount(string hostDir)
    {
        ProcessRunner.Result r = OvsTools.Run("ovs-ofctl", ["-O", "OpenFlow15", "dump-flows", Path.Combine(hostDir, "br-int.mgmt")], timeout: TimeSpan.FromSeconds(20));
        return r.ExitCode == 0 ? r.Stdout.Split('\n').Count(l => l.Contains("actions=", StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture) : "?";
    }

    private static string Url() => File.Exists(UrlFile) ? File.ReadAllText(UrlFile).Trim() : "http://127.0.0.1:6641";

    private static bool PortFree(int port)
    {
        try
        {
            using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static void Report(IEnumerable<string> done)
    {
        foreach (string line in done)
            Log(line);
    }

    private static void Log(string message) =>
        Console.WriteLine($"[sandbox {DateTime.Now:HH:mm:ss}] {message}");
}
