using System.Text.Json;

namespace Overlay.Ovsdb;

/// <summary>RFC 7047 §5.1 condition functions.</summary>
public enum ConditionFunction
{
    LessThan,
    LessOrEqual,
    Equal,
    NotEqual,
    GreaterOrEqual,
    GreaterThan,
    Includes,
    Excludes,
}

/// <summary>One clause of a <c>where</c>: <c>[column, function, value]</c>. The column may be <c>_uuid</c>.</summary>
public sealed record Condition(string Column, ConditionFunction Function, OvsdbDatum Value)
{
    public static Condition Equal(string column, OvsdbDatum value) => new(column, ConditionFunction.Equal, value);

    public static Condition NotEqual(string column, OvsdbDatum value) => new(column, ConditionFunction.NotEqual, value);

    public static Condition Includes(string column, OvsdbDatum value) => new(column, ConditionFunction.Includes, value);

    public static Condition Excludes(string column, OvsdbDatum value) => new(column, ConditionFunction.Excludes, value);

    /// <summary><c>_uuid == uuid</c>.</summary>
    public static Condition RowIs(Guid uuid) => Equal("_uuid", uuid);

    public static string Token(ConditionFunction function) => function switch
    {
        ConditionFunction.LessThan => "<",
        ConditionFunction.LessOrEqual => "<=",
        ConditionFunction.Equal => "==",
        ConditionFunction.NotEqual => "!=",
        ConditionFunction.GreaterOrEqual => ">=",
        ConditionFunction.GreaterThan => ">",
        ConditionFunction.Includes => "includes",
        ConditionFunction.Excludes => "excludes",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(Column);
        writer.WriteStringValue(Token(Function));
        OvsdbJson.WriteDatum(writer, Value);
        writer.WriteEndArray();
    }

    public override string ToString() => $"{Column} {Token(Function)} {Value}";
}
