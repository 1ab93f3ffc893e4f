using Overlay.Agent.Translator.Tests.Support;

namespace Overlay.Agent.Translator.Tests.Behaviour;

/// <summary>
/// Northd sends logical flows sorted by datapath, and the translator then finds each relevant datapath's flows by
/// binary search; flows in any other order must give the same translation (found by a full pass instead).
/// </summary>
public class FlowOrderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Flows_in_any_order_translate_as_flows_sorted_by_datapath(int host)
    {
        var network = Networks.Compile(Networks.Router);
        Assert.True(network.Flows.Select(f => f.Datapath).SequenceEqual(network.Flows.Select(f => f.Datapath).Order()));
        var placement = new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["q1"] = 2 };
        var shuffled = network with { Flows = [.. network.Flows.OrderBy(f => f.Id % 7).ThenByDescending(f => f.Datapath)] };
        Assert.False(shuffled.Flows.Select(f => f.Datapath).SequenceEqual(shuffled.Flows.Select(f => f.Datapath).Order()));

        var expected = Translator.Translate(Hosts.View(network, host, 3, placement));
        var actual = Translator.Translate(Hosts.View(shuffled, host, 3, placement));

        Assert.Equal(expected.Flows.Select(f => f.Flow.ToString()), actual.Flows.Select(f => f.Flow.ToString()));
        Assert.True(expected.Flows.Select(f => f.Origins).SequenceEqual(actual.Flows.Select(f => f.Origins)));
        Assert.True(expected.Diagnostics.SequenceEqual(actual.Diagnostics));
        Assert.Equal(expected.Datapaths.ToArray(), actual.Datapaths.ToArray());
    }
}
