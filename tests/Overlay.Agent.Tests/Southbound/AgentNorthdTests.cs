using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Overlay.Agent.Ovs;
using Overlay.Agent.State;
using Overlay.Agent.Tests.Support;
using Overlay.Agent.Translator;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Logical;
using Overlay.Northd;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.Southbound;

/// <summary>
/// The agent against a real overlay-northd in-process (its own data directory, 127.0.0.1) and the in-process
/// OpenFlow switch: NB changes reach br-int and <c>Wait(WAIT_HV)</c> returns once the agent reports them installed.
/// OVSDB is replaced by publishing hv1's VIFs into the agent's state.
/// </summary>
public sealed class AgentNorthdTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ovlag-northd-");
    private FakeSwitch _switch = null!;
    private NorthdServer _northd = null!;
    private GrpcChannel _channel = null!;
    private NorthboundClient _nb = null!;

    public async Task InitializeAsync()
    {
        _switch = new FakeSwitch();
        await StartNorthdAsync("127.0.0.1:0");
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _northd.DisposeAsync();
        await _switch.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private async Task StartNorthdAsync(string listen)
    {
        _northd = await NorthdServer.StartAsync(new NorthdOptions
        {
            Listen = listen,
            DataDir = Path.Combine(_dir.FullName, "northd"),
            LogLevel = LogLevel.Warning,
        });
        _channel = new GrpcChannel(_northd.Address);
        _nb = new NorthboundClient(_channel);
    }

    private static LocalOvsState Ovs(params (string Port, uint OfPort)[] vifs) => new(
        true,
        new ChassisIdentity("hv1", "192.168.0.1"),
        ImmutableSortedDictionary.CreateRange<string, uint?>(StringComparer.Ordinal, vifs.Select(v => new KeyValuePair<string, uint?>(v.Port, v.OfPort))),
        ImmutableSortedDictionary.Create<string, uint?>(StringComparer.Ordinal));

    private Task<AgentRunner> StartAgentAsync(FakeSwitch sw, LocalOvsState ovs, Uri northd) =>
        AgentRunner.StartAsync(_dir.FullName, sw.Target, configure: o =>
        {
            o.ViewFile = null;
            o.Northd = northd.ToString();
            o.BindingReportDelay = TimeSpan.FromMilliseconds(50);
        }, beforeStart: services => services.GetRequiredService<AgentState>().Ovs.Set(ovs));

    /// <summary>Runs nbctl command lines (words split on spaces; a word may not contain one) and waits for every chassis.</summary>
    private async Task<long> NbAsync(params string[][] commands) =>
        (await _nb.TransactAsync(NbRequests.WaitHv(commands), Deadline)).Revision;

    private async Task WaitHvAsync(long revision) =>
        await _nb.WaitAsync(new WaitRequest { Revision = revision, Wait = WaitFor.WaitHv }, Deadline);

    /// <summary>The oracle: a fresh full translation of northd's whole southbound state for hv1.</summary>
    private async Task<string[]> ExpectedAsync(params (string Port, uint OfPort)[] vifs)
    {
        SouthboundState sb = await _nb.GetSouthboundAsync(new GetSouthboundRequest(), Deadline);
        var network = new LogicalNetwork(
            sb.Revision,
            [.. sb.Datapaths.Select(SbConvert.FromProto)],
            [.. sb.PortBindings.Select(p => SbConvert.FromProto(p))],
            [.. sb.MulticastGroups.Select(SbConvert.FromProto)],
            [.. sb.AddressSets.Select(SbConvert.FromProto)],
            [.. sb.PortGroups.Select(SbConvert.FromProto)],
            [.. sb.LogicalFlows.Select(SbConvert.FromProto)]);
        var ofports = vifs.ToDictionary(v => v.Port, v => v.OfPort);
        var bindings = sb.PortBindings.Where(p => p.Chassis.Length > 0)
            .Select(p => (p.Name, p.Chassis, ofports.TryGetValue(p.Name, out uint n) ? n : (uint?)null));
        var remotes = sb.Chassis.Where(c => c.Name != "hv1").Select(c => new RemoteChassis(c.Name, c.EncapIp));
        HostView view = HostView.Create("hv1", "192.168.0.1", remotes, network, bindings);
        return Flows.Sorted(Translator.Translator.Translate(view).Flows.Select(f => f.Flow));
    }

    [Fact]
    public async Task NbChangesReachTheBridgeAndWaitHvReturnsOnceInstalled()
    {
        await NbAsync(["ls-add", "sw0"], ["lsp-add", "sw0", "p1"], ["lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.1"],
            ["lsp-add", "sw0", "p2"], ["lsp-set-addresses", "p2", "50:54:00:00:00:02 10.0.0.2"]);
        await using AgentRunner agent = await StartAgentAsync(_switch, Ovs(("p1", 1)), _northd.Address);
        await agent.WaitAsync(agent.State.Southbound, s => s.ReportedInstalled > 0);
        string[] first = await ExpectedAsync(("p1", 1));
        Assert.Equal(first, Flows.Sorted(_switch.Flows));
        Assert.Contains(_switch.Flows, f => f.Table == 0 && f.Match.ToString() == "in_port=1");

        // An ACL: Transact with WAIT_HV returns only once hv1 has it on the bridge.
        long revision = await NbAsync(["acl-add", "sw0", "from-lport", "1000", "ip4 && tcp.dst == 22", "drop"]);
        // (The report's reply may reach the agent just after northd let the wait go.)
        await agent.WaitAsync(agent.State.Southbound, s => s.ReportedInstalled >= revision);
        string[] withAcl = await ExpectedAsync(("p1", 1));
        Assert.NotEqual(first, withAcl);
        Assert.Equal(withAcl, Flows.Sorted(_switch.Flows));

        // A change elsewhere (a switch with no port here) moves the revision only; WAIT_HV still returns.
        revision = await NbAsync(["ls-add", "sw1"], ["lsp-add", "sw1", "p4"], ["lsp-set-addresses", "p4", "50:54:00:00:00:04 10.0.1.4"]);
        Assert.Equal(withAcl, Flows.Sorted(_switch.Flows));

        // p4's VIF appears here: the agent reports it, northd binds it and sends sw1, whose flows appear.
        agent.State.Ovs.Set(Ovs(("p1", 1), ("p4", 4)));
        await agent.WaitAsync(agent.State.Switch, s => s.InstalledRevision > revision);
        await agent.WaitAsync(agent.State.Southbound, s => s.ReportedInstalled > revision);
        Assert.Equal(await ExpectedAsync(("p1", 1), ("p4", 4)), Flows.Sorted(_switch.Flows));
        Assert.Contains(_switch.Flows, f => f.Table == 0 && f.Match.ToString() == "in_port=4");
        await agent.Log.WaitForAsync(115);
    }

    [Fact]
    public async Task NorthdDownKeepsTheFlowsARestartedAgentReinstallsFromCacheAndResumesWhenNorthdIsBack()
    {
        await NbAsync(["ls-add", "sw0"], ["lsp-add", "sw0", "p1"], ["lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.1"]);
        Uri address = _northd.Address;
        string[] expected;
        await using (AgentRunner agent = await StartAgentAsync(_switch, Ovs(("p1", 1)), address))
        {
            await agent.WaitAsync(agent.State.Southbound, s => s.ReportedInstalled > 0); // hv1 is known to northd.
            long r = await NbAsync(["acl-add", "sw0", "to-lport", "1000", "ip4 && tcp.dst == 80", "drop"]);
            expected = await ExpectedAsync(("p1", 1));
            Assert.Equal(expected, Flows.Sorted(_switch.Flows));

            // northd stops: nothing on the bridge changes.
            _channel.Dispose();
            await _northd.StopAsync();
            await _northd.DisposeAsync();
            await agent.WaitAsync(agent.State.Southbound, s => !s.Connected);
            Assert.Equal(expected, Flows.Sorted(_switch.Flows));
            Assert.True(agent.State.Southbound.Value.Revision >= r);
        }

        // The agent restarts while northd is down, on a switch that lost its flows: the cache goes in at once.
        await using var fresh = new FakeSwitch();
        await using AgentRunner restarted = await StartAgentAsync(fresh, Ovs(("p1", 1)), address);
        DesiredState fromCache = await restarted.DesiredAsync();
        await restarted.InstalledAsync(fromCache.Generation);
        Assert.Equal(expected, Flows.Sorted(fresh.Flows));
        await restarted.Log.WaitForAsync(102);

        // northd is back on the same address and data: the agent resubscribes and follows new changes.
        await StartNorthdAsync($"127.0.0.1:{address.Port}");
        long next = await NbAsync(["acl-add", "sw0", "to-lport", "1001", "ip4 && tcp.dst == 443", "drop"]);
        Assert.Equal(await ExpectedAsync(("p1", 1)), Flows.Sorted(fresh.Flows));
        await restarted.WaitAsync(restarted.State.Southbound, s => s.ReportedInstalled >= next);
        Assert.NotEqual(expected, Flows.Sorted(fresh.Flows));
    }

    [Fact]
    public async Task AfterANorthdRestartTheAgentReportsItsInstalledRevisionAgainSoWaitHvReturnsWithoutANewChange()
    {
        long revision = await NbAsync(["ls-add", "sw0"], ["lsp-add", "sw0", "p1"], ["lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.1"]);
        await using AgentRunner agent = await StartAgentAsync(_switch, Ovs(("p1", 1)), _northd.Address);
        await agent.WaitAsync(agent.State.Southbound, s => s.ReportedInstalled >= revision);

        // northd restarts on the same address and data: installed revisions lived only in its memory.
        Uri address = _northd.Address;
        _channel.Dispose();
        await _northd.StopAsync();
        await _northd.DisposeAsync();
        await agent.WaitAsync(agent.State.Southbound, s => !s.Connected);
        await StartNorthdAsync($"127.0.0.1:{address.Port}");

        // No NB change: WAIT_HV on the current revision returns once hv1 has told the new northd again.
        await WaitHvAsync(_northd.Revision);
    }

    [Fact]
    public async Task TheAgentReportsItsOpenFlowPortNumbersSoNorthdCanShowTheHostsFlows()
    {
        long revision = await NbAsync(["ls-add", "sw0"], ["lsp-add", "sw0", "p1"], ["lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.1"]);
        await using AgentRunner agent = await StartAgentAsync(_switch, Ovs(("p1", 7)), _northd.Address);
        await agent.WaitAsync(agent.State.Southbound, s => s.ReportedInstalled >= revision);
        SouthboundState sb = await _nb.GetSouthboundAsync(new GetSouthboundRequest(), Deadline);
        ChassisStatus hv1 = Assert.Single(sb.ChassisStatus, c => c.Name == "hv1");
        Assert.Equal(7u, hv1.VifOfports["p1"]);

        // The VIF gets another OpenFlow port: the agent tells northd again.
        agent.State.Ovs.Set(Ovs(("p1", 9)));
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            sb = await _nb.GetSouthboundAsync(new GetSouthboundRequest(), Deadline);
            if (sb.ChassisStatus.Single(c => c.Name == "hv1").VifOfports.GetValueOrDefault("p1") == 9u) break;
            await Task.Delay(50, cts.Token);
        }
    }
}
