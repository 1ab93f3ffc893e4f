using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Layout;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Translator.Tests.Behaviour;

/// <summary>
/// Northd sends logical flows, ports and multicast groups sorted by datapath, and the translator then finds each
/// relevant datapath's flows by binary search and each datapath's ports as one run; any other order must give the
/// same translation (found by a full pass and lookups instead).
/// </summary>
public class FlowOrderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Flows_and_ports_in_any_order_translate_as_sorted_by_datapath(int host)
    {
        // sw9 stands apart, on host 3 only: the others must not translate its flows, wherever they are listed.
        var network = Networks.Compile(Networks.Router + """

            ls-add sw9
            lsp-add sw9 z1 -- lsp-set-addresses z1 "50:54:00:00:09:01 10.0.9.1"
            """);
        Assert.True(network.Flows.Select(f => f.Datapath).SequenceEqual(network.Flows.Select(f => f.Datapath).Order()));
        var placement = new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["q1"] = 2, ["z1"] = 3 };
        Assert.True(network.Ports.Select(p => p.Datapath).SequenceEqual(network.Ports.Select(p => p.Datapath).Order()));
        var shuffled = network with
        {
            Flows = [.. network.Flows.OrderBy(f => f.Id % 7).ThenByDescending(f => f.Datapath)],
            Ports = [.. network.Ports.OrderBy(p => p.Key).ThenByDescending(p => p.Datapath)],
            MulticastGroups = [.. network.MulticastGroups.OrderBy(g => g.Key).ThenByDescending(g => g.Datapath)],
        };
        Assert.False(shuffled.Flows.Select(f => f.Datapath).SequenceEqual(shuffled.Flows.Select(f => f.Datapath).Order()));
        Assert.False(shuffled.Ports.Select(p => p.Datapath).SequenceEqual(shuffled.Ports.Select(p => p.Datapath).Order()));

        var expected = Translator.Translate(Hosts.View(network, host, 3, placement));
        var actual = Translator.Translate(Hosts.View(shuffled, host, 3, placement));

        Assert.Equal(expected.Flows.Select(f => f.Flow.ToString()), actual.Flows.Select(f => f.Flow.ToString()));
        Assert.True(expected.Flows.Select(f => f.Origins).SequenceEqual(actual.Flows.Select(f => f.Origins)));
        Assert.True(expected.Diagnostics.SequenceEqual(actual.Diagnostics));
        Assert.Equal(expected.Datapaths.ToArray(), actual.Datapaths.ToArray());
        Assert.Equal(host == 3 ? 1 : 3, actual.Datapaths.Length);
    }

    [Fact]
    public void One_flow_listed_after_a_later_datapath_is_still_translated()
    {
        var network = Networks.Compile(Networks.Router + """

            ls-add sw9
            lsp-add sw9 z1 -- lsp-set-addresses z1 "50:54:00:00:09:01 10.0.9.1"
            """);
        uint far = network.Datapaths.Single(d => d.Name == "sw9").Key;
        Assert.Equal(far, network.Flows.Max(f => f.Datapath));
        Assert.True(network.FlowsByDatapath);
        var placement = new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["q1"] = 2, ["z1"] = 3 };
        var expected = Translator.Translate(Hosts.View(network, 1, 3, placement));

        // A flow that host 1 translates, moved behind sw9's: a binary search for its datapath would miss it.
        var moved = expected.Flows.SelectMany(f => f.Origins).OfType<LogicalFlowOrigin>().First().Flow;
        var flows = network.Flows.Remove(moved).Add(moved);
        var unsorted = network with { Flows = flows };
        Assert.False(unsorted.FlowsByDatapath);
        var actual = Translator.Translate(Hosts.View(unsorted, 1, 3, placement));

        Assert.Equal(expected.Flows.Select(f => f.Flow.ToString()), actual.Flows.Select(f => f.Flow.ToString()));
        Assert.True(expected.Flows.Select(f => f.Origins).SequenceEqual(actual.Flows.Select(f => f.Origins)));
    }

    [Theory]
    [InlineData(600)]
    [InlineData(40_000)] // past the size merged in two halves
    public void Datapath_runs_sorted_apart_then_merged_come_out_in_the_order_of_one_sort(int count)
    {
        // Few tables, priorities and cookies, so equal keys abound: those must keep the order of the runs, then of
        // the two lists of each run, then of each list.
        var random = new Random(11);
        var flows = Enumerable.Range(0, count)
            .Select(_ => new DesiredFlow(
                new FlowEntry((byte)random.Next(0, 70), (ushort)random.Next(0, 3), (ulong)random.Next(0, 4), Match.Any, ActionList.Drop),
                ValueArray.Create<FlowOrigin>(new PipelineOrigin(PhysicalPipeline.Tables[0]))))
            .ToArray();
        var runs = new List<FlowAssembler.SortedRun>();
        for (int at = 0; at < count;)
        {
            int size = Math.Min(count - at, random.Next(0, 2 * count / 20));
            int split = random.Next(0, size + 1);
            runs.Add(new FlowAssembler.SortedRun([.. flows[at..(at + split)]], [.. flows[(at + split)..(at + size)]]));
            at += size;
        }
        runs.Insert(runs.Count / 2, new FlowAssembler.SortedRun([], [])); // a datapath without flows

        var merged = FlowAssembler.Merge(runs);

        var expected = FlowAssembler.Order(flows);
        Assert.Equal(count, merged.Length);
        Assert.True(expected.SequenceEqual(merged, (IEqualityComparer<DesiredFlow>)ReferenceEqualityComparer.Instance));
    }
}
