using System.Diagnostics;
using Overlay.TestSupport;
using Xunit.Abstractions;

namespace Overlay.EndToEnd;

/// <summary>(e) (f) (g): northd outage, agent restart without northd, and northd coming back.</summary>
public sealed class FailureTests(SandboxFixture fixture, ITestOutputHelper output) : SandboxTest(fixture, output)
{
    private OverlayDeployment Deployment => Fixture.Deployment;

    [Fact]
    public async Task E_northd_killed_during_a_continuous_ping_loses_no_reply_over_30_seconds()
    {
        SimVm web = Vm("a-web1"), db = Vm("a-db1");
        AssertPings("a-web1", db.Ip);
        // 300 pings at 0.1 s, routed and across hosts; northd is killed (SIGKILL) 2 s in and stays down.
        Task<PingResult> ping = Task.Run(() => web.Ping(db.Ip, count: 300, interval: 0.1, waitSeconds: 2));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // Let the ping get going: the kill lands mid-stream.
            Deployment.Northd.Kill();
            Assert.False(Deployment.Northd.IsRunning);
            Assert.False(Deployment.NorthdListening());
            PingResult r = await ping.WaitAsync(TimeSpan.FromSeconds(60));
            Log(r);
            Assert.True(r.Transmitted >= 295, r.Output);
            Assert.True(r.Lost == 0, $"{r}\n{Fixture.Logs()}");
            Assert.All(Deployment.Agents, a => Assert.True(a.IsRunning, $"{a.Name} died without northd:\n{a.LogTail()}"));
        }
        finally
        {
            await Task.WhenAny(ping, Task.Delay(TimeSpan.FromSeconds(60)));
            Fixture.EnsureNorthd();
        }
    }

    [Fact]
    public async Task F_agent_restarted_while_northd_is_down_keeps_forwarding_and_reinstalls_from_its_cache()
    {
        SimVm web = Vm("a-web1"), peer = Vm("a-web2");
        SimHost hv1 = web.Host;
        ManagedProcess agent = Deployment.Agent(hv1.Name);
        AssertPings("a-web1", peer.Ip);
        string[] flowsBefore = Normalize(hv1.DumpFlows());
        Deployment.Northd.Kill();
        try
        {
            // 1) Restart the agent during a continuous ping: no reply lost, the bridge ends up identical.
            Task<PingResult> ping = Task.Run(() => web.Ping(peer.Ip, count: 100, interval: 0.1, waitSeconds: 2));
            await Task.Delay(TimeSpan.FromSeconds(1));
            agent.Kill();
            long logStart = agent.LogLength;
            agent.Start();
            WaitForLog(agent, logStart, l => l.Contains("[102]", StringComparison.Ordinal) && l.Contains("installing from the cache", StringComparison.Ordinal), "event 102 (installing from the cache)", TimeSpan.FromSeconds(30));
            PingResult r = await ping.WaitAsync(TimeSpan.FromSeconds(60));
            Log(r);
            Assert.True(r.Lost == 0 && r.Transmitted >= 95, $"{r}\n{agent.LogTail()}");
            Assert.Equal(flowsBefore, Normalize(hv1.DumpFlows()));

            // 2) Make it reinstall for real: a restarted ovs-vswitchd comes back with no flows; the agent, still
            //    without northd, reinstalls everything from what it cached.
            hv1.RestartVswitchd(Fixture.Sandbox.Hosts);
            Assert.True(web.WaitReachable(peer.Ip, TimeSpan.FromSeconds(30)), $"no forwarding after the vswitchd restart\n{agent.LogTail()}");
            AssertPings("a-web1", Vm("a-db1").Ip);
            Assert.Equal(flowsBefore, Normalize(hv1.DumpFlows()));
            Assert.False(Deployment.Northd.IsRunning);
        }
        finally
        {
            Fixture.EnsureNorthd();
        }
    }

    [Fact]
    public void G_after_northd_comes_back_a_new_vm_port_added_with_wait_hv_answers_at_once()
    {
        Deployment.Northd.Kill();
        // Back: listening, every agent connected again.
        Fixture.EnsureNorthd();
        // The VM is plugged first and its agent tells northd (a binding northd has not heard of cannot be waited for).
        ManagedProcess hv3Agent = Deployment.Agent("hv3");
        long logStart = hv3Agent.LogLength;
        SimVm vm = Fixture.Sandbox.AddVm("a-web3", "hv3", "50:54:00:0a:00:0d", "10.0.0.13/24", "10.0.0.1", "a-web3");
        try
        {
            WaitForLog(hv3Agent, logStart, l => l.Contains("[115]", StringComparison.Ordinal) && l.Contains("a-web3", StringComparison.Ordinal),
                "the VIF report naming a-web3", TimeSpan.FromSeconds(20));
            var clock = Stopwatch.StartNew();
            Fixture.CliWaitHv("lsp-add", "a-web", "a-web3", "--", "lsp-set-addresses", "a-web3", "50:54:00:0a:00:0d 10.0.0.13",
                "--", "lsp-set-port-security", "a-web3", "50:54:00:0a:00:0d 10.0.0.13");
            Log($"lsp-add --wait=hv returned after {clock.ElapsedMilliseconds} ms");
            // No retry, no settling time: the first ping (with its ARP) must be answered.
            AssertPings("a-web1", vm.Ip, count: 1);
            AssertPings("a-web3", Vm("a-db1").Ip, count: 1);
        }
        finally
        {
            Fixture.CliWaitHv("--if-exists", "lsp-del", "a-web3");
            Fixture.Sandbox.RemoveVm("a-web3");
        }
    }

    /// <summary>
    /// After a northd restart with nothing changed, <c>sync --wait=hv</c> must still complete once the agents are back:
    /// they hold (and have installed) the current revision.
    /// </summary>
    [Fact]
    public void G2_after_a_northd_restart_sync_wait_hv_completes_without_a_new_change()
    {
        Deployment.Northd.Kill();
        Fixture.EnsureNorthd();
        ProcessRunner.Result r = Deployment.CliWithTimeout(TimeSpan.FromSeconds(40), "--wait=hv", "--timeout", "15", "sync");
        Log(r.Stderr);
        Assert.True(r.ExitCode == 0, $"overlay --wait=hv sync after a northd restart: exit {r.ExitCode}\n{r.Stderr}\n{Deployment.CliOk("chassis-list")}");
    }

    private static string[] Normalize(IEnumerable<string> flows) => FlowText.NormalizeAll(flows);

    private static void WaitForLog(ManagedProcess p, long from, Func<string, bool> line, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!p.LogSince(from).Split('\n').Any(line))
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{p.Name} did not log {what} within {timeout.TotalSeconds:0} s:\n{p.LogSince(from)}");
            Thread.Sleep(50);
        }
    }
}
