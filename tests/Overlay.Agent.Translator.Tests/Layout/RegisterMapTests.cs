using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Layout;

public class RegisterMapTests
{
    [Fact]
    public void The_register_map_has_no_overlaps()
    {
        var overlaps = RegisterMap.Overlaps(RegisterMap.All);
        Assert.True(overlaps.Count == 0, string.Join("; ", overlaps.Select(o => $"{o.A} overlaps {o.B}")));
    }

    [Fact]
    public void Overlaps_are_found_through_xreg_and_xxreg()
    {
        // reg2 is the third word of xxreg0; reg9 the low word of xreg4.
        var reg2 = new RegisterRange("scratch", OfFields.Reg(2), 4, 8, "test");
        var reg9 = new RegisterRange("scratch9", OfFields.Reg(9), 31, 1, "test");
        Assert.Single(RegisterMap.Overlaps([RegisterMap.Xxreg0, reg2]));
        Assert.Single(RegisterMap.Overlaps([RegisterMap.Xreg4, reg9]));
        Assert.Empty(RegisterMap.Overlaps([RegisterMap.Xxreg1, reg2]));
    }

    [Fact]
    public void Ports_flags_and_datapath_sit_where_ovn_puts_them()
    {
        Assert.Same(OfFields.Reg(14), RegisterMap.Inport.Field);
        Assert.Same(OfFields.Reg(15), RegisterMap.Outport.Field);
        Assert.Same(OfFields.Reg(10), RegisterMap.Flags.Field);
        Assert.Same(OfFields.Metadata, RegisterMap.Datapath.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void Logical_register_n_is_ovs_register_n(int n)
    {
        var sym = SymbolTable.Default.Find($"reg{n}")!;
        var storage = FieldMap.Find(sym.Storage)!;
        var seg = Assert.Single(storage.Segments);
        var (field, offset) = Registers.Narrow(seg.Field, seg.FieldOffset + sym.Offset, 32);
        Assert.Same(OfFields.Reg(n), field);
        Assert.Equal(0, offset);
    }

    [Fact]
    public void Every_logical_storage_has_a_place_or_a_reason()
    {
        foreach (var storage in SymbolTable.Default.Storages)
        {
            if (FieldMap.Unsupported.ContainsKey(storage.Name)) continue;
            var m = FieldMap.Find(storage.Name);
            Assert.True(m is not null, $"{storage.Name} is not mapped");
            Assert.Equal(storage.Width, m.Segments.Sum(s => s.Width));
            int at = 0;
            foreach (var s in m.Segments.OrderBy(s => s.StorageOffset))
            {
                Assert.Equal(at, s.StorageOffset);
                Assert.True(s.FieldOffset + s.Width <= s.Field.Bits, $"{storage.Name} overflows {s.Field.Name}");
                at += s.Width;
            }
        }
    }

    [Fact]
    public void No_two_storages_share_an_openflow_field()
    {
        var owners = FieldMap.All.SelectMany(m => m.Segments.SelectMany(s =>
            RegisterMap.Bits(new RegisterRange(m.Storage, s.Field, s.FieldOffset, s.Width, "")).Select(b => (Bit: b, m.Storage))));
        var clashes = owners.GroupBy(o => o.Bit).Where(g => g.Select(o => o.Storage).Distinct().Count() > 1).ToList();
        Assert.True(clashes.Count == 0, string.Join("; ", clashes.Take(3).Select(g => $"{g.Key}: {string.Join(",", g.Select(o => o.Storage).Distinct())}")));
    }
}
