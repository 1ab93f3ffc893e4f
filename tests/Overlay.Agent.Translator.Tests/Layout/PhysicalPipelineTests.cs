using Overlay.Agent.Translator.Layout;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Layout;

public class PhysicalPipelineTests
{
    [Fact]
    public void Table_numbers_are_those_of_ovn_23_03_1()
    {
        // ovs-ofctl dump-flows on OVN 23.03.1 (reference §6.1): these are what ofproto/trace readers expect.
        Assert.Equal(0, PhysicalPipeline.PhysicalToLogical.Id);
        Assert.Equal(8, PhysicalPipeline.IngressBase);
        Assert.Equal(39, PhysicalPipeline.RemoteOutput.Id);
        Assert.Equal(40, PhysicalPipeline.LocalOutput.Id);
        Assert.Equal(41, PhysicalPipeline.CheckLoopback.Id);
        Assert.Equal(42, PhysicalPipeline.EgressBase);
        Assert.Equal(64, PhysicalPipeline.SaveInport.Id);
        Assert.Equal(65, PhysicalPipeline.LogicalToPhysical.Id);
    }

    [Fact]
    public void Every_logical_stage_fits_its_reserved_tables()
    {
        // The BUILD_ASSERT: each stage gets a table inside its pipeline's room, none shared across pipelines.
        foreach (var stage in Stages.Declared)
        {
            byte table = PhysicalPipeline.TableOf(stage);
            var t = PhysicalPipeline.Find(table);
            Assert.NotNull(t);
            Assert.Equal(stage.Pipeline, t.Pipeline);
            Assert.Equal(stage, t.StageFor(stage.Kind));
        }
        foreach (var pipeline in Enum.GetValues<Pipeline>())
            foreach (var kind in Enum.GetValues<DatapathKind>())
                Assert.True(Stages.Count(kind, pipeline) <= PhysicalPipeline.Capacity(pipeline));
    }

    [Fact]
    public void Table_ids_are_unique_and_increasing_and_names_unique()
    {
        var ids = PhysicalPipeline.Tables.Select(t => (int)t.Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(PhysicalPipeline.Tables.Length, PhysicalPipeline.Tables.Select(t => t.Name).Distinct().Count());
        Assert.All(PhysicalPipeline.Tables, t => Assert.True(t.Name.Length <= 32, $"{t.Name} is too long for an OpenFlow table name"));
    }

    [Fact]
    public void Logical_tables_are_named_by_the_stage_of_the_datapath_kind()
    {
        Assert.Equal("ls_in_check_port_sec", PhysicalPipeline.NameOf(8, DatapathKind.Switch));
        Assert.Equal("lr_in_admission", PhysicalPipeline.NameOf(8, DatapathKind.Router));
        Assert.Equal("ls_out_acl", PhysicalPipeline.NameOf(42, DatapathKind.Switch));
        Assert.Equal("remote_output", PhysicalPipeline.NameOf(39));
        // On the switch a logical table carries both pipelines' stage names, as ovs-ofctl --names shows them.
        Assert.Equal("in_check_port_sec/admission", PhysicalPipeline.NameOf(8));
        Assert.Equal("out_acl/delivery", PhysicalPipeline.NameOf(42));
        Assert.Equal("ingress28", PhysicalPipeline.NameOf(36));
    }

    [Fact]
    public void Stages_past_the_reserved_room_have_no_table()
    {
        Assert.Null(PhysicalPipeline.TableOf(Pipeline.Ingress, PhysicalPipeline.Capacity(Pipeline.Ingress)));
        Assert.Equal((byte)36, PhysicalPipeline.TableOf(Pipeline.Ingress, PhysicalPipeline.Capacity(Pipeline.Ingress) - 1));
    }
}
