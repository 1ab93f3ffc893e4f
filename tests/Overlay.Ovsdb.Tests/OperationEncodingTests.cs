namespace Overlay.Ovsdb.Tests;

public class OperationEncodingTests
{
    private static string Encode(OvsdbOperation operation) => JsonText.Write(operation.WriteTo);

    [Fact]
    public void Insert_with_uuid_name_and_named_uuid_reference()
    {
        var insert = new Insert("Port", new OvsdbRow { ["name"] = "p1", ["interfaces"] = OvsdbAtom.NamedUuid("iface") }, "port");
        Assert.Equal(
            """{"op":"insert","table":"Port","row":{"interfaces":["named-uuid","iface"],"name":"p1"},"uuid-name":"port"}""",
            Encode(insert));
    }

    [Fact]
    public void Select_with_conditions_and_columns()
    {
        var select = new Select("Bridge", [Condition.Equal("name", "br-int"), Condition.Includes("protocols", "OpenFlow15")], ["_uuid", "ports"]);
        Assert.Equal(
            """{"op":"select","table":"Bridge","where":[["name","==","br-int"],["protocols","includes","OpenFlow15"]],"columns":["_uuid","ports"]}""",
            Encode(select));
    }

    [Fact]
    public void Select_without_columns_omits_the_member()
    {
        Assert.Equal("""{"op":"select","table":"Open_vSwitch","where":[]}""", Encode(new Select("Open_vSwitch", [])));
    }

    [Fact]
    public void Mutate_delete_map_keys_then_insert_pairs()
    {
        var mutate = new Mutate(
            "Bridge",
            [Condition.RowIs(Guid.Parse("36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9"))],
            [Mutation.Delete("other_config", OvsdbDatum.StringSet(["a", "b"])), Mutation.Insert("other_config", OvsdbDatum.StringMap([KeyValuePair.Create("a", "1")]))]);
        Assert.Equal(
            """{"op":"mutate","table":"Bridge","where":[["_uuid","==",["uuid","36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9"]]],"mutations":[["other_config","delete",["set",["a","b"]]],["other_config","insert",["map",[["a","1"]]]]]}""",
            Encode(mutate));
    }

    [Fact]
    public void Wait_with_zero_timeout_and_empty_rows()
    {
        var wait = new Wait("Bridge", [Condition.Equal("name", "br-int")], ["name"], WaitUntil.Equal, [], TimeSpan.Zero);
        Assert.Equal(
            """{"op":"wait","table":"Bridge","where":[["name","==","br-int"]],"columns":["name"],"until":"==","rows":[],"timeout":0}""",
            Encode(wait));
    }

    [Fact]
    public void Update_delete_comment_commit_abort()
    {
        Assert.Equal(
            """{"op":"update","table":"Interface","where":[["name","!=","x"]],"row":{"options":["map",[]]}}""",
            Encode(new Update("Interface", [Condition.NotEqual("name", "x")], new OvsdbRow { ["options"] = OvsdbDatum.EmptyMap })));
        Assert.Equal("""{"op":"delete","table":"Port","where":[]}""", Encode(new Delete("Port", [])));
        Assert.Equal("""{"op":"comment","comment":"overlay: hi"}""", Encode(new Comment("overlay: hi")));
        Assert.Equal("""{"op":"commit","durable":true}""", Encode(new Commit(true)));
        Assert.Equal("""{"op":"abort"}""", Encode(new Abort()));
    }

    [Fact]
    public void Descriptions_name_table_and_conditions_for_diagnostics()
    {
        Assert.Equal("update Bridge where name == br-int set {fail_mode: secure}",
            new Update("Bridge", [Condition.Equal("name", "br-int")], new OvsdbRow { ["fail_mode"] = "secure" }).ToString());
        Assert.Equal("wait until Bridge where name == br-int [name] == 0 row(s)",
            new Wait("Bridge", [Condition.Equal("name", "br-int")], ["name"], WaitUntil.Equal, []).ToString());
    }
}
