using System.Collections.Immutable;
using System.Text.Json;

namespace Overlay.Ovsdb.Schema;

/// <summary>Parses RFC 7047 §3.2 schema JSON; errors name the table and column at fault.</summary>
internal static class SchemaParser
{
    public static DatabaseSchema ParseDatabase(JsonElement json)
    {
        RequireObject(json, "database schema");
        string name = RequireString(json, "name", "database schema");
        string version = OptionalString(json, "version") ?? "";
        string? checksum = OptionalString(json, "cksum");
        if (!json.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Object)
            throw Error($"database {name}: \"tables\" must be an object");

        var builder = ImmutableSortedDictionary.CreateBuilder<string, TableSchema>(StringComparer.Ordinal);
        foreach (var table in tables.EnumerateObject())
            builder[table.Name] = ParseTable(table.Name, table.Value);
        return new DatabaseSchema(name, version, checksum, builder.ToImmutable());
    }

    private static TableSchema ParseTable(string name, JsonElement json)
    {
        string where = $"table {name}";
        RequireObject(json, where);
        if (!json.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Object)
            throw Error($"{where}: \"columns\" must be an object");

        var builder = ImmutableSortedDictionary.CreateBuilder<string, ColumnSchema>(StringComparer.Ordinal);
        foreach (var column in columns.EnumerateObject())
            builder[column.Name] = ParseColumn($"{where} column {column.Name}", column.Name, column.Value);

        bool isRoot = json.TryGetProperty("isRoot", out var root) && root.ValueKind == JsonValueKind.True;
        long? maxRows = json.TryGetProperty("maxRows", out var max) ? RequireInteger(max, $"{where} maxRows") : null;
        var indexes = ImmutableArray<ImmutableArray<string>>.Empty;
        if (json.TryGetProperty("indexes", out var idx))
        {
            indexes = Elements(idx, $"{where} indexes")
                .Select(i => Elements(i, $"{where} index").Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw Error($"{where}: index column must be a string")).ToImmutableArray())
                .ToImmutableArray();
        }
        return new TableSchema(name, builder.ToImmutable(), isRoot, maxRows, indexes);
    }

    private static ColumnSchema ParseColumn(string where, string name, JsonElement json)
    {
        RequireObject(json, where);
        if (!json.TryGetProperty("type", out var type))
            throw Error($"{where}: missing \"type\"");
        bool ephemeral = json.TryGetProperty("ephemeral", out var e) && e.ValueKind == JsonValueKind.True;
        bool mutable = !json.TryGetProperty("mutable", out var m) || m.ValueKind != JsonValueKind.False;
        return new ColumnSchema(name, ParseColumnType(where, type), ephemeral, mutable);
    }

    private static ColumnType ParseColumnType(string where, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.String)
            return new ColumnType(ParseBaseType(where, json), null, 1, 1);
        RequireObject(json, where + " type");
        if (!json.TryGetProperty("key", out var key))
            throw Error($"{where}: type has no \"key\"");
        BaseType? value = json.TryGetProperty("value", out var v) ? ParseBaseType(where + " value", v) : null;
        int min = json.TryGetProperty("min", out var mn) ? (int)RequireInteger(mn, where + " min") : 1;
        int? max = 1;
        if (json.TryGetProperty("max", out var mx))
        {
            max = mx.ValueKind == JsonValueKind.String && mx.GetString() == "unlimited" ? null : (int)RequireInteger(mx, where + " max");
        }
        if (min is < 0 or > 1 || max < 1 || max < min)
            throw Error($"{where}: bad min/max ({min}, {(max is null ? "unlimited" : max)})");
        return new ColumnType(ParseBaseType(where + " key", key), value, min, max);
    }

    private static BaseType ParseBaseType(string where, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.String)
            return new BaseType(ParseAtomicType(where, json.GetString()!));
        RequireObject(json, where);
        var type = new BaseType(ParseAtomicType(where, RequireString(json, "type", where)));
        if (json.TryGetProperty("enum", out var values))
        {
            try
            {
                type = type with { Enum = OvsdbJson.ReadDatum(values).Keys };
            }
            catch (OvsdbProtocolException ex)
            {
                throw Error($"{where}: bad enum: {ex.Message}");
            }
        }
        return type with
        {
            MinInteger = OptionalInteger(json, "minInteger", where),
            MaxInteger = OptionalInteger(json, "maxInteger", where),
            MinReal = OptionalReal(json, "minReal", where),
            MaxReal = OptionalReal(json, "maxReal", where),
            MinLength = OptionalInteger(json, "minLength", where),
            MaxLength = OptionalInteger(json, "maxLength", where),
            RefTable = OptionalString(json, "refTable"),
            RefType = OptionalString(json, "refType") switch
            {
                null or "strong" => RefType.Strong,
                "weak" => RefType.Weak,
                var other => throw Error($"{where}: unknown refType \"{other}\""),
            },
        };
    }

    private static AtomicType ParseAtomicType(string where, string text) => text switch
    {
        "integer" => AtomicType.Integer,
        "real" => AtomicType.Real,
        "boolean" => AtomicType.Boolean,
        "string" => AtomicType.String,
        "uuid" => AtomicType.Uuid,
        _ => throw Error($"{where}: unknown atomic type \"{text}\""),
    };

    private static JsonElement.ArrayEnumerator Elements(JsonElement json, string where) =>
        json.ValueKind == JsonValueKind.Array ? json.EnumerateArray() : throw Error($"{where} must be an array");

    private static void RequireObject(JsonElement json, string where)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw Error($"{where} must be a JSON object, got {json.ValueKind}");
    }

    private static string RequireString(JsonElement json, string property, string where) =>
        OptionalString(json, property) ?? throw Error($"{where}: missing string \"{property}\"");

    private static string? OptionalString(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long RequireInteger(JsonElement json, string where) =>
        json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out long value) ? value : throw Error($"{where} must be an integer");

    private static long? OptionalInteger(JsonElement json, string property, string where) =>
        json.TryGetProperty(property, out var value) ? RequireInteger(value, $"{where} {property}") : null;

    private static double? OptionalReal(JsonElement json, string property, string where) =>
        !json.TryGetProperty(property, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw Error($"{where} {property} must be a number");

    private static OvsdbProtocolException Error(string message) => new($"malformed OVSDB schema: {message}");
}
