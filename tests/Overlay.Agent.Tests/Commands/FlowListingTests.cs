using Overlay.Agent.Commands;
using Overlay.Agent.Tests.Support;
using Overlay.Agent.Translator;
using Overlay.Agent.View;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Tests.Commands;

public sealed class FlowListingTests
{
    [Fact]
    public void EachFlowIsFollowedByTheLogicalFlowItsCookieNames()
    {
        ViewDocument doc = Networks.View(Networks.Switch(extra: [Networks.DropSsh]));
        Translation t = Translator.Translator.Translate(HostViewComposer.Compose(doc, null, Agent.Ovs.LocalOvsState.NotLive).Composed!.View);
        FlowEntry acl = t.Flows.Single(f => f.Origins.Any(o => o is LogicalFlowOrigin l && l.Flow == Networks.DropSsh)).Flow;
        var stray = new FlowEntry(250, 1, 0xabc, OpenFlow.Fields.Match.Any, OpenFlow.Actions.ActionList.Drop);

        string text = FlowListing.Format([new FlowStats(stray, 1, 0, 0, 0), new FlowStats(acl, 2, 0, 3, 180)], t, annotate: true);

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($" cookie=0x{Networks.DropSsh.Id:x}, duration=2.000s, table={acl.Table}, n_packets=3, n_bytes=180, priority=1000,", lines[0], StringComparison.Ordinal);
        Assert.Equal($"    lflow {Networks.DropSsh.IdText} (ls_in_acl, priority 1000, match=(ip4 && tcp.dst == 22), actions=(drop;))", lines[1]);
        Assert.Equal("    table 250: cookie 0xabc is not in the view", lines[3]);
    }

    [Fact]
    public void WithoutAnnotateItIsTheDumpAlone()
    {
        var flow = new FlowEntry(0, 100, 0x1, OpenFlow.Fields.Match.Builder().InPort(1).Build(), OpenFlow.Actions.ActionList.Drop);

        Assert.Equal(" cookie=0x1, duration=0.000s, table=0, n_packets=0, n_bytes=0, priority=100,in_port=1 actions=drop\n",
            FlowListing.Format([new FlowStats(flow, 0, 0, 0, 0)], null, annotate: false));
    }
}
