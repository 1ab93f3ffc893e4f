using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Overlay.Ovsdb;

/// <summary>
/// A row (or part of one): column name → datum. Immutable; build with an object initializer
/// (<c>new OvsdbRow { ["name"] = "br-int" }</c>) or <see cref="With"/>.
/// </summary>
public sealed class OvsdbRow : IReadOnlyDictionary<string, OvsdbDatum>, IEquatable<OvsdbRow>
{
    private readonly ImmutableSortedDictionary<string, OvsdbDatum> _columns;

    public OvsdbRow()
    {
        _columns = ImmutableSortedDictionary<string, OvsdbDatum>.Empty.WithComparers(StringComparer.Ordinal);
    }

    public OvsdbRow(IEnumerable<KeyValuePair<string, OvsdbDatum>> columns)
    {
        _columns = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, columns);
    }

    private OvsdbRow(ImmutableSortedDictionary<string, OvsdbDatum> columns) => _columns = columns;

    public static OvsdbRow Empty { get; } = new();

    /// <summary>The column's value; throws <see cref="KeyNotFoundException"/> naming the column when absent.</summary>
    public OvsdbDatum this[string column]
    {
        get => _columns.TryGetValue(column, out var value) ? value : throw new KeyNotFoundException($"row has no column '{column}'");
        init => _columns = _columns.SetItem(column, value);
    }

    public IEnumerable<string> Keys => _columns.Keys;

    public IEnumerable<OvsdbDatum> Values => _columns.Values;

    public int Count => _columns.Count;

    /// <summary>The <c>_uuid</c> column, present in rows read by select and monitor.</summary>
    public Guid? Uuid => _columns.TryGetValue("_uuid", out var d) && d.TryGetSingle(out var a) && a.Kind == AtomKind.Uuid ? a.AsUuid : null;

    public OvsdbRow With(string column, OvsdbDatum value) => new(_columns.SetItem(column, value));

    /// <summary>This row with every column of <paramref name="changes"/> replacing its own (applying a monitor "new").</summary>
    public OvsdbRow Merge(OvsdbRow changes) => new(_columns.SetItems(changes._columns));

    public bool ContainsKey(string key) => _columns.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out OvsdbDatum value) => _columns.TryGetValue(key, out value);

    public string GetString(string column) => this[column].Single().AsString;

    public long GetInteger(string column) => this[column].Single().AsInteger;

    public bool GetBoolean(string column) => this[column].Single().AsBoolean;

    public Guid GetUuid(string column) => this[column].Single().AsUuid;

    /// <summary>An optional (min 0, max 1) column's atom, or null when the set is empty or the column absent.</summary>
    public OvsdbAtom? GetOptional(string column) =>
        _columns.TryGetValue(column, out var d) && d.TryGetSingle(out var atom) ? (OvsdbAtom?)atom : null;

    /// <summary>A string map column; an absent column reads as an empty map.</summary>
    public ImmutableSortedDictionary<string, string> GetStringMap(string column) =>
        _columns.TryGetValue(column, out var d) ? d.ToStringMap() : ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>A set of strings; an absent column reads as an empty set.</summary>
    public ImmutableArray<string> GetStrings(string column) => _columns.TryGetValue(column, out var d) ? d.ToStrings() : [];

    /// <summary>A set of uuids; an absent column reads as an empty set.</summary>
    public ImmutableArray<Guid> GetUuids(string column) => _columns.TryGetValue(column, out var d) ? d.ToUuids() : [];

    public IEnumerator<KeyValuePair<string, OvsdbDatum>> GetEnumerator() => _columns.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(OvsdbRow? other) =>
        other is not null && Count == other.Count && _columns.All(c => other._columns.TryGetValue(c.Key, out var v) && v.Equals(c.Value));

    public override bool Equals(object? obj) => Equals(obj as OvsdbRow);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _columns)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _columns.Select(c => $"{c.Key}: {c.Value}")) + "}";
}
