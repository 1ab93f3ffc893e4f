using System.Collections.Immutable;

namespace Overlay.Ovsdb.Tests;

public class DatumEncodingTests
{
    private static readonly Guid SomeUuid = Guid.Parse("36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9");

    public static TheoryData<string, OvsdbDatum> Vectors => new()
    {
        { "42", 42 },
        { "-9223372036854775808", long.MinValue },
        { "1.5", OvsdbAtom.Real(1.5) },
        { "true", true },
        { "false", false },
        { "\"br-int\"", "br-int" },
        { "\"quote\\\" backslash\\\\ tab\\t snow\u2603\"", "quote\" backslash\\ tab\t snow\u2603" },
        { "[\"uuid\",\"36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9\"]", SomeUuid },
        { "[\"named-uuid\",\"row_1\"]", OvsdbAtom.NamedUuid("row_1") },
        { "[\"set\",[]]", OvsdbDatum.EmptySet },
        { "[\"set\",[\"OpenFlow13\",\"OpenFlow15\"]]", OvsdbDatum.StringSet(["OpenFlow15", "OpenFlow13"]) },
        { "[\"set\",[1,2,3]]", OvsdbDatum.Set([3, 1, 2, 1]) },
        { "[\"map\",[]]", OvsdbDatum.EmptyMap },
        { "[\"map\",[[\"csum\",\"true\"],[\"key\",\"flow\"],[\"remote_ip\",\"10.0.0.2\"]]]",
            OvsdbDatum.StringMap(new Dictionary<string, string> { ["remote_ip"] = "10.0.0.2", ["key"] = "flow", ["csum"] = "true" }) },
        { "[\"map\",[[1,[\"uuid\",\"36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9\"]]]]", OvsdbDatum.Map([KeyValuePair.Create((OvsdbAtom)1, (OvsdbAtom)SomeUuid)]) },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Datum_encodes_to_the_RFC_7047_form_and_decodes_back(string json, OvsdbDatum datum)
    {
        Assert.Equal(json, JsonText.Write(w => OvsdbJson.WriteDatum(w, datum)));
        Assert.Equal(datum, OvsdbJson.ReadDatum(JsonText.Parse(json)));
    }

    [Fact]
    public void A_set_of_one_is_the_bare_atom_and_decodes_equal_to_a_scalar()
    {
        Assert.Equal("\"secure\"", JsonText.Write(w => OvsdbJson.WriteDatum(w, OvsdbDatum.StringSet(["secure"]))));
        Assert.Equal((OvsdbDatum)"secure", OvsdbJson.ReadDatum(JsonText.Parse("[\"set\",[\"secure\"]]")));
    }

    [Fact]
    public void Sets_and_maps_compare_regardless_of_wire_order()
    {
        var a = OvsdbJson.ReadDatum(JsonText.Parse("[\"map\",[[\"b\",\"2\"],[\"a\",\"1\"]]]"));
        var b = OvsdbJson.ReadDatum(JsonText.Parse("[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"]]]"));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(ImmutableSortedDictionary.CreateRange(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }), a.ToStringMap());
    }

    [Fact]
    public void Empty_set_and_empty_map_differ_because_the_server_distinguishes_them()
    {
        Assert.NotEqual(OvsdbDatum.EmptySet, OvsdbDatum.EmptyMap);
    }

    [Fact]
    public void Escaped_unicode_decodes()
    {
        Assert.Equal("snow\u2603", OvsdbJson.ReadAtom(JsonText.Parse("\"snow\\u2603\"")).AsString);
    }

    [Fact]
    public void Integral_number_decodes_as_integer_and_still_reads_as_real()
    {
        var atom = OvsdbJson.ReadAtom(JsonText.Parse("3"));
        Assert.Equal(AtomKind.Integer, atom.Kind);
        Assert.Equal(3.0, atom.AsReal);
        Assert.Equal(AtomKind.Real, OvsdbJson.ReadAtom(JsonText.Parse("3.25")).Kind);
    }

    [Fact]
    public void Uuid_text_is_lowercase_canonical()
    {
        var atom = OvsdbJson.ReadAtom(JsonText.Parse("[\"uuid\",\"36BCFB4E-B6BC-4A4B-A8B1-F22E45A5E1B9\"]"));
        Assert.Equal(SomeUuid, atom.AsUuid);
        Assert.Equal("[\"uuid\",\"36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9\"]", JsonText.Write(w => OvsdbJson.WriteAtom(w, atom)));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[\"uuid\",\"not-a-uuid\"]")]
    [InlineData("[\"uuid\",\"36bcfb4e-b6bc-4a4b-a8b1\"]")]
    [InlineData("[\"named-uuid\",\"1abc\"]")]
    [InlineData("[\"frob\",\"x\"]")]
    [InlineData("[\"set\",{}]")]
    [InlineData("[\"map\",[[\"a\"]]]")]
    [InlineData("[\"map\",[[\"a\",\"1\"],[\"a\",\"2\"]]]")]
    public void Malformed_values_are_protocol_errors_that_quote_the_input(string json)
    {
        var error = Assert.Throws<OvsdbProtocolException>(() => OvsdbJson.ReadDatum(JsonText.Parse(json)));
        Assert.Contains("malformed OVSDB value", error.Message);
    }

    [Fact]
    public void Named_uuid_must_be_an_OVSDB_id()
    {
        Assert.Throws<ArgumentException>(() => OvsdbAtom.NamedUuid("has-dash"));
        Assert.Throws<ArgumentException>(() => OvsdbAtom.NamedUuid("9lives"));
        Assert.Equal("@_ok9", OvsdbAtom.NamedUuid("_ok9").ToString());
    }

    [Fact]
    public void Duplicate_map_keys_are_rejected_when_building()
    {
        Assert.Throws<ArgumentException>(() => OvsdbDatum.Map([KeyValuePair.Create((OvsdbAtom)"k", (OvsdbAtom)"1"), KeyValuePair.Create((OvsdbAtom)"k", (OvsdbAtom)"2")]));
    }

    [Fact]
    public void Wrong_kind_access_names_both_kinds()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ((OvsdbAtom)"x").AsInteger);
        Assert.Contains("String", error.Message);
        Assert.Contains("Integer", error.Message);
    }

    [Fact]
    public void Row_round_trips_and_reads_typed_columns()
    {
        var row = new OvsdbRow
        {
            ["name"] = "vif1",
            ["ofport"] = OvsdbDatum.EmptySet,
            ["external_ids"] = OvsdbDatum.StringMap([KeyValuePair.Create("iface-id", "lp1")]),
            ["_uuid"] = SomeUuid,
        };
        string json = JsonText.Write(w => OvsdbJson.WriteRow(w, row));
        var back = OvsdbJson.ReadRow(JsonText.Parse(json));
        Assert.Equal(row, back);
        Assert.Equal("vif1", back.GetString("name"));
        Assert.Null(back.GetOptional("ofport"));
        Assert.Equal("lp1", back.GetStringMap("external_ids")["iface-id"]);
        Assert.Equal(SomeUuid, back.Uuid);
        Assert.Contains("nosuch", Assert.Throws<KeyNotFoundException>(() => back["nosuch"]).Message);
    }
}
