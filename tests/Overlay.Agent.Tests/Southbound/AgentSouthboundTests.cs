using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Overlay.Agent.Configuration;
using Overlay.Agent.Ovs;
using Overlay.Agent.State;
using Overlay.Agent.Tests.Support;
using Overlay.Agent.Translator;
using Overlay.Agent.View;
using Overlay.Contracts.Sb;
using Overlay.Logical;
using Flows = Overlay.Agent.Tests.Support.Flows;
using DatapathKind = Overlay.Logical.DatapathKind;
using LogicalFlow = Overlay.Logical.LogicalFlow;
using PortBinding = Overlay.Logical.PortBinding;

namespace Overlay.Agent.Tests.Southbound;

/// <summary>
/// The whole agent with <c>--northd</c> against a fake Southbound server speaking the real gRPC wire and the
/// in-process OpenFlow switch. OVSDB is replaced by publishing this host's VIFs and tunnel ports into the agent's
/// state, as the OVSDB loop would.
/// </summary>
public sealed class AgentSouthboundTests : IAsyncLifetime
{
    private static readonly ImmutableSortedDictionary<string, uint?> Tunnels =
        ImmutableSortedDictionary.CreateRange<string, uint?>(StringComparer.Ordinal, [new("hv2", 100), new("hv3", 101)]);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ovlag-sb-");
    private FakeSwitch _switch = null!;
    private FakeSouthbound _northd = null!;

