using System.Collections.Immutable;

namespace Overlay.Logical.Tests.Language;

/// <summary>A network knows whether its logical flows come in datapath order, whichever way its flows were set.</summary>
public class LogicalNetworkTests
{
    private static LogicalFlow Flow(uint datapath, ulong id) =>
        new(datapath, Stages.Named("ls_in_acl"), 0, "1", "next;", id, "test");

    private static LogicalNetwork Network(params LogicalFlow[] flows) => new(1, [], [], [], [], [], [.. flows]);

    [Fact]
    public void Flows_in_ascending_datapath_order_are_known_as_such()
    {
        Assert.True(Network(Flow(1, 1), Flow(1, 2), Flow(2, 3), Flow(7, 4), Flow(7, 5)).FlowsByDatapath);
        Assert.True(Network().FlowsByDatapath);
        Assert.True(Network(Flow(3, 1)).FlowsByDatapath);
    }

    [Fact]
    public void One_flow_out_of_place_anywhere_is_found()
    {
        Assert.False(Network(Flow(2, 1), Flow(1, 2)).FlowsByDatapath);
        Assert.False(Network(Flow(1, 1), Flow(2, 2), Flow(2, 3), Flow(1, 4)).FlowsByDatapath);
        Assert.False(Network(Flow(1, 1), Flow(3, 2), Flow(2, 3), Flow(3, 4)).FlowsByDatapath);
    }

    [Fact]
    public void Setting_the_flows_of_a_copy_finds_their_order_again_and_other_changes_keep_it()
    {
        var sorted = Network(Flow(1, 1), Flow(2, 2));
        var unsorted = sorted with { Flows = [Flow(2, 2), Flow(1, 1)] };
        Assert.False(unsorted.FlowsByDatapath);
        Assert.True((unsorted with { Flows = ImmutableArray.Create(Flow(5, 9)) }).FlowsByDatapath);
        Assert.False((unsorted with { Revision = 2 }).FlowsByDatapath);
        Assert.True((sorted with { Revision = 2 }).FlowsByDatapath);
    }
}
