using Microsoft.Extensions.Logging;
using Overlay.Agent.State;
using Overlay.Agent.Tests.Support;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.Northd;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Flows;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.Integration;

/// <summary>
/// The agent with <c>--northd</c> against a real overlay-northd (in-process, 127.0.0.1) and a real ovsdb-server +
/// ovs-vswitchd in their own namespace: VIFs added with ovs-vsctl are reported, northd binds them and sends their
/// switch, the flows land on the real bridge, and <c>--wait=hv</c> returns once they are there.
/// </summary>
public sealed class RealOvsNorthdTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly OvsHost _ovs = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ovlag-northd-ovs-");
    private NorthdServer _northd = null!;
    private GrpcChannel _channel = null!;
    private NorthboundClient _nb = null!;

    public async Task InitializeAsync()
    {
        _northd = await NorthdServer.StartAsync(new NorthdOptions { Listen = "127.0.0.1:0", DataDir = Path.Combine(_dir.FullName, "northd"), LogLevel = LogLevel.Warning });
        _channel = new GrpcChannel(_northd.Address);
        _nb = new NorthboundClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _northd.DisposeAsync();
        _ovs.Dispose();
        _dir.Delete(recursive: true);
    }

    private async Task<long> NbAsync(params string[][] commands) =>
        (await _nb.TransactAsync(NbRequests.WaitHv(commands), Deadline)).Revision;

    private async Task<uint> DatapathKeyAsync(string name) =>
        (await _nb.GetSouthboundAsync(new GetSouthboundRequest(), Deadline)).Datapaths.Single(d => d.Name == name).Key;

    private async Task<FlowEntry[]> DumpAsync()
    {
        await using OpenFlowConnection of = await OpenFlowConnection.ConnectAsync(_ovs.OpenFlow).WaitAsync(AgentRunner.Bound);
        return [.. (await of.DumpFlowsAsync().WaitAsync(AgentRunner.Bound)).Select(s => s.Flow)];
    }

    private static bool HasVif(DesiredState d, int ofport) => d.Flows.Any(f => f.Table == 0 && f.Match.ToString() == $"in_port={ofport}");

    [Fact]
    public async Task VifsAddedInOvsdbAreReportedAndTheirSwitchesFlowsReachTheRealBridge()
    {
        await NbAsync(["ls-add", "sw0"], ["lsp-add", "sw0", "p1"], ["lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.1"],
            ["ls-add", "sw1"], ["lsp-add", "sw1", "p2"], ["lsp-set-addresses", "p2", "50:54:00:00:00:02 10.0.1.2"]);
        uint sw0 = await DatapathKeyAsync("sw0");
        uint sw1 = await DatapathKeyAsync("sw1");
        _ovs.Vsctl("set", "Open_vSwitch", ".", "external_ids:overlay-chassis-id=hv1", "external_ids:overlay-encap-ip=192.168.0.1");
        await using AgentRunner agent = await AgentRunner.StartAsync(_dir.FullName, _ovs.OpenFlow, _ovs.Ovsdb, o =>
        {
            o.ViewFile = null;
            o.Northd = _northd.Address.ToString();
            o.BindingReportDelay = TimeSpan.FromMilliseconds(50);
        });
        await agent.Log.WaitForAsync(303); // br-int created.
        await agent.WaitAsync(agent.State.Southbound, s => s.Connected);

        // vif1 = p1 appears: reported, bound, sw0's flows installed.
        _ovs.Vsctl("add-port", OvsHost.Bridge, "vif1", "--", "set", "interface", "vif1", "type=internal", "ofport_request=1", "external_ids:iface-id=p1");
        DesiredState withP1 = await agent.DesiredAsync(d => d.Installable && HasVif(d, 1));
        await agent.InstalledAsync(withP1.Generation);
        Assert.Contains(sw0, withP1.Translation!.Datapaths);
        Assert.DoesNotContain(sw1, withP1.Translation.Datapaths);

        // An ACL with --wait=hv: back only once the real bridge has it.
        long acl = await NbAsync(["acl-add", "sw0", "from-lport", "1000", "ip4 && tcp.dst == 22", "drop"]);
        DesiredState afterAcl = agent.State.Desired.Value!;
        Assert.True(afterAcl.Revision >= acl, $"desired revision {afterAcl.Revision}, acl at {acl}");
        Assert.True(afterAcl.Flows.Count > withP1.Flows.Count, $"{withP1.Flows.Count} -> {afterAcl.Flows.Count}");
        Assert.Equal(Flows.Sorted(afterAcl.Flows), Flows.Sorted(await DumpAsync()));

        // vif2 = p2 on sw1 appears: sw1 becomes relevant here and its flows arrive.
        _ovs.Vsctl("add-port", OvsHost.Bridge, "vif2", "--", "set", "interface", "vif2", "type=internal", "ofport_request=2", "external_ids:iface-id=p2");
        DesiredState withP2 = await agent.DesiredAsync(d => d.Installable && HasVif(d, 2) && d.Translation!.Datapaths.Contains(sw1));
        await agent.InstalledAsync(withP2.Generation);
        await agent.Log.WaitForAsync(115, l => l.Message.Contains("p1, p2", StringComparison.Ordinal));
        long settled = await NbAsync(["ls-add", "sw-unrelated"]);
        await agent.WaitAsync(agent.State.Southbound, s => s.ReportedInstalled >= settled);
        Assert.Equal(Flows.Sorted(agent.State.Desired.Value!.Flows), Flows.Sorted(await DumpAsync()));
        Assert.Contains(await DumpAsync(), f => f.Table == 0 && f.Match.ToString() == "in_port=2");
    }
}
