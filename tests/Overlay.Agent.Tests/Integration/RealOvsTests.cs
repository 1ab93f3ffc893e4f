using Overlay.Agent.Configuration;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Agent.Tests.Support;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.Integration;

/// <summary>
/// The agent against a real ovsdb-server + ovs-vswitchd (userspace) started per test in its own network
/// namespace: it creates br-int and the tunnel ports, finds the VIFs, installs and audits the flows.
/// </summary>
public sealed class RealOvsTests : IDisposable
{
    private readonly OvsHost _ovs = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ovlag-agent-");

    public void Dispose()
    {
        _ovs.Dispose();
        _dir.Delete(recursive: true);
    }

    private Task<AgentRunner> StartAgentAsync(Action<AgentOptions>? configure = null) =>
        AgentRunner.StartAsync(_dir.FullName, _ovs.OpenFlow, _ovs.Ovsdb, configure);

    /// <summary>hv1 with p1 and p2 as internal ports vif1/vif2 (ofports 1 and 2), identity in OVSDB.</summary>
    private async Task<(AgentRunner Agent, DesiredState Desired)> StartHv1Async(Action<AgentOptions>? configure = null, bool withHv3 = true)
    {
        _ovs.Vsctl("set", "Open_vSwitch", ".", "external_ids:overlay-chassis-id=hv1", "external_ids:overlay-encap-ip=192.168.0.1");
        AgentRunner.WriteView(_dir.FullName, Networks.View(withHv3: withHv3, p1: null, p2: null));
        AgentRunner agent = await StartAgentAsync(configure);
        await agent.Log.WaitForAsync(303); // br-int created.
        for (int i = 1; i <= 2; i++)
            _ovs.Vsctl("add-port", OvsHost.Bridge, $"vif{i}", "--", "set", "interface", $"vif{i}", "type=internal", $"ofport_request={i}", $"external_ids:iface-id=p{i}");
        return (agent, await SettledAsync(agent));
    }

    /// <summary>The desired state once both VIFs and every tunnel port have OpenFlow numbers, installed and not superseded.</summary>
    private static async Task<DesiredState> SettledAsync(AgentRunner agent)
    {
        while (true)
        {
            DesiredState desired = await agent.DesiredAsync(d => d.Installable && HasBothVifs(d) && d.Tunnels.All(t => !t.Requested));
            await agent.InstalledAsync(desired.Generation);
            if (agent.State.Desired.Value!.Generation == desired.Generation)
                return desired;
        }
    }

    /// <summary>vif1 and vif2 at the ofports they asked for (OVS may number a port before honouring ofport_request).</summary>
    private static bool HasBothVifs(DesiredState d) =>
        d.Flows.Any(f => f.Table == 0 && f.Match.ToString() == "in_port=1" && d.OriginOf(f).StartsWith("port binding p1 ", StringComparison.Ordinal))
        && d.Flows.Any(f => f.Table == 0 && f.Match.ToString() == "in_port=2" && d.OriginOf(f).StartsWith("port binding p2 ", StringComparison.Ordinal));

    private async Task<FlowEntry[]> DumpAsync()
    {
        await using OpenFlowConnection of = await OpenFlowConnection.ConnectAsync(_ovs.OpenFlow).WaitAsync(AgentRunner.Bound);
        return [.. (await of.DumpFlowsAsync().WaitAsync(AgentRunner.Bound)).Select(s => s.Flow)];
    }

