using Overlay.Logical;
using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class AclValidationTests
{
    private const string Setup = "ls-add sw0\nlsp-add sw0 p1\npg-add pg_web p1\ncreate Address_Set name=as_db addresses=20.0.0.3,20.0.0.4\n";

    [Fact]
    public void Valid_acls_with_address_sets_and_port_groups()
    {
        Ok(Setup + """
            acl-add pg_web to-lport 1002 'outport == @pg_web && ip4 && tcp.dst == 80' allow-related
            acl-add pg_web from-lport 1001 'inport == @pg_web && ip4.dst == $as_db && tcp.dst == 5432' allow
            acl-add sw0 from-lport 0 'ip4.src == {$as_db, 10.0.0.0/8}' allow-stateless
            acl-add sw0 to-lport 32767 'ip4.src == $pg_web_ip4' reject
            acl-add sw0 to-lport 5 'ip6.src == $pg_web_ip6' drop
            """);
    }

    [Fact]
    public void Direction_must_be_from_lport_or_to_lport()
    {
        var d = FailsOnce(Setup + "acl-add sw0 sideways 1 ip4 drop");
        Assert.Equal(("ls sw0 acl sideways 1 (ip4)", "direction", "sideways"), (d.Object, d.Field, d.Value));
        Assert.Contains("direction must be \"from-lport\" or \"to-lport\"", d.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(32768)]
    public void Priority_must_be_in_range(int priority)
    {
        var d = FailsOnce(Setup + $"acl-add sw0 to-lport {priority} ip4 drop");
        Assert.Equal(($"ls sw0 acl to-lport {priority} (ip4)", "priority", priority.ToString(System.Globalization.CultureInfo.InvariantCulture)), (d.Object, d.Field, d.Value));
        Assert.Contains("priority must be in 0..32767", d.Message);
    }

    [Fact]
    public void Verdict_must_be_a_known_action()
    {
        var d = FailsOnce(Setup + "acl-add pg_web to-lport 1 ip4 pass");
        Assert.Equal(("pg pg_web acl to-lport 1 (ip4)", "action", "pass"), (d.Object, d.Field, d.Value));
        Assert.Contains("verdict must be one of allow, allow-related, allow-stateless, drop, reject", d.Message);
    }

    [Theory]
    [InlineData("ip4.src == ", "column")]
    [InlineData("ip4.src == 10.0.0.1 &&", "column")]
    [InlineData("ip9", "unknown field 'ip9'")]
    [InlineData("tcp.dst == 70000", "does not fit in 16-bit field 'tcp.dst'")]
    [InlineData("ip4.src == @pg_web", "port group @pg_web can only be compared with inport or outport")]
    public void Match_must_parse_and_type_check(string match, string message)
    {
        var d = FailsOnce(Setup + $"acl-add sw0 to-lport 1 '{match}' drop");
        Assert.Equal(($"ls sw0 acl to-lport 1 ({match})", "match", match), (d.Object, d.Field, d.Value));
        Assert.Contains(message, d.Message);
    }

    [Fact]
    public void Match_errors_report_column_and_token()
    {
        var d = FailsOnce(Setup + "acl-add sw0 to-lport 1 'ip4 && ip4.dst == 10.0.0.300' drop");
        Assert.StartsWith("column ", d.Message);
        Assert.Contains("10.0.0.300", d.Message.Replace("'", ""));
    }

    [Fact]
    public void Address_set_and_port_group_references_must_exist()
    {
        var all = Fails(Setup + "acl-add sw0 to-lport 1 'outport == @pg_nope && ip4.src == $as_nope' drop");
        Assert.Equal(2, all.Count);
        const string obj = "ls sw0 acl to-lport 1 (outport == @pg_nope && ip4.src == $as_nope)";
        const string match = "outport == @pg_nope && ip4.src == $as_nope";
        Has(all, obj, "match", match, "column 12: port group @pg_nope does not exist (at '@pg_nope')");
        Has(all, obj, "match", match, "column 35: address set $as_nope does not exist (at '$as_nope')");
        // A derived <pg>_ip4 set needs its port group.
        Has(Fails(Setup + "acl-add sw0 to-lport 1 'ip4.src == $pg_nope_ip4' drop"), "ls sw0 acl to-lport 1 (ip4.src == $pg_nope_ip4)", "match", "ip4.src == $pg_nope_ip4", "does not exist");
    }

    [Fact]
    public void Deleting_a_referenced_address_set_or_port_group_is_refused()
    {
        var db = Ok(Setup + "acl-add sw0 to-lport 1 'ip4.src == $as_db' drop\nacl-add sw0 to-lport 2 'outport == @pg_web' drop");
        Assert.Contains("address set $as_db does not exist", FailsOnce("destroy Address_Set as_db", db).Message);
        Assert.Contains("port group @pg_web does not exist", FailsOnce("pg-del pg_web", db).Message);
    }

    [Theory]
    [InlineData("10.0.0.3")]
    [InlineData("10.0.0.0/24")]
    [InlineData("fd00::1")]
    [InlineData("fd00::/64")]
    [InlineData("50:54:00:00:00:01")]
    public void Valid_address_set_entries(string entry) => Ok($"create Address_Set name=as 'addresses=\"{entry}\"'");

    [Theory]
    [InlineData("10.0.0.300", "not a MAC, IP address or CIDR")]
    [InlineData("zzz", "not a MAC, IP address or CIDR")]
    [InlineData("10.0.0.5/24", "has host bits set (the network is 10.0.0.0/24)")]
    [InlineData("10.0.0.0/40", "prefix length 40 is longer than 32 bits")]
    public void Invalid_address_set_entries(string entry, string message)
    {
        var d = FailsOnce($"create Address_Set name=as 'addresses=\"{entry}\"'");
        Assert.Equal(("address_set as", "addresses", entry), (d.Object, d.Field, d.Value));
        Assert.Contains(message, d.Message);
    }

    [Fact]
    public void Port_group_members_must_exist_in_a_database_built_without_commands()
    {
        var db = Ok(Setup);
        db = db with { PortGroups = db.PortGroups.SetItem("pg_web", db.PortGroups["pg_web"] with { Ports = ValueArray.Create("p1", "ghost") }) };
        var d = Assert.Single(NbValidator.Validate(db));
        Assert.Equal(("pg pg_web", "ports", "ghost"), (d.Object, d.Field, d.Value));
        Assert.Contains("switch port ghost does not exist", d.Message);
    }
}
