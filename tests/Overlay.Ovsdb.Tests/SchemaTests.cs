using System.Text.Json;
using Overlay.Ovsdb.Schema;

namespace Overlay.Ovsdb.Tests;

public class SchemaTests
{
    private const string VswitchSchemaPath = "/usr/share/openvswitch/vswitch.ovsschema";

    private static DatabaseSchema LoadVswitch()
    {
        Integration.OvsTools.EnsureInstalled();
        return DatabaseSchema.Parse(File.ReadAllText(VswitchSchemaPath));
    }

    [Fact]
    public void Real_vswitch_schema_parses_with_name_version_and_all_tables()
    {
        var schema = LoadVswitch();
        using var raw = JsonDocument.Parse(File.ReadAllText(VswitchSchemaPath));
        Assert.Equal("Open_vSwitch", schema.Name);
        Assert.Equal(raw.RootElement.GetProperty("version").GetString(), schema.Version);
        Assert.Equal(raw.RootElement.GetProperty("cksum").GetString(), schema.Checksum);
        Assert.Equal(raw.RootElement.GetProperty("tables").EnumerateObject().Select(t => t.Name).Order(StringComparer.Ordinal), schema.Tables.Keys);
        Assert.Contains("Interface", schema.Tables.Keys);
    }

    [Fact]
    public void Root_and_max_rows_and_indexes()
    {
        var schema = LoadVswitch();
        Assert.True(schema["Open_vSwitch"].IsRoot);
        Assert.Equal(1, schema["Open_vSwitch"].MaxRows);
        Assert.False(schema["Bridge"].IsRoot);
        Assert.Equal(["name"], Assert.Single(schema["Bridge"].Indexes).ToArray());
    }

    [Fact]
    public void Optional_enum_column()
    {
        var failMode = LoadVswitch()["Bridge"]["fail_mode"].Type;
        Assert.True(failMode.IsOptional);
        Assert.Equal(AtomicType.String, failMode.Key.Type);
        Assert.Equal(["secure", "standalone"], failMode.Key.Enum.Select(a => a.AsString));
    }

    [Fact]
    public void Unlimited_set_of_strong_references()
    {
        var ports = LoadVswitch()["Bridge"]["ports"].Type;
        Assert.True(ports.IsSet);
        Assert.Equal(0, ports.Min);
        Assert.Null(ports.Max);
        Assert.Equal(AtomicType.Uuid, ports.Key.Type);
        Assert.Equal("Port", ports.Key.RefTable);
        Assert.Equal(RefType.Strong, ports.Key.RefType);
    }

    [Fact]
    public void Weak_reference_is_recognised()
    {
        var mirrors = LoadVswitch()["Mirror"]["select_src_port"].Type;
        Assert.Equal(RefType.Weak, mirrors.Key.RefType);
    }

    [Fact]
    public void String_map_ephemeral_and_immutable_columns()
    {
        var schema = LoadVswitch();
        var externalIds = schema["Open_vSwitch"]["external_ids"].Type;
        Assert.True(externalIds.IsMap);
        Assert.Equal(AtomicType.String, externalIds.Key.Type);
        Assert.Equal(AtomicType.String, externalIds.Value!.Type);

        var statistics = schema["Interface"]["statistics"];
        Assert.True(statistics.Ephemeral);
        Assert.Equal(AtomicType.Integer, statistics.Type.Value!.Type);

        Assert.False(schema["Interface"]["name"].Mutable);
        Assert.True(schema["Interface"]["name"].Type.IsScalar);
        Assert.True(schema["Interface"]["type"].Mutable);
    }

    [Fact]
    public void Integer_range_constraints()
    {
        var request = LoadVswitch()["Interface"]["ofport_request"].Type;
        Assert.True(request.IsOptional);
        Assert.Equal(1, request.Key.MinInteger);
        Assert.Equal(65279, request.Key.MaxInteger);
    }

    [Theory]
    [InlineData("""{"name":"d","tables":{"T":{"columns":{"c":{"type":"float"}}}}}""", "table T column c")]
    [InlineData("""{"name":"d","tables":{"T":{"columns":{"c":{}}}}}""", "missing \"type\"")]
    [InlineData("""{"name":"d","tables":{"T":{}}}""", "table T")]
    [InlineData("""{"tables":{}}""", "name")]
    [InlineData("""{"name":"d","tables":{"T":{"columns":{"c":{"type":{"key":"string","min":2}}}}}}""", "bad min/max")]
    public void Malformed_schema_names_where(string json, string where)
    {
        var error = Assert.Throws<OvsdbProtocolException>(() => DatabaseSchema.Parse(json));
        Assert.Contains(where, error.Message);
    }
}
