using System.Text.Json;

namespace Overlay.Ovsdb;

/// <summary>RFC 7047 §5.1 mutators.</summary>
public enum Mutator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Insert,
    Delete,
}

/// <summary>One <c>[column, mutator, value]</c> of a mutate operation.</summary>
public sealed record Mutation(string Column, Mutator Mutator, OvsdbDatum Value)
{
    /// <summary>Adds elements to a set, or pairs to a map (existing keys keep their value).</summary>
    public static Mutation Insert(string column, OvsdbDatum value) => new(column, Mutator.Insert, value);

    /// <summary>Removes elements from a set; from a map, removes the given keys (a set) or exact pairs (a map).</summary>
    public static Mutation Delete(string column, OvsdbDatum value) => new(column, Mutator.Delete, value);

    public static string Token(Mutator mutator) => mutator switch
    {
        Mutator.Add => "+=",
        Mutator.Subtract => "-=",
        Mutator.Multiply => "*=",
        Mutator.Divide => "/=",
        Mutator.Modulo => "%=",
        Mutator.Insert => "insert",
        Mutator.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(mutator), mutator, null),
    };

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(Column);
        writer.WriteStringValue(Token(Mutator));
        OvsdbJson.WriteDatum(writer, Value);
        writer.WriteEndArray();
    }

    public override string ToString() => $"{Column} {Token(Mutator)} {Value}";
}
