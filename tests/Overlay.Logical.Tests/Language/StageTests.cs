using Overlay.Logical;

namespace Overlay.Logical.Tests.Language;

/// <summary>Stands in for OVN's BUILD_ASSERTs on the stage table.</summary>
public class StageTests
{
    [Fact]
    public void Tables_are_dense_and_start_at_zero_in_every_pipeline()
    {
        foreach (var group in Stages.Declared.GroupBy(s => (s.Kind, s.Pipeline)))
            Assert.Equal(Enumerable.Range(0, group.Count()), group.Select(s => s.Table));
    }

    [Fact]
    public void Names_are_unique_and_prefixed_by_kind_and_pipeline()
    {
        Assert.Equal(Stages.Declared.Length, Stages.Declared.Select(s => s.Name).Distinct().Count());
        foreach (var s in Stages.Declared)
        {
            var prefix = (s.Kind == DatapathKind.Switch ? "ls_" : "lr_") + (s.Pipeline == Pipeline.Ingress ? "in_" : "out_");
            Assert.StartsWith(prefix, s.Name);
        }
    }

    [Fact]
    public void Every_default_action_parses()
    {
        foreach (var s in Stages.Declared)
            Assert.True(LogicalSyntax.ParseActions(s.DefaultActions).Ok, s.Name);
    }

    [Fact]
    public void Switch_ingress_follows_ovn_order()
    {
        var names = Stages.Of(DatapathKind.Switch, Pipeline.Ingress).Select(s => s.Name).ToList();
        Assert.True(names.IndexOf("ls_in_check_port_sec") < names.IndexOf("ls_in_acl"));
        Assert.True(names.IndexOf("ls_in_acl") < names.IndexOf("ls_in_arp_rsp"));
        Assert.True(names.IndexOf("ls_in_arp_rsp") < names.IndexOf("ls_in_l2_lkup"));
    }

    [Fact]
    public void Symbol_subfields_fit_inside_their_storage()
    {
        var t = SymbolTable.Default;
        foreach (var s in t.Symbols.Where(s => s.Kind is SymbolKind.Field or SymbolKind.Subfield))
        {
            var storage = t.FindStorage(s.Storage);
            Assert.NotNull(storage);
            Assert.True(s.Offset + s.Width <= storage!.Width, s.Name);
        }
        foreach (var s in t.Symbols)
        {
            if (s.Prerequisite is not null) Assert.True(LogicalSyntax.ParseMatch(s.Prerequisite).Ok, s.Name);
            if (s.Expansion is not null) Assert.True(LogicalSyntax.ParseMatch(s.Expansion).Ok, s.Name);
        }
    }

    [Fact]
    public void Registers_nest_as_in_ovn()
    {
        var t = SymbolTable.Default;
        Assert.Equal(("xxreg0", 96), (t.Find("reg0")!.Storage, t.Find("reg0")!.Offset));
        Assert.Equal(("xxreg0", 0), (t.Find("reg3")!.Storage, t.Find("reg3")!.Offset));
        Assert.Equal(("xxreg1", 96), (t.Find("reg4")!.Storage, t.Find("reg4")!.Offset));
        Assert.Equal(("xxreg0", 64), (t.Find("xreg0")!.Storage, t.Find("xreg0")!.Offset));
    }
}
