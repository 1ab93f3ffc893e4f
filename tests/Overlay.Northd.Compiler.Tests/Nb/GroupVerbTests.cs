using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class GroupVerbTests
{
    private const string Ports = "ls-add sw0\nlsp-add sw0 p1\nlsp-add sw0 p2\nlsp-add sw0 p3\n";

    [Fact]
    public void Pg_add_with_and_without_ports()
    {
        var db = Ok(Ports + "pg-add pg1 p2 p1\npg-add pg2");
        Assert.Equal(["p1", "p2"], db.PortGroups["pg1"].Ports);
        Assert.Empty(db.PortGroups["pg2"].Ports);
    }

    [Fact]
    public void Pg_add_errors_and_no_may_exist()
    {
        var d = FailsOnce(Ports + "pg-add pg1 p1 nosuch");
        Assert.Equal(("pg pg1", "ports", "nosuch"), (d.Object, d.Field, d.Value));
        Assert.Contains("port name not found", d.Message);
        Assert.Contains("already exists", FailsOnce(Ports + "pg-add pg1\npg-add pg1").Message);
        // ovn-nbctl's pg-add has no --may-exist.
        Assert.Contains("'pg-add' command has no '--may-exist' option", FailsOnce(Ports + "--may-exist pg-add pg1").Message);
        Assert.Contains("switch ports only", FailsOnce("lr-add lr0\nlrp-add lr0 a 00:00:00:00:00:01 10.0.0.1/24\npg-add pg1 a").Message);
    }

    [Fact]
    public void Pg_set_ports_replaces_the_members()
    {
        var db = Ok(Ports + "pg-add pg1 p1 p2\npg-set-ports pg1 p3");
        Assert.Equal(["p3"], db.PortGroups["pg1"].Ports);
        Assert.Contains("port group name not found", FailsOnce(Ports + "pg-set-ports nosuch p1").Message);
        Assert.Contains("port name not found", FailsOnce(Ports + "pg-add pg1\npg-set-ports pg1 p1 nosuch").Message);
        Assert.Contains("requires at least 2 argument", FailsOnce(Ports + "pg-add pg1\npg-set-ports pg1").Message);
    }

    [Fact]
    public void Pg_del()
    {
        Assert.Empty(Ok(Ports + "pg-add pg1 p1\npg-del pg1").PortGroups);
        Assert.Contains("port group name not found", FailsOnce("pg-del nosuch").Message);
    }

    [Fact]
    public void Pg_del_if_exists_ignores_a_missing_group_and_still_deletes_an_existing_one()
    {
        Assert.Empty(Ok("--if-exists pg-del nosuch").PortGroups);
        Assert.Empty(Ok(Ports + "pg-add pg1 p1\n--if-exists pg-del pg1").PortGroups);
    }

    [Fact]
    public void Every_verb_is_listed_for_tools_with_its_usage()
    {
        Assert.Equal(NbScript.Usages, NbVerbInfo.All.Select(v => v.Usage));
        Assert.Contains(NbVerbInfo.All, v => v.Name == "pg-del" && v.Options.Contains("--if-exists"));
        Assert.Null(NbVerbInfo.Find("no-such-verb"));
    }

    [Theory]
    [InlineData("create Address_Set name=as1 addresses='\"10.0.0.3\",\"10.0.0.4\"'")]
    [InlineData("create Address_Set name=as1 addresses=10.0.0.3,10.0.0.4")]
    [InlineData("create Address_Set name=as1 addresses=\"10.0.0.3 10.0.0.4\"")]
    [InlineData("create Address_Set name=as1 'addresses=[\"10.0.0.3\", \"10.0.0.4\"]'")]
    [InlineData("create Address_Set name=as1 'addresses=10.0.0.4 , 10.0.0.3,'")]
    [InlineData("ovn-nbctl create Address_Set 'name=\"as1\"' addresses=10.0.0.3,10.0.0.4")]
    public void Create_address_set_accepts_ovn_nbctl_quoting(string line)
    {
        Assert.Equal(["10.0.0.3", "10.0.0.4"], Ok(line).AddressSets["as1"].Addresses);
    }

    [Fact]
    public void Create_address_set_with_ipv6_and_mac_entries_needs_quotes_as_in_ovn_nbctl()
    {
        var db = Ok("create Address_Set name=as1 addresses='\"fd00::1\",\"50:54:00:00:00:01\",10.0.0.0/24'");
        Assert.Equal(["10.0.0.0/24", "50:54:00:00:00:01", "fd00::1"], db.AddressSets["as1"].Addresses);
        var d = FailsOnce("create Address_Set name=as1 addresses=fd00::1");
        Assert.Equal("addresses=fd00::1", d.Value);
        Assert.Contains("unexpected \":\" parsing set of strings", d.Message);
        Assert.Contains("quote IPv6 and MAC addresses", d.Message);
    }

    [Fact]
    public void Create_address_set_errors()
    {
        Assert.Empty(Ok("create Address_Set name=empty").AddressSets["empty"].Addresses);
        Assert.Contains("already exists", FailsOnce("create Address_Set name=a\ncreate Address_Set name=a").Message);
        Assert.Contains("name=NAME is required", FailsOnce("create Address_Set addresses=10.0.0.1").Message);
        Assert.Contains("does not contain a column whose name matches \"foo\"", FailsOnce("create Address_Set name=a foo=bar").Message);
        Assert.Contains("only the Address_Set table is supported", FailsOnce("create Logical_Switch name=a").Message);
        Assert.Contains("bad escape \\q", FailsOnce("create Address_Set name=a 'addresses=\"a\\qb\"'").Message);
        Assert.Contains("quoted string extends past end of argument", FailsOnce("create Address_Set name=a 'addresses=\"10.0.0.1'").Message);
        Assert.Contains("argument does not end in \"=\" followed by a value", FailsOnce("create Address_Set name=").Message);
        Assert.Contains("'create' command has no '--may-exist' option", FailsOnce("--may-exist create Address_Set name=a").Message);
    }

    [Fact]
    public void Destroy_and_address_set_del()
    {
        const string sets = "create Address_Set name=a\ncreate Address_Set name=b\ncreate Address_Set name=c\n";
        Assert.Equal(["c"], Ok(sets + "destroy Address_Set a b").AddressSets.Keys);
        Assert.Equal(["a", "c"], Ok(sets + "address-set-del b").AddressSets.Keys);
        var d = FailsOnce(sets + "destroy Address_Set x");
        Assert.Equal(("address_set x", "name", "x"), (d.Object, d.Field, d.Value));
        Assert.Contains("address set name not found", d.Message);
        Assert.Contains("address set name not found", FailsOnce("address-set-del x").Message);
        Ok("--if-exists destroy Address_Set x\n--if-exists address-set-del x");
    }
}
