using System.Globalization;

namespace Overlay.Ovsdb;

/// <summary>The kinds of OVSDB atom (RFC 7047 §5.1), plus named-uuid which only exists inside a transaction.</summary>
public enum AtomKind
{
    Integer,
    Real,
    Boolean,
    String,
    Uuid,
    NamedUuid,
}

/// <summary>One OVSDB atomic value. Immutable; ordered by kind, then value, so sets and maps have one canonical order.</summary>
public readonly struct OvsdbAtom : IEquatable<OvsdbAtom>, IComparable<OvsdbAtom>
{
    private readonly long _integer;
    private readonly double _real;
    private readonly string? _string;
    private readonly Guid _uuid;

    private OvsdbAtom(AtomKind kind, long integer = 0, double real = 0, string? text = null, Guid uuid = default)
    {
        Kind = kind;
        _integer = integer;
        _real = real;
        _string = text;
        _uuid = uuid;
    }

    public AtomKind Kind { get; }

    public static OvsdbAtom Integer(long value) => new(AtomKind.Integer, integer: value);

    public static OvsdbAtom Real(double value) =>
        double.IsFinite(value) ? new(AtomKind.Real, real: value) : throw new ArgumentOutOfRangeException(nameof(value), "OVSDB reals must be finite");

    public static OvsdbAtom Boolean(bool value) => new(AtomKind.Boolean, integer: value ? 1 : 0);

    public static OvsdbAtom String(string value) => new(AtomKind.String, text: value ?? throw new ArgumentNullException(nameof(value)));

    public static OvsdbAtom Uuid(Guid value) => new(AtomKind.Uuid, uuid: value);

    /// <summary>A reference to a row inserted earlier in the same transaction by its <c>uuid-name</c>.</summary>
    public static OvsdbAtom NamedUuid(string uuidName)
    {
        if (!IsValidId(uuidName))
            throw new ArgumentException($"'{uuidName}' is not a valid OVSDB <id> (letters, digits, '_', not starting with a digit)", nameof(uuidName));
        return new(AtomKind.NamedUuid, text: uuidName);
    }

    public long AsInteger => Kind == AtomKind.Integer ? _integer : throw WrongKind(AtomKind.Integer);

    /// <summary>The value as a real; integers convert, because a real that happens to be whole is sent as an integer.</summary>
    public double AsReal => Kind switch
    {
        AtomKind.Real => _real,
        AtomKind.Integer => _integer,
        _ => throw WrongKind(AtomKind.Real),
    };

    public bool AsBoolean => Kind == AtomKind.Boolean ? _integer != 0 : throw WrongKind(AtomKind.Boolean);

    public string AsString => Kind == AtomKind.String ? _string! : throw WrongKind(AtomKind.String);

    public Guid AsUuid => Kind == AtomKind.Uuid ? _uuid : throw WrongKind(AtomKind.Uuid);

    public string AsNamedUuid => Kind == AtomKind.NamedUuid ? _string! : throw WrongKind(AtomKind.NamedUuid);

    public static implicit operator OvsdbAtom(long value) => Integer(value);

    public static implicit operator OvsdbAtom(double value) => Real(value);

    public static implicit operator OvsdbAtom(bool value) => Boolean(value);

    public static implicit operator OvsdbAtom(string value) => String(value);

    public static implicit operator OvsdbAtom(Guid value) => Uuid(value);

    public bool Equals(OvsdbAtom other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is OvsdbAtom other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        AtomKind.Real => HashCode.Combine(Kind, _real),
        AtomKind.String or AtomKind.NamedUuid => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(_string!)),
        AtomKind.Uuid => HashCode.Combine(Kind, _uuid),
        _ => HashCode.Combine(Kind, _integer),
    };

    public int CompareTo(OvsdbAtom other)
    {
        if (Kind != other.Kind)
            return Kind.CompareTo(other.Kind);
        return Kind switch
        {
            AtomKind.Real => _real.CompareTo(other._real),
            AtomKind.String or AtomKind.NamedUuid => string.CompareOrdinal(_string, other._string),
            AtomKind.Uuid => _uuid.CompareTo(other._uuid),
            _ => _integer.CompareTo(other._integer),
        };
    }

    public static bool operator ==(OvsdbAtom left, OvsdbAtom right) => left.Equals(right);

    public static bool operator !=(OvsdbAtom left, OvsdbAtom right) => !left.Equals(right);

    /// <summary>Human-readable form in the style of ovs-vsctl: strings unquoted, named-uuids with '@'.</summary>
    public override string ToString() => Kind switch
    {
        AtomKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        AtomKind.Real => _real.ToString("R", CultureInfo.InvariantCulture),
        AtomKind.Boolean => _integer != 0 ? "true" : "false",
        AtomKind.String => _string!,
        AtomKind.Uuid => _uuid.ToString("D"),
        AtomKind.NamedUuid => "@" + _string,
        _ => Kind.ToString(),
    };

    /// <summary>RFC 7047 <c>&lt;id&gt;</c>: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidId(string? text)
    {
        if (string.IsNullOrEmpty(text) || char.IsAsciiDigit(text[0]))
            return false;
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                return false;
        }
        return true;
    }

    private InvalidOperationException WrongKind(AtomKind wanted) =>
        new($"OVSDB atom is {Kind} ({this}), not {wanted}");
}
