using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class ModelEqualityTests
{
    [Fact]
    public void Databases_built_separately_from_the_same_commands_are_equal_by_content()
    {
        var a = Ok(Base + "\nlsp-set-options sw0-port1 x=1");
        var b = Ok(Base + "\nlsp-set-options sw0-port1 x=1");
        Assert.NotSame(a.Switches, b.Switches);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Any_difference_makes_them_unequal()
    {
        var a = Ok(Base);
        Assert.NotEqual(a, Ok("lsp-set-options sw0-port1 x=1", a) with { Revision = a.Revision });
        Assert.NotEqual(a, Ok("lsp-set-enabled sw0-port1 disabled", a) with { Revision = a.Revision });
        Assert.NotEqual(a, Ok("lrp-del lr0-sw0 -- lsp-del sw0-lr0", a) with { Revision = a.Revision });
        Assert.NotEqual(a, a with { Revision = 7 });
    }

    [Fact]
    public void Sets_are_canonical_so_order_of_writing_does_not_matter()
    {
        var a = Ok("ls-add sw0\nlsp-add sw0 p1\nlsp-add sw0 p2\npg-add pg p2 p1\nlsp-set-addresses p1 unknown '50:54:00:00:00:01 10.0.0.3'\ncreate Address_Set name=s addresses=10.0.0.2,10.0.0.1");
        var b = Ok("ls-add sw0\nlsp-add sw0 p1\nlsp-add sw0 p2\npg-add pg p1 p2\nlsp-set-addresses p1 '50:54:00:00:00:01 10.0.0.3' unknown\ncreate Address_Set name=s addresses=10.0.0.1,10.0.0.2");
        Assert.Equal(a, b);
    }
}
