using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// An immutable OpenFlow match: canonical fields sorted in Open vSwitch's encoding
/// order. Two matches are equal when they match the same packets in the same way,
/// whether built here or decoded from a flow dump. <see cref="ToString"/> prints
/// ovs-ofctl syntax (<c>tcp,reg14=0x1,metadata=0x1,dl_dst=...</c>).
/// </summary>
public sealed class Match : IEquatable<Match>
{
    private readonly int _hash;

    /// <summary>Fields already canonical, sorted and shared by the interner table numbered <paramref name="sharedBy"/> (0: none).</summary>
    internal Match(MatchField[] fields, int sharedBy)
        : this(ImmutableCollectionsMarshal.AsImmutableArray(fields)) => SharedBy = sharedBy;

    internal Match(ImmutableArray<MatchField> fields)
    {
        Fields = fields;
        var hash = new HashCode();
        foreach (MatchField f in fields)
        {
            hash.Add(f);
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>
    /// The number of the <see cref="MatchInterner"/> table all fields come from (0: none known), so interning again is
    /// free. A hint only: it takes no part in equality. An int, which fits beside the hash in the object's padding.
    /// </summary>
    internal int SharedBy { get; set; }

    /// <summary>The match-everything match.</summary>
    public static Match Any { get; } = new([]);

    /// <summary>Fields in encoding order; registers always appear as reg0..reg15.</summary>
    public ImmutableArray<MatchField> Fields { get; }

    public bool IsEmpty => Fields.IsEmpty;

    public static MatchBuilder Builder() => new();

    public MatchBuilder ToBuilder() => new(this);

    public MatchField? Get(OfField field)
    {
        foreach (MatchField f in Fields)
        {
            if (ReferenceEquals(f.Field, field))
            {
                return f;
            }
        }

        return null;
    }

    public bool Contains(OfField field) => Get(field) is not null;

    /// <summary>Problems that make OVS reject this match (missing prerequisites); empty when fine.</summary>
    public IReadOnlyList<string> Validate() => MatchPrerequisites.Check(this);

    public bool Equals(Match? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && Fields.SequenceEqual(other.Fields)));

    public override bool Equals(object? obj) => Equals(obj as Match);

    public override int GetHashCode() => _hash;

    public static bool operator ==(Match? left, Match? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Match? left, Match? right) => !(left == right);

    /// <summary>ovs-ofctl match syntax; empty string for <see cref="Any"/>.</summary>
    public override string ToString() => MatchFormatter.Format(this);
}
