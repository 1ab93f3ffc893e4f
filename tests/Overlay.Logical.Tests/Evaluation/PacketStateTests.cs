using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Logical.Tests.Evaluation;

public class PacketStateTests
{
    private static readonly PacketState Empty = PacketState.Empty(SymbolTable.Default);

    [Fact]
    public void Registers_are_bit_ranges_of_their_storage()
    {
        var p = Empty.Set("reg0", 0xdeadbeef).Set("reg3", 7);
        Assert.Equal((UInt128)0xdeadbeef, p.Get(FieldRef.Range("xxreg0", 96, 127)));
        Assert.Equal(((UInt128)0xdeadbeef << 96) | 7, p.GetStorage("xxreg0"));
        Assert.Equal((UInt128)7, p.Get("reg3"));
    }

    [Fact]
    public void Subfield_ranges_read_and_write_only_their_bits()
    {
        var p = Empty.Set("xreg0", ulong.MaxValue).Set(FieldRef.Range("xreg0", 0, 47), 0x0000_0000_ff01);
        Assert.Equal((UInt128)0xffff_0000_0000_ff01, p.Get("xreg0"));
        // xreg0 is reg0:reg1, reg0 the high word.
        Assert.Equal((UInt128)0xffff, p.Get(FieldRef.Range("reg0", 16, 31)));
        Assert.Equal((UInt128)0xff01, p.Get("reg1"));
    }

    [Fact]
    public void Named_bits_share_the_flags_storage()
    {
        var p = Empty.Set("flags.loopback", 1).Set(FieldRef.Bit("flags", 3), 1);
        Assert.Equal((UInt128)0b1001, p.Get("flags"));
        Assert.Equal((UInt128)1, p.Get("flags.force_snat_for_lb"));
    }

    [Fact]
    public void Values_wider_than_the_field_are_truncated()
    {
        var p = Empty.Set("ip.ttl", 0x1ff);
        Assert.Equal((UInt128)0xff, p.Get("ip.ttl"));
        Assert.Equal((UInt128)0, p.Get("ip.proto"));
    }

    [Fact]
    public void Writes_return_new_states_and_leave_the_old_one_alone()
    {
        var a = Empty.Set("eth.src", 0x000000000001).WithInport("p1");
        var b = a.Set("eth.src", 0x000000000002).WithOutport("p2");
        Assert.Equal((UInt128)1, a.Get("eth.src"));
        Assert.Equal("", a.Outport);
        Assert.Equal((UInt128)2, b.Get("eth.src"));
        Assert.Equal(("p1", "p2"), (b.Inport, b.Outport));
    }

    [Fact]
    public void States_compare_by_content()
    {
        var a = Empty.Set("tcp.dst", 80).SetPort("inport", "p1");
        var b = Empty.SetPort("inport", "p1").Set("tcp.dst", 80);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b.Set("tcp.dst", 81));
        Assert.NotEqual(a, b.WithOutport("p2"));
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("ip4")]
    [InlineData("inport")]
    public void Non_numeric_fields_cannot_be_read(string name) =>
        Assert.Throws<ArgumentException>(() => Empty.Get(name));

    [Fact]
    public void Bit_ranges_beyond_the_field_are_refused() =>
        Assert.Throws<ArgumentException>(() => Empty.Get(FieldRef.Range("reg0", 30, 32)));

    [Fact]
    public void Only_port_fields_hold_names() =>
        Assert.Throws<ArgumentException>(() => Empty.SetPort("eth.src", "p1"));

    [Fact]
    public void ToString_lists_ports_and_non_zero_storages()
    {
        var p = Empty.WithInport("p1").Set("ip.ttl", 64);
        Assert.Equal("inport=\"p1\" outport=\"\" ip.ttl=0x40", p.ToString());
    }
}
