using Google.Protobuf;
using Overlay.Contracts.Sb;
using Overlay.Logical;
using L = Overlay.Logical;

namespace Overlay.Contracts.Tests;

public class SbConvertTests
{
    [Theory]
    [InlineData(L.DatapathKind.Switch, Sb.DatapathKind.Switch)]
    [InlineData(L.DatapathKind.Router, Sb.DatapathKind.Router)]
    public void Datapath_round_trips(L.DatapathKind kind, Sb.DatapathKind wire)
    {
        var datapath = new DatapathBinding(0xABCDEF, "sw0", kind);
        var proto = SbConvert.ToProto(datapath);
        Assert.Equal(new Datapath { Key = 0xABCDEF, Name = "sw0", Kind = wire }, proto);
        Assert.Equal(datapath, SbConvert.FromProto(Datapath.Parser.ParseFrom(proto.ToByteArray())));
    }

    [Fact]
    public void Unknown_datapath_kind_is_a_format_exception()
    {
        var e = Assert.Throws<FormatException>(() => SbConvert.FromProto(new Datapath { Key = 1, Name = "dp9", Kind = (Sb.DatapathKind)7 }));
        Assert.Contains("dp9", e.Message);
    }

    [Fact]
    public void Port_binding_round_trips_with_peer_and_chassis()
    {
        var patch = new L.PortBinding("lrp0-attachment", 3, 2, "patch", "lrp0", new ValueArray<string>(["router"]), ValueArray<string>.Empty);
        var proto = SbConvert.ToProto(patch, "hv1");
        Assert.Equal("lrp0", proto.Peer);
        Assert.Equal("hv1", proto.Chassis);
        var back = SbConvert.FromProto(Sb.PortBinding.Parser.ParseFrom(proto.ToByteArray()), out string? chassis);
        Assert.Equal(patch, back);
        Assert.Equal("hv1", chassis);
    }

    [Fact]
    public void Missing_peer_and_chassis_are_empty_on_the_wire_and_null_in_the_model()
    {
        var vif = new L.PortBinding("p1", 1, 5, "", null,
            new ValueArray<string>(["00:00:00:00:00:01 10.0.0.1", "unknown"]), new ValueArray<string>(["00:00:00:00:00:01 10.0.0.1"]));
        var proto = SbConvert.ToProto(vif);
        Assert.Equal("", proto.Peer);
        Assert.Equal("", proto.Chassis);
        Assert.Equal(["00:00:00:00:00:01 10.0.0.1", "unknown"], proto.Addresses);
        Assert.Equal(vif, SbConvert.FromProto(proto, out string? chassis));
        Assert.Null(chassis);
        Assert.Null(SbConvert.ChassisOf(proto));
        Assert.Null(SbConvert.FromProto(proto).Peer);
    }

    [Fact]
    public void Multicast_group_address_set_and_port_group_round_trip()
    {
        var group = new L.MulticastGroup(4, Keys.McFloodName, Keys.McFlood, new ValueArray<string>(["p1", "p2"]));
        Assert.Equal(group, SbConvert.FromProto(Sb.MulticastGroup.Parser.ParseFrom(SbConvert.ToProto(group).ToByteArray())));

        var set = new AddressSetBinding("as1", new ValueArray<string>(["10.0.0.1", "10.0.0.0/24"]));
        Assert.Equal(set, SbConvert.FromProto(AddressSet.Parser.ParseFrom(SbConvert.ToProto(set).ToByteArray())));

        var portGroup = new PortGroupBinding("pg1", new ValueArray<string>(["p1"]));
        Assert.Equal(portGroup, SbConvert.FromProto(PortGroup.Parser.ParseFrom(SbConvert.ToProto(portGroup).ToByteArray())));

        var empty = new PortGroupBinding("pg2", ValueArray<string>.Empty);
        Assert.Equal(empty, SbConvert.FromProto(SbConvert.ToProto(empty)));
    }

    [Fact]
    public void Every_stage_round_trips_a_logical_flow_by_name()
    {
        foreach (var stage in Stages.Declared)
        {
            var flow = L.LogicalFlow.Create(7, stage, 100, "inport == \"p1\" && ip4.dst == 10.0.0.5", "next;", "lsp p1");
            var proto = SbConvert.ToProto(flow);
            Assert.Equal(stage.Name, proto.Stage);
            Assert.Equal(flow.Id, proto.Id);
            var back = SbConvert.FromProto(Sb.LogicalFlow.Parser.ParseFrom(proto.ToByteArray()));
            Assert.Equal(flow, back);
            Assert.Same(stage, back.Stage);
        }
    }

    [Fact]
    public void Unknown_stage_is_a_format_exception_naming_it()
    {
        var proto = SbConvert.ToProto(L.LogicalFlow.Create(1, Stages.LsInAcl, 10, "1", "next;", "acl"));
        proto.Stage = "ls_in_nonexistent";
        var e = Assert.Throws<FormatException>(() => SbConvert.FromProto(proto));
        Assert.Contains("ls_in_nonexistent", e.Message);
    }

    [Fact]
    public void A_flow_whose_id_does_not_match_its_fields_is_a_format_exception()
    {
        var flow = L.LogicalFlow.Create(1, Stages.LsInL2Lkup, 50, "eth.dst == 00:00:00:00:00:01", "outport = \"p1\"; output;", "lsp p1");

        var wrongId = SbConvert.ToProto(flow);
        wrongId.Id ^= 1;
        var e = Assert.Throws<FormatException>(() => SbConvert.FromProto(wrongId));
        Assert.Contains(FlowId.Format(wrongId.Id), e.Message);
        Assert.Contains(FlowId.Format(flow.Id), e.Message);

        // A changed field with the old id is caught the same way; the source is not part of the id.
        var changedMatch = SbConvert.ToProto(flow);
        changedMatch.Priority = 51;
        Assert.Throws<FormatException>(() => SbConvert.FromProto(changedMatch));
        var changedSource = SbConvert.ToProto(flow);
        changedSource.Source = "someone else";
        Assert.Equal("someone else", SbConvert.FromProto(changedSource).Source);
    }
}
