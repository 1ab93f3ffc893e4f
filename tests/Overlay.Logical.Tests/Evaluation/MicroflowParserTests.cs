using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Logical.Tests.Evaluation;

public class MicroflowParserTests
{
    private static PacketState Parse(string microflow) => MicroflowParser.Parse(microflow, SymbolTable.Default).Unwrap(microflow);

    private static SyntaxError Error(string microflow, IEvaluationContext? context = null)
    {
        var r = MicroflowParser.Parse(microflow, SymbolTable.Default, context);
        Assert.False(r.Ok, $"'{microflow}' should be refused");
        return r.Error!;
    }

    [Fact]
    public void Sets_every_field_and_infers_prerequisites()
    {
        var p = Parse("inport == \"p1\" && eth.src == 00:00:00:00:00:01 && eth.dst == 00:00:00:00:ff:01 && "
            + "ip4.src == 10.0.0.1 && ip4.dst == 10.0.1.4 && ip.ttl == 64 && tcp && tcp.dst == 80");
        Assert.Equal("p1", p.Inport);
        Assert.Equal("", p.Outport);
        Assert.Equal((UInt128)0x000000000001, p.Get("eth.src"));
        Assert.Equal((UInt128)0x00000000ff01, p.Get("eth.dst"));
        Assert.Equal((UInt128)0x800, p.Get("eth.type"));
        Assert.Equal((UInt128)6, p.Get("ip.proto"));
        Assert.Equal((UInt128)64, p.Get("ip.ttl"));
        Assert.Equal((UInt128)0x0a000104, p.Get("ip4.dst"));
        Assert.Equal((UInt128)80, p.Get("tcp.dst"));
        Assert.Equal((UInt128)0, p.Get("tcp.src"));
    }

    [Theory]
    [InlineData("ip4 && tcp.dst == 80", 0x800, 6)]
    [InlineData("tcp.dst == 80 && eth.type == 0x800", 0x800, 6)]
    [InlineData("ip6 && udp", 0x86dd, 17)]
    [InlineData("icmp4", 0x800, 1)]
    [InlineData("icmp4.type == 8", 0x800, 1)]
    [InlineData("ip4.src == 10.0.0.1 && tcp", 0x800, 6)]
    [InlineData("arp.op == 1", 0x806, 0)]
    [InlineData("arp && arp.tpa == 10.0.0.2", 0x806, 0)]
    [InlineData("nd_ns", 0x86dd, 58)]
    public void Prerequisites_fix_the_ethertype_and_protocol(string microflow, int ethType, int proto)
    {
        var p = Parse(microflow);
        Assert.Equal((UInt128)ethType, p.Get("eth.type"));
        Assert.Equal((UInt128)proto, p.Get("ip.proto"));
    }

    [Fact]
    public void Predicates_set_their_definition()
    {
        var p = Parse("nd_ns && nd.target == fe80::2");
        Assert.Equal((UInt128)135, p.Get("icmp6.type"));
        Assert.Equal((UInt128)255, p.Get("ip.ttl"));
        Assert.Equal(((UInt128)0xfe80 << 112) | 2, p.Get("nd.target"));
    }

    [Fact]
    public void Bits_masks_and_subfields_set_only_their_bits()
    {
        var p = Parse("reg0[3] == 1 && flags.loopback && vlan.present && vlan.vid == 5 && ip4 && ip4.dst == 10.0.0.0/8 && !ct.new && ct.trk");
        Assert.Equal((UInt128)8, p.Get("reg0"));
        Assert.Equal((UInt128)1, p.Get("flags"));
        Assert.Equal((UInt128)0x1005, p.Get("vlan.tci"));
        Assert.Equal((UInt128)0x0a000000, p.Get("ip4.dst"));
        Assert.Equal((UInt128)0x20, p.Get("ct_state"));
    }

    [Fact]
    public void Settled_choices_and_checks_are_accepted()
    {
        // ip needs ip4 || ip6: settled by eth.type; a set with one consistent member; a != on a fixed field.
        var p = Parse("ip4 && ip && tcp.dst == {80, 81} && tcp.dst == 80 && ip4.src == 1.2.3.4 && ip4.src != 5.6.7.8 && outport == \"p2\"");
        Assert.Equal((UInt128)80, p.Get("tcp.dst"));
        Assert.Equal("p2", p.Outport);
        Assert.Equal((UInt128)0x01020304, p.Get("ip4.src"));
    }

    [Fact]
    public void The_empty_conjunction_is_the_zero_packet() =>
        Assert.Equal(PacketState.Empty(SymbolTable.Default), Parse("1"));

    [Fact]
    public void Tcp_port_alone_is_ambiguous_between_ip4_and_ip6()
    {
        var e = Error("inport == \"p1\" && tcp.dst == 80");
        Assert.Equal(19, e.Column);
        Assert.Equal("tcp.dst", e.Token);
        Assert.StartsWith("Constraints are ambiguous", e.Message);
        Assert.Contains("(ip4 or ip6?)", e.Message);
    }

    [Theory]
    [InlineData("ip && tcp", 1, "ip")]
    [InlineData("udp", 1, "udp")]
    [InlineData("ip4 && tcp.dst > 80", 8, "tcp.dst")]
    [InlineData("ip4 && tcp.dst == {80, 81}", 8, "tcp.dst")]
    [InlineData("ip4 && ip.ttl != 0", 8, "ip.ttl")]
    [InlineData("ip4 && !tcp", 9, "tcp")]
    [InlineData("eth.src == 00:00:00:00:00:01 || eth.src == 00:00:00:00:00:02", 1, "eth.src")]
    public void Underdetermined_microflows_are_ambiguous(string microflow, int column, string token)
    {
        var e = Error(microflow);
        Assert.StartsWith("Constraints are ambiguous", e.Message);
        Assert.Equal((column, token), (e.Column, e.Token));
    }

    [Theory]
    [InlineData("ip4 && ip6", 8, "ip6")]
    [InlineData("ip4 && tcp.dst == 80 && tcp.dst == 81", 25, "tcp.dst")]
    [InlineData("arp && tcp", 8, "tcp")]
    [InlineData("inport == \"p1\" && inport == \"p2\"", 19, "inport")]
    [InlineData("ip4 && ip4.src == 1.2.3.4 && ip4.src != 1.2.3.4", 30, "ip4.src")]
    [InlineData("0", 1, "0")]
    public void Conflicting_microflows_are_contradictory(string microflow, int column, string token)
    {
        var e = Error(microflow);
        Assert.StartsWith("Constraints are contradictory", e.Message);
        Assert.Equal((column, token), (e.Column, e.Token));
    }

    [Theory]
    [InlineData("inport == \"p1\" && eth.src == 1.2.3", 30)]
    [InlineData("inport == \"p1\" && foo == 1", 19)]
    [InlineData("tcp.dst == 80 &&", 17)]
    public void Syntax_errors_keep_their_column(string microflow, int column) =>
        Assert.Equal(column, Error(microflow).Column);

    [Fact]
    public void Port_names_are_checked_against_the_context()
    {
        var context = new EvaluationContext(ports: ["p1"]);
        var e = Error("ip4 && inport == \"p9\"", context);
        Assert.Equal((18, "\"p9\""), (e.Column, e.Token));
        Assert.Contains("unknown logical port", e.Message);
        Assert.True(MicroflowParser.Parse("ip4 && inport == \"p1\"", SymbolTable.Default, context).Ok);
    }
}
