using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class AclVerbTests
{
    private const string Setup = "ls-add sw0\nlsp-add sw0 p1\nlsp-add sw0 p2\npg-add pg_web p1 p2\n";

    [Fact]
    public void Acl_add_on_a_port_group_and_on_a_switch()
    {
        var db = Ok(Setup + """
            acl-add pg_web to-lport 1002 'outport == @pg_web && ip4 && tcp.dst == 80' allow-related
            acl-add pg_web to-lport 1001 'outport == @pg_web && ip4' drop
            --name=no-bad acl-add sw0 from-lport 1000 'ip4.src == 10.0.0.99' drop
            """);
        Assert.Equal(
            [new Acl("to-lport", 1002, "outport == @pg_web && ip4 && tcp.dst == 80", "allow-related"), new Acl("to-lport", 1001, "outport == @pg_web && ip4", "drop")],
            db.PortGroups["pg_web"].Acls);
        Assert.Equal([new Acl("from-lport", 1000, "ip4.src == 10.0.0.99", "drop", "no-bad")], db.Switches["sw0"].Acls);
    }

    [Fact]
    public void Acls_are_kept_in_one_canonical_order_whatever_order_they_were_added_in()
    {
        var a = Ok(Setup + "acl-add pg_web to-lport 1 ip4 drop\nacl-add pg_web from-lport 5 ip4 drop\nacl-add pg_web to-lport 9 ip6 drop");
        var b = Ok(Setup + "acl-add pg_web to-lport 9 ip6 drop\nacl-add pg_web to-lport 1 ip4 drop\nacl-add pg_web from-lport 5 ip4 drop");
        Assert.Equal(a, b);
        Assert.Equal([5, 9, 1], a.PortGroups["pg_web"].Acls.Select(x => x.Priority));
    }

    [Fact]
    public void Same_direction_priority_and_match_is_the_same_acl()
    {
        const string first = "acl-add pg_web to-lport 1002 'outport == @pg_web && ip4' allow-related\n";
        var d = FailsOnce(Setup + first + "acl-add pg_web to-lport 1002 'outport == @pg_web && ip4' drop");
        Assert.Contains("the same ACL already exists on port group pg_web", d.Message);
        Assert.Equal("t.nbctl:6", d.Location!.ToString());
        // --may-exist leaves the existing ACL alone, as ovn-nbctl does.
        var db = Ok(Setup + first + "--may-exist acl-add pg_web to-lport 1002 'outport == @pg_web && ip4' drop");
        Assert.Equal("allow-related", Assert.Single(db.PortGroups["pg_web"].Acls).Action);
    }

    [Fact]
    public void Acl_entity_resolution_and_type()
    {
        Assert.Contains("not found as a port group or a switch", FailsOnce(Setup + "acl-add nosuch to-lport 1 ip4 drop").Message);
        var both = Setup + "pg-add sw0\n";
        var d = FailsOnce(both + "acl-add sw0 to-lport 1 ip4 drop");
        Assert.Equal(("entity", "sw0"), (d.Field, d.Value));
        Assert.Contains("specify --type=port-group or --type=switch", d.Message);
        Assert.Single(Ok(both + "--type=switch acl-add sw0 to-lport 1 ip4 drop").Switches["sw0"].Acls);
        Assert.Single(Ok(both + "--type=port-group acl-add sw0 to-lport 1 ip4 drop").PortGroups["sw0"].Acls);
        Assert.Contains("switch name not found", FailsOnce(Setup + "--type=switch acl-add pg_web to-lport 1 ip4 drop").Message);
        Assert.Contains("port group name not found", FailsOnce(Setup + "--type=port-group acl-add sw0 to-lport 1 ip4 drop").Message);
        Assert.Equal("--type=foo", FailsOnce(Setup + "--type=foo acl-add sw0 to-lport 1 ip4 drop").Value);
    }

    [Fact]
    public void Acl_add_priority_must_be_an_integer()
    {
        var d = FailsOnce(Setup + "acl-add sw0 to-lport high ip4 drop");
        Assert.Equal(("acl-add", "high"), (d.Object, d.Value));
        Assert.Contains("priority must be an integer in 0..32767", d.Message);
    }

    [Fact]
    public void Acl_del_all_by_direction_or_by_priority_and_match()
    {
        const string acls = Setup + "acl-add sw0 to-lport 1 ip4 drop\nacl-add sw0 to-lport 2 ip4 drop\nacl-add sw0 from-lport 1 ip4 drop\n";
        Assert.Empty(Ok(acls + "acl-del sw0").Switches["sw0"].Acls);
        Assert.Equal(["from-lport"], Ok(acls + "acl-del sw0 to-lport").Switches["sw0"].Acls.Select(a => a.Direction));
        Assert.Equal([1, 1], Ok(acls + "acl-del sw0 to-lport 2 ip4").Switches["sw0"].Acls.Select(a => a.Priority));
        // Deleting a specific ACL that is not there is not an error (ovn-nbctl).
        Assert.Equal(3, Ok(acls + "acl-del sw0 to-lport 3 ip4").Switches["sw0"].Acls.Count);
    }

    [Fact]
    public void Acl_del_errors()
    {
        Assert.Contains("cannot specify priority without match", FailsOnce(Setup + "acl-del sw0 to-lport 1").Message);
        Assert.Contains("direction must be", FailsOnce(Setup + "acl-del sw0 sideways").Message);
        Assert.Contains("not found as a port group or a switch", FailsOnce(Setup + "acl-del nosuch").Message);
        Assert.Contains("'acl-del' command has no '--if-exists' option", FailsOnce(Setup + "--if-exists acl-del sw0").Message);
    }
}
