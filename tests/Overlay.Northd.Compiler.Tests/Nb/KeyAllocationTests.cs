using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class KeyAllocationTests
{
    private static Dictionary<string, uint> DatapathKeys(NbDatabase db) =>
        db.Switches.Values.Select(s => (s.Name, s.TunnelKey)).Concat(db.Routers.Values.Select(r => (r.Name, r.TunnelKey)))
            .ToDictionary(x => x.Name, x => x.TunnelKey);

    [Fact]
    public void Switches_and_routers_share_one_datapath_key_space_in_creation_order()
    {
        var db = Ok("ls-add sw0\nlr-add lr0\nls-add sw1\nlr-add lr1");
        Assert.Equal(new Dictionary<string, uint> { ["sw0"] = 1, ["lr0"] = 2, ["sw1"] = 3, ["lr1"] = 4 }, DatapathKeys(db));
    }

    [Fact]
    public void The_same_script_gives_the_same_keys()
    {
        const string script = "ls-add b\nls-add a\nlr-add r\nlsp-add a z\nlsp-add a y\nls-del b\nls-add c";
        Assert.Equal(Ok(script), Ok(script));
        Assert.Equal(1u, Ok(script).Switches["c"].TunnelKey);
    }

    [Fact]
    public void A_deleted_datapath_key_is_reused_lowest_first()
    {
        var db = Ok("ls-add sw0\nls-add sw1\nlr-add lr0\nls-add sw2");
        db = Ok("lr-del lr0\nls-del sw0", db);
        db = Ok("ls-add a\nls-add b\nls-add c", db);
        Assert.Equal((1u, 3u, 5u), (db.Switches["a"].TunnelKey, db.Switches["b"].TunnelKey, db.Switches["c"].TunnelKey));
        Assert.Equal((2u, 4u), (db.Switches["sw1"].TunnelKey, db.Switches["sw2"].TunnelKey));
    }

    [Fact]
    public void Port_keys_are_per_datapath_and_reuse_the_lowest_free_key()
    {
        var db = Ok("""
            ls-add sw0
            ls-add sw1
            lr-add lr0
            lsp-add sw0 a
            lsp-add sw0 b
            lsp-add sw0 c
            lsp-add sw1 d
            lrp-add lr0 e 00:00:00:00:00:01 10.0.0.1/24
            """);
        Assert.Equal([1u, 2u, 3u], db.Switches["sw0"].Ports.Values.Select(p => p.TunnelKey));
        Assert.Equal(1u, Lsp(db, "sw1", "d").TunnelKey);
        Assert.Equal(1u, Lrp(db, "lr0", "e").TunnelKey);
        db = Ok("lsp-del a\nlsp-del b\nlsp-add sw0 x", db);
        Assert.Equal(1u, Lsp(db, "sw0", "x").TunnelKey);
        db = Ok("lsp-add sw0 y", db);
        Assert.Equal(2u, Lsp(db, "sw0", "y").TunnelKey);
    }

    [Fact]
    public void Keys_never_move_while_the_object_lives()
    {
        var db = Ok(Base);
        var before = (db.Switches["sw0"].TunnelKey, db.Routers["lr0"].TunnelKey, Lsp(db, "sw0", "sw0-port1").TunnelKey, Lsp(db, "sw0", "sw0-lr0").TunnelKey);
        db = Ok("ls-add aaa\nlr-add aaa\nlsp-add sw0 aaa-port\nls-add zzz\nls-del zzz\nlsp-set-addresses sw0-port1 unknown\nlsp-del aaa-port", db);
        var after = (db.Switches["sw0"].TunnelKey, db.Routers["lr0"].TunnelKey, Lsp(db, "sw0", "sw0-port1").TunnelKey, Lsp(db, "sw0", "sw0-lr0").TunnelKey);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Port_keys_run_out_at_32767()
    {
        var script = "ls-add sw0\n" + string.Concat(Enumerable.Range(1, 32767).Select(i => $"lsp-add sw0 p{i}\n"));
        var db = Ok(script);
        Assert.Equal(32767u, Lsp(db, "sw0", "p32767").TunnelKey);
        var d = FailsOnce("lsp-add sw0 one-too-many", db);
        Assert.Contains("no free port tunnel key in 1..32767 on switch sw0", d.Message);
    }
}
