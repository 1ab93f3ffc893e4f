using Overlay.Logical;
using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class TransactionTests
{
    [Fact]
    public void A_transaction_bumps_the_revision_by_one()
    {
        var db = Ok("ls-add sw0");
        Assert.Equal(1, db.Revision);
        Assert.Equal(2, Ok("ls-add sw1\nls-add sw2", db).Revision);
        Assert.Equal(3, NbTransaction.Apply(Ok("ls-add sw1", db), []).Database!.Revision);
    }

    [Fact]
    public void One_bad_line_applies_nothing_and_names_file_line_and_value()
    {
        var db = Ok(Base);
        var result = NbScript.Apply(db, "ls-add sw9\nlsp-add sw9 p9\nlsp-set-addresses p9 \"50:54:00:00:00:0z 10.0.0.9\"\nls-add sw10", "net.nbctl");
        Assert.Null(result.Database);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("net.nbctl:3: lsp p9: addresses: \"50:54:00:00:00:0z 10.0.0.9\": invalid MAC address '50:54:00:00:00:0z'", d.ToString());
        // The input database is a value: untouched.
        Assert.False(db.Switches.ContainsKey("sw9"));
    }

    [Fact]
    public void A_malformed_line_refuses_the_whole_script_before_anything_applies()
    {
        var result = NbScript.Load("ls-add sw0\nlsp-add sw0\nls-add sw1", "net.nbctl");
        Assert.Null(result.Database);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("net.nbctl:2", d.Location!.ToString());
        Assert.Contains("usage: [--may-exist] lsp-add SWITCH PORT", d.Message);
    }

    [Fact]
    public void Every_failing_command_is_reported()
    {
        var all = Fails("ls-add sw0\nls-add sw0\nlsp-del nosuch\nlr-del nosuch");
        Assert.Equal(["t.nbctl:2", "t.nbctl:3", "t.nbctl:4"], all.Select(d => d.Location!.ToString()));
    }

    [Fact]
    public void Validation_problems_point_at_the_command_that_set_the_field()
    {
        var all = Fails("""
            ls-add sw0
            lsp-add sw0 p1
            lsp-set-addresses p1 "50:54:00:00:00:01 10.0.0.3"
            lsp-add sw0 p2
            lsp-set-type p2 router
            lsp-set-options p2 router-port=nowhere
            lsp-set-addresses p2 router
            acl-add sw0 to-lport 40000 ip4 drop
            """);
        Assert.Equal("t.nbctl:6", Has(all, "lsp p2", "options:router-port", "nowhere", "does not exist").Location!.ToString());
        Assert.Equal("t.nbctl:8", Has(all, "ls sw0 acl to-lport 40000 (ip4)", "priority", "40000", "0..32767").Location!.ToString());
    }

    [Fact]
    public void Deleting_and_recreating_in_one_transaction_works()
    {
        var db = Ok(Base);
        db = Ok("ls-del sw0\nls-add sw0\nlsp-add sw0 sw0-port1\nlsp-del sw0-port1\nlsp-add sw0 sw0-port1", db);
        Assert.Equal(["sw0-port1"], db.Switches["sw0"].Ports.Keys);
        Assert.Equal(1u, Lsp(db, "sw0", "sw0-port1").TunnelKey);
        // lr0-sw0 is no longer attached anywhere; that is fine.
        Assert.Empty(NbIndex.Build(db).SwitchPortsAttachedTo("lr0-sw0"));
    }

    [Fact]
    public void Commands_built_in_code_apply_like_script_lines()
    {
        var commands = new NbCommand[]
        {
            new LsAdd("sw0"), new LspAdd("sw0", "p1"), new LspSetAddresses("p1", ValueArray.Create("50:54:00:00:00:01 10.0.0.3")),
        };
        var result = NbTransaction.Apply(NbDatabase.Empty, commands);
        Assert.True(result.Ok);
        Assert.Equal(Ok("ls-add sw0\nlsp-add sw0 p1\nlsp-set-addresses p1 \"50:54:00:00:00:01 10.0.0.3\""), result.Database);
    }

    [Fact]
    public void Untouched_records_are_kept_by_reference()
    {
        var db = Ok(Base + "\nls-add sw1\nlsp-add sw1 x");
        var next = Ok("lsp-set-addresses sw0-port1 unknown", db);
        Assert.Same(db.Switches["sw1"], next.Switches["sw1"]);
        Assert.Same(db.Routers["lr0"], next.Routers["lr0"]);
        Assert.Same(db.Switches["sw0"].Ports["sw0-lr0"], next.Switches["sw0"].Ports["sw0-lr0"]);
    }
}