    public async Task InitializeAsync()
    {
        _switch = new FakeSwitch();
        _northd = await FakeSouthbound.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _northd.DisposeAsync();
        await _switch.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    /// <summary>What OVSDB would say on hv1: VIFs (iface-id → ofport) and the tunnel ports to hv2 and hv3.</summary>
    private static LocalOvsState Ovs(params (string Port, uint OfPort)[] vifs) => new(
        true,
        new ChassisIdentity("hv1", "192.168.0.1"),
        ImmutableSortedDictionary.CreateRange<string, uint?>(StringComparer.Ordinal, vifs.Select(v => new KeyValuePair<string, uint?>(v.Port, v.OfPort))),
        Tunnels);

    private static readonly (string, uint)[] P1P2 = [("p1", 1), ("p2", 2)];

    private Task<AgentRunner> StartAgentAsync(FakeSwitch? sw = null, LocalOvsState? ovs = null, Action<AgentOptions>? configure = null, Action<IServiceProvider>? beforeStart = null) =>
        AgentRunner.StartAsync(_dir.FullName, (sw ?? _switch).Target, configure: o =>
        {
            o.ViewFile = null;
            o.Northd = _northd.Address.ToString();
            o.BindingReportDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        }, beforeStart: services =>
        {
            services.GetRequiredService<AgentState>().Ovs.Set(ovs ?? Ovs(P1P2));
            beforeStart?.Invoke(services);
        });

    /// <summary>A fresh full translation of hv1's view of <paramref name="network"/>: the oracle.</summary>
    private static string[] Expected(LogicalNetwork network, IReadOnlyDictionary<string, string>? bound = null, params (string Port, uint OfPort)[] vifs)
    {
        bound ??= SbUpdates.Bound;
        vifs = vifs.Length == 0 ? P1P2 : vifs;
        var ofports = vifs.ToDictionary(v => v.Port, v => v.OfPort);
        var bindings = bound.Select(b => (b.Key, b.Value, ofports.TryGetValue(b.Key, out uint n) ? n : (uint?)null));
        var view = HostView.Create("hv1", "192.168.0.1", [new RemoteChassis("hv2", "192.168.0.2", 100), new RemoteChassis("hv3", "192.168.0.3", 101)], network, bindings);
        return Flows.Sorted(Translator.Translator.Translate(view).Flows.Select(f => f.Flow));
    }

    private async Task InstalledAsync(long revision, string[] expected)
    {
        await _northd.InstalledAsync(revision);
        Assert.Equal(expected, Flows.Sorted(_switch.Flows));
    }

    [Fact]
    public async Task TheAgentSubscribesInstallsWhatNorthdSendsAndReportsItInstalled()
    {
        var measured = new System.Collections.Concurrent.ConcurrentQueue<(string Name, double Value)>();
        MeterListener? listener = null;
        await using AgentRunner agent = await StartAgentAsync(beforeStart: services => listener = AgentRunner.Listen(services, (n, v, _) => measured.Enqueue((n, v))));
        using MeterListener _ = listener!;

        FakeSouthbound.Session session = await _northd.NextSessionAsync();
        Assert.Equal("hv1", session.Request.Chassis);
        Assert.Equal("192.168.0.1", session.Request.EncapIp);
        Assert.Equal(["p1", "p2"], session.Request.IfaceIds);
        Assert.Equal(0, session.Request.LastRevision);
        session.Send(SbUpdates.Full(3, Networks.Switch()));

        await InstalledAsync(3, Expected(Networks.Switch()));
        Assert.True(_switch.Flows.Length > 20);
        Assert.Equal("hv1", _northd.Installed.Value[^1].Chassis);
        Assert.Contains(measured, m => m.Name == "overlay.agent.southbound.updates");
        // Recorded when the report's reply is back, which may be just after the fake server saw the report.
        await AgentRunner.EventuallyAsync(() => measured.Any(m => m.Name == "overlay.agent.southbound.install_lag" && m.Value > 0), "the install lag measurement");
        string cache = Path.Combine(_dir.FullName, "cache", ViewCache.SouthboundFileName);
        await AgentRunner.EventuallyAsync(() => File.Exists(cache) && ViewJson.Read(File.ReadAllBytes(cache)).Document?.Network.Revision == 3, "the southbound cache at revision 3");
    }

    [Fact]
    public async Task DeltasAreTranslatedIncrementallyAndEndEqualToAFreshFullTranslation()
    {
        await using AgentRunner agent = await StartAgentAsync();
        FakeSouthbound.Session session = await _northd.NextSessionAsync();
        LogicalNetwork network = Networks.Switch();
        session.Send(SbUpdates.Full(1, network));
        await InstalledAsync(1, Expected(network));

        // A logical flow added.
        network = network with { Flows = network.Flows.Add(Networks.DropSsh) };
        session.Send(SbUpdates.Delta(2, added: [Networks.DropSsh]));
        await InstalledAsync(2, Expected(network));

        // One changed (by id: removed + added) and one removed, with an address set it starts using.
        LogicalFlow old = network.Flows.Single(f => f.Match == $"eth.dst == {Networks.Mac(2)}");
        LogicalFlow gone = network.Flows.Single(f => f.Match == $"eth.dst == {Networks.Mac(3)}");
        LogicalFlow acl = Networks.Flow(Stages.LsInAcl, 1001, "ip4.src == $web", "drop;");
        network = network with
        {
            AddressSets = [new AddressSetBinding("web", ValueArray.Create("10.0.0.7", "10.0.0.8"))],
            Flows = network.Flows.Remove(old).Remove(gone).Add(acl),
        };
        var delta = SbUpdates.Delta(3, added: [acl], removed: [old, gone]);
        delta.AddressSets.Add(new AddressSet { Name = "web", Addresses = { "10.0.0.7", "10.0.0.8" } });
        session.Send(delta);
        await InstalledAsync(3, Expected(network));

        // An update that changes nothing here is still reported installed.
        session.Send(SbUpdates.Delta(4));
        await InstalledAsync(4, Expected(network));

        // The address set alone changes: the flows that use it follow.
        network = network with { AddressSets = [new AddressSetBinding("web", ValueArray.Create("10.0.0.9"))] };
        var setOnly = SbUpdates.Delta(5);
        setOnly.AddressSets.Add(new AddressSet { Name = "web", Addresses = { "10.0.0.9" } });
        session.Send(setOnly);
        await InstalledAsync(5, Expected(network));

        Assert.True(agent.Log.WithId(207).Count() >= 3, "deltas after the first full update are translated incrementally:\n" + string.Join("\n", agent.Log.Lines));
        Assert.Equal(Flows.Sorted(agent.State.Desired.Value!.Flows), Flows.Sorted(_switch.Flows));
    }

    [Fact]
    public async Task AnEndedStreamIsResumedFromTheRevisionHeld()
    {
        await using AgentRunner agent = await StartAgentAsync();
        FakeSouthbound.Session first = await _northd.NextSessionAsync();
        first.Send(SbUpdates.Full(2, Networks.Switch()));
        await _northd.InstalledAsync(2);

        first.End();
        FakeSouthbound.Session second = await _northd.NextSessionAsync();
        Assert.Equal(2, second.Request.LastRevision);
        second.Send(SbUpdates.Delta(3, added: [Networks.DropSsh]));

        await InstalledAsync(3, Expected(Networks.Switch(extra: [Networks.DropSsh])));
        await agent.Log.WaitForAsync(113);
    }

    [Fact]
    public async Task ANorthdWhoseHistoryRestartedGetsInstalledReportsOnlyForWhatIsInstalled()
    {
        await using AgentRunner agent = await StartAgentAsync();
        FakeSouthbound.Session first = await _northd.NextSessionAsync();
        first.Send(SbUpdates.Full(10, Networks.Switch()));
        await InstalledAsync(10, Expected(Networks.Switch()));

        first.End();
        FakeSouthbound.Session second = await _northd.NextSessionAsync();
        Assert.Equal(10, second.Request.LastRevision);
        int reportsBefore = _northd.Installed.Value.Count;
        second.Send(SbUpdates.Full(2, Networks.Switch(extra: [Networks.DropSsh])));

        // Revision 2 is reported only once its flows are on the bridge (not on the strength of revision 10).
        using (var cts = new CancellationTokenSource(AgentRunner.Bound))
            await _northd.Installed.WaitUntilAsync(l => l.Count > reportsBefore, cts.Token);
        Assert.Equal(Expected(Networks.Switch(extra: [Networks.DropSsh])), Flows.Sorted(_switch.Flows));
        Assert.Equal([2], _northd.Installed.Value.Skip(reportsBefore).Select(r => r.Revision).ToArray());
    }

    [Fact]
    public async Task AMalformedUpdateDropsTheSubscriptionAndResyncsInFullWhileTheFlowsStay()
    {
        await using AgentRunner agent = await StartAgentAsync();
        FakeSouthbound.Session first = await _northd.NextSessionAsync();
        first.Send(SbUpdates.Full(1, Networks.Switch()));
        await InstalledAsync(1, Expected(Networks.Switch()));

        var bad = SbUpdates.Delta(2, added: [Networks.DropSsh]);
        bad.LogicalFlows.Add(new Overlay.Contracts.Sb.LogicalFlow { Id = 7, Datapath = 1, Stage = "ls_in_nonsense", Priority = 1, Match = "1", Actions = "next;" });
        first.Send(bad);

        FakeSouthbound.Session second = await _northd.NextSessionAsync();
        Assert.Equal(0, second.Request.LastRevision);
        await first.GoneAsync();
        Assert.Contains("ls_in_nonsense", (await agent.Log.WaitForAsync(112)).Message, StringComparison.Ordinal);
        Assert.Equal(Expected(Networks.Switch()), Flows.Sorted(_switch.Flows));
        Assert.Equal(1, agent.State.Southbound.Value.Resyncs);

        second.Send(SbUpdates.Full(2, Networks.Switch(extra: [Networks.DropSsh])));
        await InstalledAsync(2, Expected(Networks.Switch(extra: [Networks.DropSsh])));
    }

    [Fact]
    public async Task ARenamedChassisResubscribesUnderItsNewNameFromScratch()
    {
        await using AgentRunner agent = await StartAgentAsync();
        FakeSouthbound.Session first = await _northd.NextSessionAsync();
        first.Send(SbUpdates.Full(4, Networks.Switch()));
        await _northd.InstalledAsync(4);

        agent.State.Ovs.Set(Ovs(P1P2) with { Identity = new ChassisIdentity("hv9", "192.168.0.9") });

        FakeSouthbound.Session second = await _northd.NextSessionAsync();
        Assert.Equal("hv9", second.Request.Chassis);
        Assert.Equal("192.168.0.9", second.Request.EncapIp);
        Assert.Equal(0, second.Request.LastRevision);
        await first.GoneAsync();
    }

    [Fact]
    public async Task SilenceLongerThanTheHeartbeatTimeoutReconnects()
    {
        await using AgentRunner agent = await StartAgentAsync(configure: o => o.NorthdHeartbeatTimeout = TimeSpan.FromMilliseconds(700));
        FakeSouthbound.Session first = await _northd.NextSessionAsync();
        first.Send(SbUpdates.Full(1, Networks.Switch()));
        await _northd.InstalledAsync(1);

        FakeSouthbound.Session second = await _northd.NextSessionAsync();

        Assert.Equal(1, second.Request.LastRevision);
        await agent.Log.WaitForAsync(114);
        await first.GoneAsync();
    }

    [Fact]
    public async Task HeartbeatsKeepTheSubscriptionAndMoveTheRevision()
    {
        await using AgentRunner agent = await StartAgentAsync(configure: o => o.NorthdHeartbeatTimeout = TimeSpan.FromSeconds(2));
        FakeSouthbound.Session session = await _northd.NextSessionAsync();
        session.Send(SbUpdates.Full(1, Networks.Switch()));
        await _northd.InstalledAsync(1);

        for (int r = 2; r <= 6; r++)
        {
            session.Send(SbUpdates.Heartbeat(r));
            await _northd.InstalledAsync(r);
            await Task.Delay(500); // Heartbeats spaced below the timeout: the subscription must stay.
        }

        Assert.False(_northd.Sessions.Reader.TryRead(out _));
        Assert.Empty(agent.Log.WithId(114));
    }

    [Fact]
    public async Task WithNorthdDownARestartedAgentReinstallsFromItsCacheThenResumes()
    {
        await using (AgentRunner agent = await StartAgentAsync())
        {
            FakeSouthbound.Session session = await _northd.NextSessionAsync();
            session.Send(SbUpdates.Full(3, Networks.Switch()));
            await InstalledAsync(3, Expected(Networks.Switch()));
            await AgentRunner.EventuallyAsync(() => File.Exists(Path.Combine(_dir.FullName, "cache", ViewCache.SouthboundFileName)), "the southbound cache");
        }

        // northd goes away: the flows stay where they are.
        int port = _northd.Port;
        await _northd.DisposeAsync();
        Assert.Equal(Expected(Networks.Switch()), Flows.Sorted(_switch.Flows));

        // The agent restarts, against a switch that lost its flows too, while northd is still down.
        await using var fresh = new FakeSwitch();
        await using AgentRunner restarted = await StartAgentAsync(fresh);
        DesiredState desired = await restarted.DesiredAsync();
        await restarted.InstalledAsync(desired.Generation);
        Assert.Equal(Expected(Networks.Switch()), Flows.Sorted(fresh.Flows));
        await restarted.Log.WaitForAsync(102);
        await restarted.Log.WaitForAsync(113); // It keeps trying northd.

        // northd comes back: the agent resumes from the cached revision.
        _northd = await FakeSouthbound.StartAsync(port);
        FakeSouthbound.Session resumed = await _northd.NextSessionAsync();
        Assert.Equal(3, resumed.Request.LastRevision);
        resumed.Send(SbUpdates.Delta(4, added: [Networks.DropSsh]));
        await _northd.InstalledAsync(4);
        Assert.Equal(Expected(Networks.Switch(extra: [Networks.DropSsh])), Flows.Sorted(fresh.Flows));
    }

    [Fact]
    public async Task ANewVifIsReportedAndTheDatapathNorthdThenSendsGetsItsFlows()
    {
        await using AgentRunner agent = await StartAgentAsync();
        FakeSouthbound.Session session = await _northd.NextSessionAsync();
        session.Send(SbUpdates.Full(1, Networks.Switch()));
        await InstalledAsync(1, Expected(Networks.Switch()));

        // A VIF for p4 (on another switch, sw1) appears in OVSDB.
        agent.State.Ovs.Set(Ovs([.. P1P2, ("p4", 4)]));
        using (var cts = new CancellationTokenSource(AgentRunner.Bound))
            await _northd.Bindings.WaitUntilAsync(l => l.Any(r => r.IfaceIds.SequenceEqual(["p1", "p2", "p4"])), cts.Token);
        Assert.Single(_northd.Bindings.Value);
        Assert.Equal("hv1", _northd.Bindings.Value[0].Chassis);

        // northd answers with sw1, now relevant here.
        var sw1 = new DatapathBinding(2, "sw1", DatapathKind.Switch);
        var p4 = new PortBinding("p4", 2, 1, "", null, ValueArray.Create("50:54:00:00:00:04 10.0.1.4"), ValueArray<string>.Empty);
        LogicalFlow[] sw1Flows =
        [
            LogicalFlow.Create(2, Stages.LsInCheckPortSec, 0, "1", "next;", "test"),
            LogicalFlow.Create(2, Stages.LsInL2Lkup, 50, "eth.dst == 50:54:00:00:00:04", "outport = \"p4\"; output;", "test"),
        ];
        var delta = SbUpdates.Delta(2, added: sw1Flows);
        delta.Datapaths.Add(SbConvert.ToProto(sw1));
        delta.PortBindings.Add(SbConvert.ToProto(p4, "hv1"));
        session.Send(delta);

        LogicalNetwork base1 = Networks.Switch();
        LogicalNetwork network = base1 with { Datapaths = base1.Datapaths.Add(sw1), Ports = base1.Ports.Add(p4), Flows = base1.Flows.AddRange(sw1Flows) };
        var bound = new Dictionary<string, string>(SbUpdates.Bound) { ["p4"] = "hv1" };
        await InstalledAsync(2, Expected(network, bound, [.. P1P2, ("p4", 4)]));
        Assert.Contains(_switch.Flows, f => f.Match.ToString().Contains("metadata=0x2", StringComparison.Ordinal));
        Assert.Contains(_switch.Flows, f => f.Table == 0 && f.Match.ToString() == "in_port=4");
    }
}
