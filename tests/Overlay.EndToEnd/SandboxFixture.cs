using System.Diagnostics;
using Overlay.TestSupport;
using Xunit.Abstractions;

namespace Overlay.EndToEnd;

/// <summary>
/// One sandbox for the whole collection: 3 simulated hosts, overlay-northd, 3 agents, the demo network
/// (deploy/examples/two-tenants.*) declared with --wait=hv. Tests run one after another (one collection) and each
/// leaves northd, the agents and the network as it found them.
/// </summary>
public sealed class SandboxFixture : IDisposable
{
    public const string PrefixBase = "ovl-e2e-";

    public SandboxFixture()
    {
        MultiHostSandbox.CleanupStale(PrefixBase);
        var clock = Stopwatch.StartNew();
        Sandbox = MultiHostSandbox.Create(PrefixBase, DemoNetwork.Hosts);
        try
        {
            DemoNetwork.AddVms(Sandbox);
            Deployment = new OverlayDeployment(Sandbox);
            Deployment.StartNorthd();
            Deployment.StartAgents();
            ProcessRunner.Result r = Deployment.CliWithTimeout(TimeSpan.FromSeconds(90), ["--wait=hv", "--timeout", "60", .. OverlayDeployment.ScriptWords(DemoNetwork.Script)]);
            if (r.ExitCode != 0)
                throw new InvalidOperationException($"declaring the demo network failed (exit {r.ExitCode}): {r.Stderr} {r.Stdout}\n{Logs()}");
            SetupTime = clock.Elapsed;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public MultiHostSandbox Sandbox { get; }

    public OverlayDeployment Deployment { get; } = null!;

    public TimeSpan SetupTime { get; }

    public SimVm Vm(string name) => Sandbox.Vm(name);

    public SimHost Host(string name) => Sandbox.Host(name);

    /// <summary>
    /// northd running and listening (restarted if a test left it down), and then every agent connected to it again,
    /// so the next test starts from a converged network.
    /// </summary>
    public void EnsureNorthd()
    {
        if (Deployment.Northd.IsRunning)
            return;
        Deployment.StartNorthd();
        WaitAgentsConnected(TimeSpan.FromSeconds(30));
    }

    /// <summary>Polls <c>overlay chassis-list -o json</c> until every host's chassis shows connected.</summary>
    public void WaitAgentsConnected(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < timeout)
        {
            ProcessRunner.Result r = Deployment.Cli("chassis-list", "-o", "json");
            last = r.Stdout + r.Stderr;
            if (r.ExitCode == 0)
            {
                using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout[r.Stdout.IndexOf('{', StringComparison.Ordinal)..]);
                HashSet<string> connected = [.. doc.RootElement.GetProperty("chassis").EnumerateArray()
                    .Where(c => c.GetProperty("connected").GetBoolean()).Select(c => c.GetProperty("name").GetString()!)];
                if (Sandbox.Hosts.All(h => connected.Contains(h.Name)))
                    return;
            }

            Thread.Sleep(250);
        }

        throw new TimeoutException($"not every agent reconnected to northd within {timeout.TotalSeconds:0} s: {last}\n{Logs()}");
    }

    public void EnsureAgents()
    {
        foreach (ManagedProcess a in Deployment.Agents.Where(a => !a.IsRunning))
            a.Start();
    }

    /// <summary><c>overlay --wait=hv ARGS</c> (60 s bound), throwing with the CLI's output and the logs on failure.</summary>
    public string CliWaitHv(params string[] args)
    {
        ProcessRunner.Result r = Deployment.CliWithTimeout(TimeSpan.FromSeconds(90), ["--wait=hv", "--timeout", "60", .. args]);
        return r.ExitCode == 0 ? r.Stdout : throw new InvalidOperationException($"overlay --wait=hv {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr} {r.Stdout}\n{Logs()}");
    }

    /// <summary>The tails of northd's and the agents' logs, for failure messages.</summary>
    public string Logs(int lines = 15) =>
        string.Join("\n", new[] { Deployment?.Northd }.Concat(Deployment?.Agents ?? []).OfType<ManagedProcess>()
            .Select(p => $"---- {p.Name} ({p.LogFile})\n{p.LogTail(lines)}"));

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("OVERLAY_E2E_KEEP_LOGS") is { Length: > 0 } keep)
        {
            string dest = Path.Combine(keep, Sandbox.Prefix);
            Directory.CreateDirectory(dest);
            foreach (string f in Directory.GetFiles(Path.Combine(Sandbox.RunDir, "logs")).Concat(Directory.GetFiles(Sandbox.RunDir, "*.log", SearchOption.AllDirectories)))
                File.Copy(f, Path.Combine(dest, Path.GetFileName(Path.GetDirectoryName(f)!) + "-" + Path.GetFileName(f)), overwrite: true);
        }

        Sandbox.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}

/// <summary>Base for tests on the shared sandbox: brings northd and the agents back if a failed test left them down.</summary>
[Collection(SandboxCollection.Name)]
public abstract class SandboxTest
{
    protected SandboxTest(SandboxFixture fixture, ITestOutputHelper output)
    {
        Fixture = fixture;
        Output = output;
        fixture.EnsureNorthd();
        fixture.EnsureAgents();
    }

    protected SandboxFixture Fixture { get; }

    protected ITestOutputHelper Output { get; }

    protected SimVm Vm(string name) => Fixture.Vm(name);

    protected void Log(object what) => Output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");

    /// <summary>Asserts all <paramref name="count"/> pings from one VM to an address get a reply.</summary>
    protected PingResult AssertPings(string from, string toIp, int count = 3)
    {
        PingResult r = Vm(from).Ping(toIp, count);
        Log(r);
        Assert.True(r.Received == count, $"{r}\n{r.Output}\n{Fixture.Logs()}");
        return r;
    }

    protected PingResult AssertNoReply(string from, string toIp, int count = 3)
    {
        PingResult r = Vm(from).Ping(toIp, count, waitSeconds: 1);
        Log(r);
        Assert.True(r.Received == 0, $"{r}\n{r.Output}");
        return r;
    }
}
