using System.Diagnostics.Metrics;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.Services;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Agent.Tests.Support;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.Switch;

/// <summary>The whole agent (no OVSDB) against an in-process switch speaking OpenFlow.</summary>
public sealed class AgentFakeSwitchTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ovlag-");
    private FakeSwitch _switch = null!;

    public Task InitializeAsync()
    {
        _switch = new FakeSwitch();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _switch.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private Task<AgentRunner> StartAgentAsync(Action<Configuration.AgentOptions>? configure = null) =>
        AgentRunner.StartAsync(_dir.FullName, _switch.Target, configure: configure);

    private static int Count<T>(IEnumerable<OfpMessage> received, Func<T, bool>? filter = null) =>
        received.OfType<BundleAddMessage>().Select(a => a.Message).OfType<T>().Count(m => filter?.Invoke(m) ?? true);

    private async Task<DesiredState> InstalledAsync(AgentRunner agent, Func<DesiredState, bool>? condition = null)
    {
        DesiredState desired = await agent.DesiredAsync(condition);
        await agent.InstalledAsync(desired.Generation);
        return desired;
    }

    [Fact]
    public async Task TheViewsFlowsGoInOneBundleAfterTheGeneveOptionIsMapped()
    {
        var measured = new System.Collections.Concurrent.ConcurrentQueue<(string Name, double Value, string? Op)>();
        MeterListener? listener = null;
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        await using AgentRunner agent = await AgentRunner.StartAsync(_dir.FullName, _switch.Target,
            beforeStart: services => listener = AgentRunner.Listen(services, (n, v, op) => measured.Enqueue((n, v, op))));
        using MeterListener _ = listener!;

        DesiredState desired = await InstalledAsync(agent);
        listener!.RecordObservableInstruments();

        Assert.Equal(desired.Flows.Count, measured.Where(m => m.Name == "overlay.agent.flow_mods" && m.Op == "add").Sum(m => m.Value));
        Assert.Single(measured, m => m.Name == "overlay.agent.bundle.duration" && m.Value > 0);
        Assert.Equal(desired.Flows.Count, measured.Last(m => m.Name == "overlay.agent.flows.installed").Value);
        Assert.Equal(1, measured.Count(m => m.Name == "overlay.agent.openflow.connects"));

        Assert.True(desired.Flows.Count > 20, $"only {desired.Flows.Count} flows");
        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(_switch.Flows));
        Assert.Equal([SwitchService.GeneveOption], _switch.TlvMap);
        List<OfpMessage> received = _switch.TakeReceived();
        Assert.Single(received.OfType<BundleControl>(), b => b.ControlType == BundleControlType.CommitRequest);
        Assert.Equal(desired.Flows.Count, Count<FlowMod>(received, f => f.Command == FlowModCommand.Add));
        Assert.Equal(desired.Flows.Count, received.OfType<BundleAddMessage>().Count());
        // The cache is written right after the plan is published, alongside the install.
        await AgentRunner.EventuallyAsync(() => File.Exists(Path.Combine(_dir.FullName, "cache", "view.json")), "the view cache");
    }

    [Fact]
    public async Task AViewChangeSendsOnlyTheDifference()
    {
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        await using AgentRunner agent = await StartAgentAsync();
        DesiredState first = await InstalledAsync(agent);
        _switch.TakeReceived();

        AgentRunner.WriteView(_dir.FullName, Networks.View(Networks.Switch(extra: [Networks.DropSsh])));
        DesiredState second = await InstalledAsync(agent, d => d.Generation > first.Generation);
        List<OfpMessage> added = _switch.TakeReceived();
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        DesiredState third = await InstalledAsync(agent, d => d.Generation > second.Generation);
        List<OfpMessage> removed = _switch.TakeReceived();

        FlowMod add = Assert.Single(added.OfType<BundleAddMessage>().Select(a => (FlowMod)a.Message));
        Assert.Equal(FlowModCommand.Add, add.Command);
        Assert.Equal(Networks.DropSsh.Id, add.Cookie);
        FlowMod delete = Assert.Single(removed.OfType<BundleAddMessage>().Select(a => (FlowMod)a.Message));
        Assert.Equal(FlowModCommand.DeleteStrict, delete.Command);
        Assert.Equal(add.Match, delete.Match);
        Assert.Equal(Flows.Sorted(third.Flows), Flows.Sorted(_switch.Flows));
    }

    [Fact]
    public async Task AViewFileThatDoesNotParseIsRefusedAndTheFlowsKept()
    {
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        await using AgentRunner agent = await StartAgentAsync();
        DesiredState first = await InstalledAsync(agent);

        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "view.json"), "{ \"format\": 1, \"chassis\": \"hv1\" ");
        LogLine refused = await agent.Log.WaitForAsync(101);
        AgentRunner.WriteView(_dir.FullName, Networks.View(Networks.Switch(extra: [Networks.DropSsh])));
        DesiredState second = await InstalledAsync(agent, d => d.Generation > first.Generation);

        Assert.Contains("not a view file", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first.Generation + 1, second.Generation);
        Assert.Equal(Flows.Sorted(second.Flows), Flows.Sorted(_switch.Flows));
    }

    [Fact]
    public async Task AfterASwitchRestartTheFlowsAndTheTlvMapComeBack()
    {
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        await using AgentRunner agent = await StartAgentAsync();
        DesiredState desired = await InstalledAsync(agent);

        _switch.Restart();
        await agent.WaitAsync(agent.State.Switch, s => s.Sessions >= 2);
        await agent.Log.WaitForAsync(403, l => l.Message.StartsWith($"Generation {desired.Generation} installed", StringComparison.Ordinal) && agent.Log.WithId(403).Count() >= 2);

        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(_switch.Flows));
        Assert.Equal([SwitchService.GeneveOption], _switch.TlvMap);
        Assert.Contains(agent.Log.WithId(401), l => l.Message.Contains("reconnecting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMalformedFrameIsLoggedWithItsReasonAndTheAgentReconnectsWithoutResending()
    {
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        await using AgentRunner agent = await StartAgentAsync();
        DesiredState desired = await InstalledAsync(agent);
        _switch.TakeReceived();

        await _switch.SendGarbageAsync();
        LogLine lost = await agent.Log.WaitForAsync(401);
        await agent.Log.WaitForAsync(407, _ => agent.Log.WithId(407).Count() >= 2);

        Assert.Contains("malformed OpenFlow from the switch", lost.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count<FlowMod>(_switch.TakeReceived()));
        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(_switch.Flows));
        Assert.Equal(2, _switch.Connections);
    }

    [Fact]
    public async Task ARefusedFlowIsAttributedToItsCookieAndOriginAndTheRestIsInstalled()
    {
        // p2's VIF at the port the fake refuses: every flow delivering to p2 is bad.
        AgentRunner.WriteView(_dir.FullName, Networks.View(p2: FakeSwitch.RefusedPort));
        await using AgentRunner agent = await StartAgentAsync();

        DesiredState desired = await InstalledAsync(agent);
        SwitchStatus status = agent.State.Switch.Value;

        Assert.NotEmpty(status.Rejected);
        Assert.All(status.Rejected, r => Assert.Contains(r.Flow.Actions, a => a is OutputAction { Port: FakeSwitch.RefusedPort }));
        Assert.All(status.Rejected, r => Assert.Contains("OFPBAC_BAD_OUT_PORT", r.Error, StringComparison.Ordinal));
        Assert.Equal(Flows.Sorted(desired.Flows.Where(f => !status.Rejected.Any(r => r.Flow == f))), Flows.Sorted(_switch.Flows));
        RejectedFlow toP2 = Assert.Single(status.Rejected, r => r.Origin.Contains("port binding p2", StringComparison.Ordinal));
        LogLine line = Assert.Single(agent.Log.WithId(404), l => l.Message.Contains(toP2.Flow.ToString(), StringComparison.Ordinal));
        Assert.Contains($"(cookie 0x{toP2.Flow.Cookie:x}) from port binding p2", line.Message, StringComparison.Ordinal);
        Assert.Contains("OFPBAC_BAD_OUT_PORT", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARestartWithTheSameViewDeletesNothingAndSendsNothing()
    {
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        DesiredState desired;
        await using (AgentRunner first = await StartAgentAsync())
            desired = await InstalledAsync(first);
        _switch.TakeReceived();

        await using AgentRunner second = await StartAgentAsync();
        await InstalledAsync(second);

        List<OfpMessage> received = _switch.TakeReceived();
        Assert.Contains(received, m => m is FlowStatsRequest);
        Assert.DoesNotContain(received, m => m is BundleControl or BundleAddMessage or FlowMod);
        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(_switch.Flows));
    }

    [Fact]
    public async Task WithNoViewSourceARestartReinstallsFromTheCacheAtOnce()
    {
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        DesiredState desired;
        await using (AgentRunner first = await StartAgentAsync())
        {
            desired = await InstalledAsync(first);
            await AgentRunner.EventuallyAsync(() => File.Exists(Path.Combine(_dir.FullName, "cache", "view.json")), "the view cache");
        }

        File.Delete(Path.Combine(_dir.FullName, "view.json"));
        _switch.Restart(); // And the switch lost its flows meanwhile.

        await using AgentRunner second = await StartAgentAsync();
        await InstalledAsync(second);

        Assert.Single(second.Log.WithId(102));
        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(_switch.Flows));
    }

    [Fact]
    public async Task WithoutAnyViewTheSwitchIsNeverTouched()
    {
        await using AgentRunner agent = await StartAgentAsync();

        await agent.Log.WaitForAsync(103);

        Assert.Equal(0, _switch.Connections);
        Assert.Null(agent.State.Desired.Value);
    }

    [Fact]
    public async Task TheAuditRepairsDriftLogsItAndCountsIt()
    {
        long repairs = 0;
        MeterListener? listener = null;
        AgentRunner.WriteView(_dir.FullName, Networks.View());
        await using AgentRunner agent = await AgentRunner.StartAsync(_dir.FullName, _switch.Target, configure: o => o.AuditInterval = TimeSpan.FromMilliseconds(300),
            beforeStart: services => listener = AgentRunner.Listen(services, (n, v, _) =>
            {
                if (n == "overlay.agent.drift.repairs")
                    Interlocked.Add(ref repairs, (long)v);
            }));
        using MeterListener _ = listener!;
        DesiredState desired = await InstalledAsync(agent);

        FlowEntry gone = desired.Flows.Flows[3];
        FlowEntry changed = desired.Flows.Flows[5];
        _switch.Tamper(t =>
        {
            t.Remove(gone);
            t[t.IndexOf(changed)] = changed with { Actions = ActionList.Drop };
            t.Add(Flows.Make(77));
        });
        await agent.WaitAsync(agent.State.Switch, s => s.DriftRepairs >= 3);

        Assert.Equal(Flows.Sorted(desired.Flows), Flows.Sorted(_switch.Flows));
        Assert.Contains(agent.Log.WithId(500), l => l.Message.Contains(gone.ToString(), StringComparison.Ordinal));
        Assert.Contains(agent.Log.WithId(501), l => l.Message.Contains(Flows.Make(77).ToString(), StringComparison.Ordinal));
        Assert.Contains(agent.Log.WithId(502), l => l.Message.Contains(changed.ToString(), StringComparison.Ordinal));
        Assert.Equal(3, agent.State.Switch.Value.DriftRepairs);
        Assert.Equal(3, Interlocked.Read(ref repairs));
    }
}
