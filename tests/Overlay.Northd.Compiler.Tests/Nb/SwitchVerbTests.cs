using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class SwitchVerbTests
{
    [Fact]
    public void Ls_add_creates_a_switch_with_a_datapath_key()
    {
        var db = Ok("ls-add sw0");
        Assert.Equal(1u, db.Switches["sw0"].TunnelKey);
        Assert.Empty(db.Switches["sw0"].Ports);
    }

    [Fact]
    public void Ls_add_twice_is_an_error_unless_may_exist()
    {
        var d = FailsOnce("ls-add sw0\nls-add sw0");
        Assert.Equal(("ls sw0", "name", "sw0"), (d.Object, d.Field, d.Value));
        Assert.Contains("already exists", d.Message);
        Assert.Equal("t.nbctl:2", d.Location!.ToString());

        var db = Ok("ls-add sw0\n--may-exist ls-add sw0");
        Assert.Single(db.Switches);
        Assert.Equal(1u, db.Switches["sw0"].TunnelKey);
    }

    [Fact]
    public void Ls_add_without_a_name_generates_one_from_the_key()
    {
        var db = Ok("ls-add\nls-add");
        Assert.Equal(["ls1", "ls2"], db.Switches.Keys);
        Assert.Contains("--may-exist requires specifying a name", FailsOnce("--may-exist ls-add").Message);
    }

    [Fact]
    public void Ls_del_removes_the_switch_its_ports_and_their_port_group_membership()
    {
        var db = Ok("ls-add sw0\nlsp-add sw0 p1\nls-add sw1\nlsp-add sw1 p2\npg-add pg p1 p2\nls-del sw0");
        Assert.Equal(["sw1"], db.Switches.Keys);
        Assert.Equal(["p2"], db.PortGroups["pg"].Ports);
        // The port name is free again.
        Ok("lsp-add sw1 p1", db);
    }

    [Fact]
    public void Ls_del_of_a_missing_switch_is_an_error_unless_if_exists()
    {
        var d = FailsOnce("ls-del nosuch");
        Assert.Equal(("ls nosuch", "name", "nosuch"), (d.Object, d.Field, d.Value));
        Assert.Contains("switch name not found", d.Message);
        Assert.Empty(Ok("--if-exists ls-del nosuch").Switches);
    }

    [Fact]
    public void Lsp_add_adds_a_vif_port()
    {
        var p = Lsp(Ok("ls-add sw0\nlsp-add sw0 p1"), "sw0", "p1");
        Assert.Equal((PortTypes.Vif, 1u, true), (p.Type, p.TunnelKey, p.Enabled));
        Assert.Empty(p.Addresses);
    }

    [Fact]
    public void Lsp_add_errors_and_may_exist()
    {
        Assert.Contains("switch name not found", FailsOnce("lsp-add nosw p1").Message);
        Assert.Equal("nosw", FailsOnce("lsp-add nosw p1").Value);
        Assert.Contains("already exists", FailsOnce("ls-add sw0\nlsp-add sw0 p1\nlsp-add sw0 p1").Message);
        Ok("ls-add sw0\nlsp-add sw0 p1\n--may-exist lsp-add sw0 p1");
        var d = FailsOnce("ls-add sw0\nls-add sw1\nlsp-add sw0 p1\n--may-exist lsp-add sw1 p1");
        Assert.Equal(("lsp p1", "switch", "sw1"), (d.Object, d.Field, d.Value));
        Assert.Contains("port already exists but in switch sw0", d.Message);
    }

    [Fact]
    public void Switch_and_router_ports_share_one_namespace()
    {
        var d = FailsOnce("ls-add sw0\nlr-add lr0\nlrp-add lr0 p1 00:00:00:00:00:01 10.0.0.1/24\n--may-exist lsp-add sw0 p1");
        Assert.Equal(("lsp p1", "name", "p1"), (d.Object, d.Field, d.Value));
        Assert.Contains("router port on router lr0", d.Message);
        var e = FailsOnce("ls-add sw0\nlr-add lr0\nlsp-add sw0 p1\nlrp-add lr0 p1 00:00:00:00:00:01 10.0.0.1/24");
        Assert.Contains("switch port on switch sw0", e.Message);
    }

    [Fact]
    public void Lsp_del_removes_the_port_and_its_group_membership()
    {
        var db = Ok("ls-add sw0\nlsp-add sw0 p1\nlsp-add sw0 p2\npg-add pg p1 p2\nlsp-del p1");
        Assert.Equal(["p2"], db.Switches["sw0"].Ports.Keys);
        Assert.Equal(["p2"], db.PortGroups["pg"].Ports);
        Assert.Contains("port name not found", FailsOnce("lsp-del nosuch").Message);
        Ok("--if-exists lsp-del nosuch");
    }

    [Fact]
    public void Lsp_set_addresses_and_port_security_store_sets_and_clear_with_no_arguments()
    {
        var db = Ok("""
            ls-add sw0
            lsp-add sw0 p1
            lsp-set-addresses p1 "50:54:00:00:00:01 10.0.0.3" unknown
            lsp-set-port-security p1 "50:54:00:00:00:01 10.0.0.3,10.0.0.4"
            """);
        Assert.Equal(["50:54:00:00:00:01 10.0.0.3", "unknown"], Lsp(db, "sw0", "p1").Addresses);
        Assert.Equal(["50:54:00:00:00:01 10.0.0.3,10.0.0.4"], Lsp(db, "sw0", "p1").PortSecurity);
        db = Ok("lsp-set-addresses p1\nlsp-set-port-security p1", db);
        Assert.Empty(Lsp(db, "sw0", "p1").Addresses);
        Assert.Empty(Lsp(db, "sw0", "p1").PortSecurity);
        Assert.Equal(("lsp nosuch", "port name not found"), (FailsOnce("lsp-set-addresses nosuch unknown").Object, FailsOnce("lsp-set-addresses nosuch unknown").Message));
        Assert.Contains("port name not found", FailsOnce("lsp-set-port-security nosuch").Message);
    }

    [Fact]
    public void Lsp_set_type_accepts_vif_and_router_and_names_the_supported_types_otherwise()
    {
        var db = Ok(Base);
        Assert.Equal(PortTypes.Router, Lsp(db, "sw0", "sw0-lr0").Type);
        Assert.Equal(PortTypes.Vif, Lsp(Ok("lsp-set-type sw0-port1 \"\"", db), "sw0", "sw0-port1").Type);
        var d = FailsOnce("ls-add sw0\nlsp-add sw0 p1\nlsp-set-type p1 localnet");
        Assert.Equal(("lsp p1", "type", "localnet"), (d.Object, d.Field, d.Value));
        Assert.Contains("supported types are \"\" (VIF) and \"router\"", d.Message);
        Assert.Equal("t.nbctl:3", d.Location!.ToString());
        Assert.Contains("port name not found", FailsOnce("lsp-set-type nosuch router").Message);
    }

    [Fact]
    public void Lsp_set_options_replaces_the_whole_map()
    {
        var db = Ok("ls-add sw0\nlsp-add sw0 p1\nlsp-set-options p1 a=1 b=x=y\nlsp-set-options p1 c=3 a=");
        Assert.Equal("a=,c=3", string.Join(",", Lsp(db, "sw0", "p1").Options.Select(o => $"{o.Key}={o.Value}")));
        Assert.Empty(Lsp(Ok("lsp-set-options p1", db), "sw0", "p1").Options);
        Assert.Equal("x=y", Lsp(Ok("ls-add sw0\nlsp-add sw0 p1\nlsp-set-options p1 b=x=y"), "sw0", "p1").Options["b"]);
        Assert.Contains("expected KEY=VALUE", FailsOnce("ls-add sw0\nlsp-add sw0 p1\nlsp-set-options p1 novalue").Message);
        Assert.Contains("port name not found", FailsOnce("lsp-set-options nosuch a=b").Message);
    }

    [Fact]
    public void Lsp_set_enabled_takes_enabled_or_disabled()
    {
        var db = Ok("ls-add sw0\nlsp-add sw0 p1\nlsp-set-enabled p1 disabled");
        Assert.False(Lsp(db, "sw0", "p1").Enabled);
        Assert.True(Lsp(Ok("lsp-set-enabled p1 enabled", db), "sw0", "p1").Enabled);
        var d = FailsOnce("ls-add sw0\nlsp-add sw0 p1\nlsp-set-enabled p1 maybe");
        Assert.Equal("maybe", d.Value);
        Assert.Contains("state must be \"enabled\" or \"disabled\"", d.Message);
        Assert.Contains("port name not found", FailsOnce("lsp-set-enabled nosuch enabled").Message);
    }
}
