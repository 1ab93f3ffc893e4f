using System.Collections.Immutable;
using System.Text;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Northd.Compiler.Tests.Compile;

public sealed class LflowListFormatterTests
{
    [Fact]
    public void FlowLinesUseOvnSbctlPadding()
    {
        var sb = new StringBuilder();
        LflowListFormatter.AppendFlow(sb, LogicalFlow.Create(1, Stages.LsInCheckPortSec, 100, "eth.src[40]", "drop;", "t"), showId: false);
        // Verbatim from ovn-sbctl lflow-list (OVN 23.03.1): a stage name over 19 characters overflows.
        Assert.Equal("  table=0 (ls_in_check_port_sec), priority=100  , match=(eth.src[40]), action=(drop;)\n", sb.ToString());

        sb.Clear();
        var table25 = new Stage(DatapathKind.Switch, Pipeline.Ingress, 25, "ls_in_l2_lkup", "drop;");
        LflowListFormatter.AppendFlow(sb, LogicalFlow.Create(1, table25, 70, "eth.mcast", "outport = \"_MC_flood\"; output;", "t"), showId: false);
        Assert.Equal("  table=25(ls_in_l2_lkup      ), priority=70   , match=(eth.mcast), action=(outport = \"_MC_flood\"; output;)\n", sb.ToString());
    }

    [Fact]
    public void IdPrefixCarriesTheFullFlowId()
    {
        var flow = LogicalFlow.Create(1, Stages.LsInAcl, 0, "1", "next;", "t");
        var sb = new StringBuilder();
        LflowListFormatter.AppendFlow(sb, flow, showId: true);
        Assert.StartsWith($"  uuid=0x{flow.IdText}, table=2 (ls_in_acl          ), ", sb.ToString());
    }

    [Fact]
    public void HeadersNameDatapathAndPipelineAndDatapathsSortByName()
    {
        var network = NorthdCompiler.Compile(Topologies.TwoSwitchesOneRouter());
        var headers = LflowListFormatter.Format(network).Split('\n').Where(l => l.StartsWith("Datapath:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "Datapath: \"lr1\" (00000003-0000-0000-0000-000000000000)  Pipeline: ingress",
            "Datapath: \"lr1\" (00000003-0000-0000-0000-000000000000)  Pipeline: egress",
            "Datapath: \"ls1\" (00000001-0000-0000-0000-000000000000)  Pipeline: ingress",
            "Datapath: \"ls1\" (00000001-0000-0000-0000-000000000000)  Pipeline: egress",
            "Datapath: \"ls2\" (00000002-0000-0000-0000-000000000000)  Pipeline: ingress",
            "Datapath: \"ls2\" (00000002-0000-0000-0000-000000000000)  Pipeline: egress",
        ], headers);
    }

    [Theory]
    [InlineData("ls2")]
    [InlineData("2")]
    [InlineData("0x2")]
    [InlineData("00000002-0000-0000-0000-000000000000")]
    public void FilterAcceptsNameKeyOrId(string filter)
    {
        var text = LflowListFormatter.Format(NorthdCompiler.Compile(Topologies.TwoSwitchesOneRouter()), filter);
        Assert.StartsWith("Datapath: \"ls2\" ", text);
        Assert.DoesNotContain("\"ls1\"", text);
        Assert.DoesNotContain("\"lr1\"", text);
    }

    [Fact]
    public void UnknownFilterPrintsNothing() =>
        Assert.Equal("", LflowListFormatter.Format(NorthdCompiler.Compile(Topologies.TwoSwitchesOneRouter()), "nope"));

    [Fact]
    public void FlowsWithinADatapathSortByPipelineTablePriorityMatchActions()
    {
        var dp = new DatapathBinding(7, "sw", DatapathKind.Switch);
        LogicalFlow F(Stage s, int p, string m, string a) => LogicalFlow.Create(7, s, p, m, a, "t");
        var network = new LogicalNetwork(1, [dp], [], [], [], [],
        [
            F(Stages.LsOutAcl, 5, "b", "next;"), F(Stages.LsInAcl, 5, "b", "next;"), F(Stages.LsInAcl, 9, "z", "next;"),
            F(Stages.LsInCheckPortSec, 1, "a", "next;"), F(Stages.LsInAcl, 5, "a", "next;"), F(Stages.LsInAcl, 5, "a", "drop;"),
        ]);
        var lines = LflowListFormatter.Format(network).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim()).ToList();
        Assert.Equal(
        [
            "Datapath: \"sw\" (00000007-0000-0000-0000-000000000000)  Pipeline: ingress",
            "table=0 (ls_in_check_port_sec), priority=1    , match=(a), action=(next;)",
            "table=2 (ls_in_acl          ), priority=9    , match=(z), action=(next;)",
            "table=2 (ls_in_acl          ), priority=5    , match=(a), action=(drop;)",
            "table=2 (ls_in_acl          ), priority=5    , match=(a), action=(next;)",
            "table=2 (ls_in_acl          ), priority=5    , match=(b), action=(next;)",
            "Datapath: \"sw\" (00000007-0000-0000-0000-000000000000)  Pipeline: egress",
            "table=0 (ls_out_acl         ), priority=5    , match=(b), action=(next;)",
        ], lines);
    }
}
