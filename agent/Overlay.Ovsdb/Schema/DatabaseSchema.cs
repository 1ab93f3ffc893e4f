using System.Collections.Immutable;
using System.Text.Json;

namespace Overlay.Ovsdb.Schema;

/// <summary>A database schema (RFC 7047 §3.2), as returned by get_schema or read from an .ovsschema file.</summary>
public sealed record DatabaseSchema(string Name, string Version, string? Checksum, ImmutableSortedDictionary<string, TableSchema> Tables)
{
    /// <summary>The table by name; throws <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public TableSchema this[string table] =>
        Tables.TryGetValue(table, out var schema) ? schema : throw new KeyNotFoundException($"schema {Name} has no table '{table}'");

    public static DatabaseSchema Parse(JsonElement json) => SchemaParser.ParseDatabase(json);

    public static DatabaseSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }
}

/// <summary>One table. <see cref="Columns"/> holds the declared columns; <c>_uuid</c> and <c>_version</c> are implicit.</summary>
public sealed record TableSchema(
    string Name,
    ImmutableSortedDictionary<string, ColumnSchema> Columns,
    bool IsRoot,
    long? MaxRows,
    ImmutableArray<ImmutableArray<string>> Indexes)
{
    public ColumnSchema this[string column] =>
        Columns.TryGetValue(column, out var schema) ? schema : throw new KeyNotFoundException($"table {Name} has no column '{column}'");
}

public sealed record ColumnSchema(string Name, ColumnType Type, bool Ephemeral, bool Mutable);

/// <summary>
/// A column type: <see cref="Key"/> (and <see cref="Value"/> for maps) with between <see cref="Min"/> and
/// <see cref="Max"/> elements; <see cref="Max"/> is null for "unlimited".
/// </summary>
public sealed record ColumnType(BaseType Key, BaseType? Value, int Min, int? Max)
{
    public bool IsMap => Value is not null;

    /// <summary>Exactly one atom, e.g. <c>Bridge.name</c>.</summary>
    public bool IsScalar => !IsMap && Min == 1 && Max == 1;

    /// <summary>Zero or one atom, e.g. <c>Interface.ofport</c>.</summary>
    public bool IsOptional => !IsMap && Min == 0 && Max == 1;

    /// <summary>A set that may hold more than one atom, e.g. <c>Bridge.ports</c>.</summary>
    public bool IsSet => !IsMap && (Max is null || Max > 1);
}

public enum AtomicType
{
    Integer,
    Real,
    Boolean,
    String,
    Uuid,
}

public enum RefType
{
    Strong,
    Weak,
}

/// <summary>An atomic type with its constraints; <see cref="Enum"/> is empty when any value of the type is allowed.</summary>
public sealed record BaseType(AtomicType Type)
{
    public ImmutableArray<OvsdbAtom> Enum { get; init; } = [];

    public long? MinInteger { get; init; }

    public long? MaxInteger { get; init; }

    public double? MinReal { get; init; }

    public double? MaxReal { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    /// <summary>For uuid columns that reference another table.</summary>
    public string? RefTable { get; init; }

    public RefType RefType { get; init; } = RefType.Strong;
}
