using System.Collections.Immutable;

namespace Overlay.Ovsdb;

/// <summary>
/// The value of one column: a set of atoms (a scalar is a set of one) or a map.
/// Immutable and canonical: set elements and map keys are sorted and unique, so equal data compare equal.
/// Sets and maps are distinct even when empty, because ovsdb-server insists on <c>["map", …]</c> for map columns.
/// </summary>
public sealed class OvsdbDatum : IEquatable<OvsdbDatum>
{
    private OvsdbDatum(ImmutableArray<OvsdbAtom> keys, ImmutableArray<OvsdbAtom> values, bool isMap)
    {
        Keys = keys;
        Values = values;
        IsMap = isMap;
    }

    public static OvsdbDatum EmptySet { get; } = new([], [], isMap: false);

    public static OvsdbDatum EmptyMap { get; } = new([], [], isMap: true);

    /// <summary>The set elements, or the map keys, in canonical order.</summary>
    public ImmutableArray<OvsdbAtom> Keys { get; }

    /// <summary>The map values, parallel to <see cref="Keys"/>; empty for sets.</summary>
    public ImmutableArray<OvsdbAtom> Values { get; }

    public bool IsMap { get; }

    public int Count => Keys.Length;

    public static OvsdbDatum Scalar(OvsdbAtom atom) => new([atom], [], isMap: false);

    public static OvsdbDatum Set(params ReadOnlySpan<OvsdbAtom> atoms) => Canonical(atoms.ToArray());

    public static OvsdbDatum Set(IEnumerable<OvsdbAtom> atoms) => Canonical(atoms.ToArray());

    private static OvsdbDatum Canonical(OvsdbAtom[] atoms)
    {
        Array.Sort(atoms);
        int unique = 0;
        for (int i = 0; i < atoms.Length; i++)
        {
            if (unique == 0 || atoms[i] != atoms[unique - 1])
                atoms[unique++] = atoms[i];
        }
        return unique == 0 ? EmptySet : new(ImmutableArray.Create(atoms, 0, unique), [], isMap: false);
    }

    public static OvsdbDatum Map(IEnumerable<KeyValuePair<OvsdbAtom, OvsdbAtom>> pairs)
    {
        var sorted = pairs.ToArray();
        Array.Sort(sorted, static (a, b) => a.Key.CompareTo(b.Key));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Key == sorted[i - 1].Key)
                throw new ArgumentException($"duplicate map key '{sorted[i].Key}'", nameof(pairs));
        }
        return new(
            sorted.Select(static p => p.Key).ToImmutableArray(),
            sorted.Select(static p => p.Value).ToImmutableArray(),
            isMap: true);
    }

    public static OvsdbDatum StringMap(IEnumerable<KeyValuePair<string, string>> pairs) =>
        Map(pairs.Select(static p => KeyValuePair.Create(OvsdbAtom.String(p.Key), OvsdbAtom.String(p.Value))));

    public static OvsdbDatum StringSet(IEnumerable<string> items) => Set(items.Select(OvsdbAtom.String));

    public static OvsdbDatum UuidSet(IEnumerable<Guid> items) => Set(items.Select(OvsdbAtom.Uuid));

    public static implicit operator OvsdbDatum(OvsdbAtom atom) => Scalar(atom);

    public static implicit operator OvsdbDatum(string value) => Scalar(value);

    public static implicit operator OvsdbDatum(long value) => Scalar(value);

    public static implicit operator OvsdbDatum(bool value) => Scalar(value);

    public static implicit operator OvsdbDatum(Guid value) => Scalar(value);

    /// <summary>The only element of a set of exactly one; throws otherwise.</summary>
    public OvsdbAtom Single() =>
        !IsMap && Keys.Length == 1 ? Keys[0] : throw new InvalidOperationException($"OVSDB datum {this} is not a single atom");

    /// <summary>For optional columns (min 0, max 1): the element if present.</summary>
    public bool TryGetSingle(out OvsdbAtom atom)
    {
        atom = !IsMap && Keys.Length == 1 ? Keys[0] : default;
        return !IsMap && Keys.Length == 1;
    }

    public bool Contains(OvsdbAtom key) => ImmutableArray.BinarySearch(Keys, key) >= 0;

    public bool TryGetValue(OvsdbAtom key, out OvsdbAtom value)
    {
        int i = IsMap ? ImmutableArray.BinarySearch(Keys, key) : -1;
        value = i >= 0 ? Values[i] : default;
        return i >= 0;
    }

    /// <summary>A string→string map as a dictionary (external_ids, options, other_config).</summary>
    public ImmutableSortedDictionary<string, string> ToStringMap()
    {
        if (!IsMap && Keys.Length > 0)
            throw new InvalidOperationException($"OVSDB datum {this} is not a map");
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < Keys.Length; i++)
            builder[Keys[i].AsString] = Values[i].AsString;
        return builder.ToImmutable();
    }

    public ImmutableArray<string> ToStrings() => Keys.Select(static a => a.AsString).ToImmutableArray();

    public ImmutableArray<Guid> ToUuids() => Keys.Select(static a => a.AsUuid).ToImmutableArray();

    public bool Equals(OvsdbDatum? other) =>
        other is not null && IsMap == other.IsMap && Keys.SequenceEqual(other.Keys) && Values.SequenceEqual(other.Values);

    public override bool Equals(object? obj) => Equals(obj as OvsdbDatum);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IsMap);
        foreach (var key in Keys)
            hash.Add(key);
        foreach (var value in Values)
            hash.Add(value);
        return hash.ToHashCode();
    }

    public static bool operator ==(OvsdbDatum? left, OvsdbDatum? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(OvsdbDatum? left, OvsdbDatum? right) => !(left == right);

    /// <summary>ovs-vsctl style: <c>br-int</c>, <c>[a, b]</c>, <c>{k=v}</c>.</summary>
    public override string ToString()
    {
        if (IsMap)
            return "{" + string.Join(", ", Keys.Select((k, i) => $"{k}={Values[i]}")) + "}";
        return Keys.Length == 1 ? Keys[0].ToString() : "[" + string.Join(", ", Keys) + "]";
    }
}
