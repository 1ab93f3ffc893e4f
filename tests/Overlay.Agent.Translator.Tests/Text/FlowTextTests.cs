using Overlay.Agent.Translator.Tests.Support;
using Overlay.Agent.Translator.Text;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Text;

public class FlowTextTests
{
    private static Translation Router() =>
        Translator.Translate(Hosts.View(Networks.Compile(Networks.Router), 1, 2, new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["q1"] = 1 }));

    [Fact]
    public void Add_flows_has_one_line_per_flow_with_table_priority_and_cookie()
    {
        var t = Router();
        var lines = FlowText.AddFlows(t.Flows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(t.Flows.Length, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^table=\d+,priority=\d+,cookie=0x[0-9a-f]+(,\S+)? actions=\S+$", l));
        Assert.Contains("table=0,priority=0,cookie=0x0 actions=drop", lines);
    }

    [Fact]
    public void Dump_flows_is_laid_out_like_ovs_ofctl()
    {
        var t = Router();
        var dump = FlowText.DumpFlows(t.Flows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // As ovs-ofctl --no-stats dump-flows prints them: no "table=0", no "cookie=0x0".
        Assert.Contains(" priority=0 actions=drop", dump);
        Assert.Contains(" table=39, priority=0 actions=resubmit(,40)", dump);
        Assert.Contains(dump, l => l.StartsWith(" cookie=0x", StringComparison.Ordinal) && l.Contains(", priority=100,in_port=1 actions=", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_and_annotations_show_where_each_flow_comes_from()
    {
        var t = Router();
        var l2 = t.Flows.First(f => f.Origin is LogicalFlowOrigin { Flow.Stage.Name: "ls_in_l2_lkup" } o && o.Flow.Priority == 50);
        var text = FlowText.DumpFlows([l2], names: true, annotate: true).Split('\n');
        Assert.StartsWith($" cookie=0x{l2.Flow.Cookie:x}, table=ls_in_l2_lkup, priority=50,", text[0]);
        var lflow = ((LogicalFlowOrigin)l2.Origin).Flow;
        Assert.Equal($"    # lflow {lflow.IdText} (ls_in_l2_lkup, priority 50, match=({lflow.Match}), actions=({lflow.Actions}))", text[1]);
        var router = t.Flows.First(f => f.Origin is LogicalFlowOrigin { Flow.Stage.Name: "lr_in_admission" });
        Assert.Contains("table=lr_in_admission,", FlowText.DumpLine(router, names: true));
        Assert.Contains("table=remote_output,", FlowText.DumpLine(t.Flows.First(f => f.Flow.Table == 39), names: true));
    }

    [Fact]
    public void Every_cookie_maps_back_to_its_origin()
    {
        var net = Networks.Compile(Networks.Router);
        var t = Router();
        foreach (var f in t.Flows)
        {
            Assert.Contains(f.Origin, t.Cookies[f.Flow.Cookie]);
            switch (f.Origin)
            {
                case LogicalFlowOrigin l:
                    Assert.Equal(l.Flow.Id, f.Flow.Cookie);
                    Assert.Contains(l.Flow, net.Flows);
                    break;
                case PortBindingOrigin p:
                    Assert.Contains(p.Port, net.Ports);
                    break;
                case MulticastGroupOrigin m:
                    Assert.Contains(m.Group, net.MulticastGroups);
                    break;
                case PipelineOrigin:
                    Assert.Equal(0UL, f.Flow.Cookie);
                    break;
            }
        }
        // Physical flows of one port binding share its cookie, across tables.
        var p1 = t.Flows.Where(f => f.Origin is PortBindingOrigin { Port.Name: "p1" }).ToList();
        Assert.Equal(5, p1.Count);
        Assert.Single(p1.Select(f => f.Flow.Cookie).Distinct());
    }
}
