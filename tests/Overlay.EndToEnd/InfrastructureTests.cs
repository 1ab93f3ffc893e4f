using Overlay.TestSupport;

namespace Overlay.EndToEnd;

/// <summary>
/// The simulated hosts alone, with hand-written flows and no Overlay process: proves the host/VM/underlay plumbing
/// the other end-to-end tests stand on, and that cleanup removes exactly what was created.
/// </summary>
public sealed class InfrastructureTests
{
    private const string PrefixBase = "ovl-infra-";

    [Fact]
    public void Vms_on_two_hosts_ping_through_geneve_with_hand_written_flows_and_dispose_leaves_nothing()
    {
        MultiHostSandbox.CleanupStale(PrefixBase);
        string prefix;
        string runDir;
        using (var sandbox = MultiHostSandbox.Create(PrefixBase, hosts: 2))
        {
            prefix = sandbox.Prefix;
            runDir = sandbox.RunDir;
            SimVm a = sandbox.AddVm("a", "hv1", "02:00:00:00:01:01", "10.9.0.1/24", null, "port-a");
            SimVm b = sandbox.AddVm("b", "hv2", "02:00:00:00:02:01", "10.9.0.2/24", null, "port-b");
            foreach ((SimHost host, SimVm vm, SimHost peer) in new[] { (sandbox.Host("hv1"), a, sandbox.Host("hv2")), (sandbox.Host("hv2"), b, sandbox.Host("hv1")) })
            {
                host.Vsctl("add-port", "br-int", "gnv0", "--", "set", "Interface", "gnv0", "type=geneve",
                    "options:remote_ip=flow", "options:key=flow", "options:csum=true", "ofport_request=100");
                string ofport = host.Vsctl("get", "Interface", vm.PortName, "ofport");
                string flows = Path.Combine(host.RunDir, "flows.txt");
                File.WriteAllLines(flows,
                [
                    $"table=0,priority=100,in_port={ofport},actions=set_field:1->tun_id,set_field:{peer.UnderlayIp}->tun_dst,output:100",
                    $"table=0,priority=100,in_port=100,tun_id=1,actions=output:{ofport}",
                ]);
                host.Ofctl("replace-flows", flows);
            }

            PingResult ping = a.Ping(b.Ip, count: 3);
            Assert.True(ping.Received == 3, ping.Output);
            Assert.Contains(prefix + "-hv1", MultiHostSandbox.ListNamespaces());
        }

        Assert.DoesNotContain(MultiHostSandbox.ListNamespaces(), ns => ns.StartsWith(prefix, StringComparison.Ordinal));
        Assert.False(Directory.Exists(runDir));
    }

    [Fact]
    public void Cleanup_of_a_crashed_run_removes_its_namespaces_and_daemons_but_not_a_live_runs()
    {
        using var live = MultiHostSandbox.Create(PrefixBase, hosts: 1);
        var crashed = MultiHostSandbox.Create(PrefixBase, hosts: 1);
        crashed.AddVm("v", "hv1", "02:00:00:00:01:01", "10.9.0.1/24", null, "port-v");
        int vswitchd = crashed.Host("hv1").VswitchdPid ?? throw new InvalidOperationException("no vswitchd");
        // A run whose owner is gone: a PID that just exited.
        var gone = System.Diagnostics.Process.Start("/bin/true")!;
        gone.WaitForExit();
        File.WriteAllText(Path.Combine(crashed.RunDir, "owner"), gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        IReadOnlyList<string> done = MultiHostSandbox.CleanupStale(PrefixBase);

        Assert.Contains(done, d => d.Contains(crashed.Prefix + "-v", StringComparison.Ordinal));
        Assert.DoesNotContain(MultiHostSandbox.ListNamespaces(), ns => ns.StartsWith(crashed.Prefix, StringComparison.Ordinal));
        Assert.True(Daemons.IsGone(vswitchd));
        Assert.Contains(live.Host("hv1").Namespace, MultiHostSandbox.ListNamespaces());
        Assert.NotNull(live.Host("hv1").VswitchdPid);
    }
}
