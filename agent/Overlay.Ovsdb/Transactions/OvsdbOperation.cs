using System.Collections.Immutable;
using System.Text.Json;

namespace Overlay.Ovsdb;

/// <summary>One operation of a <c>transact</c> request (RFC 7047 §5.2). <see cref="ToString"/> describes it for diagnostics.</summary>
public abstract record OvsdbOperation
{
    private protected OvsdbOperation()
    {
    }

    /// <summary>The operation's JSON object.</summary>
    public abstract void WriteTo(Utf8JsonWriter writer);

    public abstract override string ToString();

    private protected static void WriteWhere(Utf8JsonWriter writer, ImmutableArray<Condition> where)
    {
        writer.WriteStartArray("where");
        foreach (var condition in where.IsDefault ? [] : where)
            condition.WriteTo(writer);
        writer.WriteEndArray();
    }

    private protected static void WriteColumns(Utf8JsonWriter writer, ImmutableArray<string> columns)
    {
        writer.WriteStartArray("columns");
        foreach (string column in columns)
            writer.WriteStringValue(column);
        writer.WriteEndArray();
    }

    private protected static string DescribeWhere(ImmutableArray<Condition> where) =>
        where.IsDefaultOrEmpty ? "all rows" : "where " + string.Join(" && ", where);
}

/// <summary>Inserts a row; <see cref="UuidName"/> lets later operations refer to it as <c>["named-uuid", name]</c>.</summary>
public sealed record Insert(string Table, OvsdbRow Row, string? UuidName = null) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "insert");
        writer.WriteString("table", Table);
        writer.WritePropertyName("row");
        OvsdbJson.WriteRow(writer, Row);
        if (UuidName is not null)
            writer.WriteString("uuid-name", UuidName);
        writer.WriteEndObject();
    }

    public override string ToString() => $"insert into {Table}{(UuidName is null ? "" : " as @" + UuidName)} {Row}";
}

/// <summary>Reads rows; <see cref="Columns"/> default means every column (including <c>_uuid</c> and <c>_version</c>).</summary>
public sealed record Select(string Table, ImmutableArray<Condition> Where, ImmutableArray<string> Columns = default) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "select");
        writer.WriteString("table", Table);
        WriteWhere(writer, Where);
        if (!Columns.IsDefault)
            WriteColumns(writer, Columns);
        writer.WriteEndObject();
    }

    public override string ToString() => $"select from {Table} {DescribeWhere(Where)}";
}

public sealed record Update(string Table, ImmutableArray<Condition> Where, OvsdbRow Row) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "update");
        writer.WriteString("table", Table);
        WriteWhere(writer, Where);
        writer.WritePropertyName("row");
        OvsdbJson.WriteRow(writer, Row);
        writer.WriteEndObject();
    }

    public override string ToString() => $"update {Table} {DescribeWhere(Where)} set {Row}";
}

public sealed record Mutate(string Table, ImmutableArray<Condition> Where, ImmutableArray<Mutation> Mutations) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "mutate");
        writer.WriteString("table", Table);
        WriteWhere(writer, Where);
        writer.WriteStartArray("mutations");
        foreach (var mutation in Mutations)
            mutation.WriteTo(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public override string ToString() => $"mutate {Table} {DescribeWhere(Where)}: {string.Join(", ", Mutations)}";
}

public sealed record Delete(string Table, ImmutableArray<Condition> Where) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "delete");
        writer.WriteString("table", Table);
        WriteWhere(writer, Where);
        writer.WriteEndObject();
    }

    public override string ToString() => $"delete from {Table} {DescribeWhere(Where)}";
}

public enum WaitUntil
{
    Equal,
    NotEqual,
}

/// <summary>
/// Blocks (up to <see cref="Timeout"/>, forever when null) until the rows matching <see cref="Where"/>, projected to
/// <see cref="Columns"/>, equal (or differ from) <see cref="Rows"/>. With a zero timeout it is an optimistic-concurrency
/// guard: the whole transaction fails with "timed out" unless the database still looks as expected.
/// </summary>
public sealed record Wait(
    string Table,
    ImmutableArray<Condition> Where,
    ImmutableArray<string> Columns,
    WaitUntil Until,
    ImmutableArray<OvsdbRow> Rows,
    TimeSpan? Timeout = null) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "wait");
        writer.WriteString("table", Table);
        WriteWhere(writer, Where);
        WriteColumns(writer, Columns.IsDefault ? [] : Columns);
        writer.WriteString("until", Until == WaitUntil.Equal ? "==" : "!=");
        writer.WriteStartArray("rows");
        foreach (var row in Rows.IsDefault ? [] : Rows)
            OvsdbJson.WriteRow(writer, row);
        writer.WriteEndArray();
        if (Timeout is { } timeout)
            writer.WriteNumber("timeout", (long)timeout.TotalMilliseconds);
        writer.WriteEndObject();
    }

    public override string ToString() =>
        $"wait until {Table} {DescribeWhere(Where)} [{string.Join(", ", Columns.IsDefault ? [] : Columns)}] {(Until == WaitUntil.Equal ? "==" : "!=")} {(Rows.IsDefault ? 0 : Rows.Length)} row(s)";
}

/// <summary>Adds a comment to the server's transaction log (shown by <c>ovsdb-tool show-log</c>).</summary>
public sealed record Comment(string Text) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "comment");
        writer.WriteString("comment", Text);
        writer.WriteEndObject();
    }

    public override string ToString() => $"comment \"{Text}\"";
}

/// <summary>With <see cref="Durable"/>, the reply waits until the transaction is on disk.</summary>
public sealed record Commit(bool Durable) : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "commit");
        writer.WriteBoolean("durable", Durable);
        writer.WriteEndObject();
    }

    public override string ToString() => $"commit{(Durable ? " durable" : "")}";
}

/// <summary>Makes the whole transaction fail with error "aborted".</summary>
public sealed record Abort : OvsdbOperation
{
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", "abort");
        writer.WriteEndObject();
    }

    public override string ToString() => "abort";
}