    [Fact]
    public async Task TheAgentBuildsTheBridgeAndTunnelsAndInstallsFlowsThatDumpBackEqualAndAuditClean()
    {
        var (agent, desired) = await StartHv1Async(o => o.AuditInterval = TimeSpan.FromMilliseconds(300));
        await using (agent)
        {
            await agent.WaitAsync(agent.State.Switch, s => s.Audits >= 2);

            Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(await DumpAsync()));
            Assert.Equal(0, agent.State.Switch.Value.DriftRepairs);
            Assert.Empty(agent.Log.WithId(500).Concat(agent.Log.WithId(501)).Concat(agent.Log.WithId(502)));
            Assert.Equal("secure", _ovs.Vsctl("get", "bridge", "br-int", "fail_mode"));
            Assert.Equal("[OpenFlow15]", _ovs.Vsctl("get", "bridge", "br-int", "protocols"));
            Assert.Equal("netdev", _ovs.Vsctl("get", "bridge", "br-int", "datapath_type"));
            Assert.Equal("\"true\"", _ovs.Vsctl("get", "bridge", "br-int", "other_config:disable-in-band"));
            Assert.Equal("{csum=\"true\", key=flow, remote_ip=\"192.168.0.2\"}", _ovs.Vsctl("get", "interface", "ovn-hv2-0", "options"));
            Assert.Equal("geneve", _ovs.Vsctl("get", "interface", "ovn-hv3-0", "type"));
            Assert.Equal("{overlay-chassis-id=hv3}", _ovs.Vsctl("get", "port", "ovn-hv3-0", "external_ids"));
            Assert.Contains("0x102  0x80       4  tun_metadata0", _ovs.Ofctl("dump-tlv-map"), StringComparison.Ordinal);
            Assert.Empty(agent.Log.WithId(409));
            Assert.Contains("table=\"phy_to_log\", priority=100,in_port=vif1", _ovs.Ofctl("dump-flows", "--names", "--no-stats"), StringComparison.Ordinal);
            // Flows to p3 (on hv2) leave through hv2's tunnel port, by its real OpenFlow number.
            string hv2Port = _ovs.Vsctl("get", "interface", "ovn-hv2-0", "ofport");
            Assert.Contains(desired.Flows, f => f.Actions.Any(a => a is OutputAction o && o.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == hv2Port));

            // overlay-agent flows --annotate: every installed flow, each followed by what it came from.
            var output = new StringWriter();
            int exit = await AgentCli.Build().Parse(["flows", "--annotate", "--openflow", _ovs.OpenFlow, "--cache-dir", Path.Combine(_dir.FullName, "cache")])
                .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output }).WaitAsync(AgentRunner.Bound);
            string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(0, exit);
            Assert.Equal(desired.Flows.Count, lines.Count(l => l.StartsWith(" cookie=", StringComparison.Ordinal)));
            Assert.Contains($"    lflow {Networks.Switch().Flows.Last().IdText} (ls_in_l2_lkup, priority 50, match=(eth.dst == 50:54:00:00:00:03), actions=(outport = \"p3\"; output;))", lines);
            Assert.Contains(lines, l => l.StartsWith("    port binding p1 (datapath 1, key 1)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AViewChangeInstallsOnlyTheDifference()
    {
        var (agent, first) = await StartHv1Async();
        await using (agent)
        {
            AgentRunner.WriteView(_dir.FullName, Networks.View(Networks.Switch(extra: [Networks.DropSsh]), p1: null, p2: null));
            DesiredState second = await agent.DesiredAsync(d => d.Generation > first.Generation);
            await agent.InstalledAsync(second.Generation);

            Assert.True(first.Flows.Count + 1 == second.Flows.Count, $"{first.Generation}:{first.Flows.Count} -> {second.Generation}:{second.Flows.Count}\n" + string.Join("\n", agent.Log.Lines));
            Assert.Equal(Flows.Sorted(second.Flows), Flows.Sorted(await DumpAsync()));
            LogLine committed = agent.Log.WithId(403).Last();
            Assert.StartsWith($"Generation {second.Generation} installed: 0 deletes, 0 modifies, 1 adds in one bundle", committed.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABundleWithAFlowOvsRefusesLeavesTheTableUnchangedAndNamesTheFlow()
    {
        var (agent, desired) = await StartHv1Async();
        await agent.DisposeAsync();
        await using OpenFlowConnection of = await OpenFlowConnection.ConnectAsync(_ovs.OpenFlow).WaitAsync(AgentRunner.Bound);
        var sync = new FlowSynchronizer(of);
        await sync.ReadInstalledAsync(CancellationToken.None).WaitAsync(AgentRunner.Bound);
        var bad = new FlowEntry(30, 10, 0xbad, Match.Builder().Ipv4Src("10.0.0.1").BuildUnchecked(), ActionList.Drop);
        FlowEntry changed = desired.Flows.Flows[0] with { Actions = ActionList.Drop };

        SyncOutcome outcome = await sync.ApplyAsync(FlowSet.Of([changed, .. desired.Flows.Flows.Skip(2), bad]), CancellationToken.None).WaitAsync(AgentRunner.Bound);

        Assert.False(outcome.Committed);
        Assert.Equal(bad, outcome.FailedFlowMod!.ToFlowEntry());
        Assert.Equal("OFPBMC_BAD_PREREQ", outcome.Bundle!.Error!.Name);
        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(await DumpAsync()));
    }

    [Fact]
    public async Task ARestartedAgentKeepsTheFlowsAndWithNoViewSourceReinstallsFromTheCache()
    {
        var (agent, desired) = await StartHv1Async();
        await AgentRunner.EventuallyAsync(() => new global::Overlay.Agent.View.ViewCache(Path.Combine(_dir.FullName, "cache")).Load() is { Ok: true } c
            && c.Document!.Bindings.Count(b => b.OfPort is not null) == 2 && c.Document.Remotes.All(r => r.TunnelOfPort is not null), "the cached view with OpenFlow numbers");
        await agent.DisposeAsync();
        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(await DumpAsync()));

        await using (AgentRunner again = await StartAgentAsync())
        {
            await SettledAsync(again);
            Assert.Empty(again.Log.WithId(403)); // Nothing to change: nothing deleted, nothing re-added.
            Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(await DumpAsync()));
        }

        File.Delete(Path.Combine(_dir.FullName, "view.json"));
        _ovs.Ofctl("del-flows");
        await using AgentRunner fromCache = await StartAgentAsync();
        await SettledAsync(fromCache);

        Assert.Single(fromCache.Log.WithId(102));
        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(await DumpAsync()));
    }

    [Fact]
    public async Task AfterOvsVswitchdRestartsTheFlowsAndTlvMapComeBack()
    {
        var (agent, desired) = await StartHv1Async();
        await using (agent)
        {
            long sessions = agent.State.Switch.Value.Sessions;
            int commits = agent.Log.WithId(403).Count();
            _ovs.RestartVswitchd();
            await agent.WaitAsync(agent.State.Switch, s => s.Sessions > sessions && s.Connected);
            await agent.Log.WaitForAsync(403, _ => agent.Log.WithId(403).Count() > commits);
            Assert.Contains($"0 deletes, 0 modifies, {desired.Flows.Count} adds", agent.Log.WithId(403).Last().Message, StringComparison.Ordinal);

            DesiredState now = agent.State.Desired.Value!;
            Assert.Equal(Flows.Sorted(now.Flows), Flows.Sorted(await DumpAsync()));
            Assert.Equal(desired.Flows.Count, now.Flows.Count);
            Assert.Contains("tun_metadata0", _ovs.Ofctl("dump-tlv-map"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TunnelPortsFollowTheRemoteChassis()
    {
        var (agent, first) = await StartHv1Async();
        await using (agent)
        {
            Assert.Equal(["ovn-hv2-0", "ovn-hv3-0", "vif1", "vif2"], _ovs.Vsctl("list-ports", "br-int").Split('\n'));

            AgentRunner.WriteView(_dir.FullName, Networks.View(withHv3: false, p1: null, p2: null));
            await agent.Log.WaitForAsync(305);
            DesiredState second = await SettledAsync(agent);

            Assert.Equal(["ovn-hv2-0", "vif1", "vif2"], _ovs.Vsctl("list-ports", "br-int").Split('\n'));
            Assert.Equal(Flows.Sorted(second.Flows), Flows.Sorted(await DumpAsync()));
            // The port went only after flows that no longer use it were installed.
            List<LogLine> log = [.. agent.Log.Lines];
            int viewChanged = log.FindLastIndex(l => l.EventId == 100);
            int removed = log.FindIndex(l => l.EventId == 305);
            Assert.Contains(log.Skip(viewChanged).Take(removed - viewChanged), l => l.EventId == 403);
            Assert.True(second.Flows.Count < first.Flows.Count);
        }
    }

    [Fact]
    public async Task AFlowOvsRefusesFromTheViewIsReportedAndTheRestInstalled()
    {
        // Without OVSDB the view's ofports are used; 65280 (0xff00) is outside OpenFlow 1.5's port range.
        _ovs.Vsctl("add-br", OvsHost.Bridge, "--", "set", "bridge", OvsHost.Bridge, "datapath_type=netdev", "fail_mode=secure", "protocols=OpenFlow15");
        AgentRunner.WriteView(_dir.FullName, Networks.View(p2: 0xff00) with { Remotes = [new("hv2", "192.168.0.2", 7)] });
        await using AgentRunner agent = await AgentRunner.StartAsync(_dir.FullName, _ovs.OpenFlow);

        DesiredState desired = await agent.DesiredAsync();
        await agent.InstalledAsync(desired.Generation);
        SwitchStatus status = agent.State.Switch.Value;

        Assert.NotEmpty(status.Rejected);
        // OVS names the field or action: in_port=65280 is OFPBMC_BAD_VALUE, output:65280 OFPBAC_BAD_OUT_PORT.
        Assert.All(status.Rejected, r => Assert.Contains("65280", r.Flow.ToString(), StringComparison.Ordinal));
        Assert.Contains(status.Rejected, r => r.Error.StartsWith("OFPBAC_BAD_OUT_PORT", StringComparison.Ordinal));
        Assert.Contains(status.Rejected, r => r.Error.StartsWith("OFPBMC_BAD_VALUE", StringComparison.Ordinal));
        LogLine line = agent.Log.WithId(404).First(l => l.Message.Contains("output:65280", StringComparison.Ordinal));
        Assert.Contains("OFPBAC_BAD_OUT_PORT", line.Message, StringComparison.Ordinal);
        Assert.Matches("cookie 0x[0-9a-f]+\\) from ", line.Message);
        Assert.Equal(Flows.Sorted(desired.Flows.Where(f => !status.Rejected.Any(r => r.Flow == f))), Flows.Sorted(await DumpAsync()));
    }
}
