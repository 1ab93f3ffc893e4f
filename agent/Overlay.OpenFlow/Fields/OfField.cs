namespace Overlay.OpenFlow.Fields;

/// <summary>
/// One match/set_field/move field: its OpenFlow 1.5 wire identity and the names
/// ovs-ofctl uses for it. Instances are singletons from <see cref="OfFields"/>
/// (compare by reference), except ad-hoc ones for unknown fields read off the wire.
/// </summary>
public sealed class OfField
{
    internal OfField(
        string name,
        string nxmName,
        string matchName,
        OxmFieldId id,
        int bytes,
        int bits,
        bool maskable,
        FieldFormat format,
        Prerequisite prerequisite,
        FieldKind kind = FieldKind.Plain,
        int index = 0,
        OxmFieldId[]? alternateIds = null)
    {
        Name = name;
        NxmName = nxmName;
        MatchName = matchName;
        Id = id;
        Bytes = bytes;
        Bits = bits;
        Maskable = maskable;
        Format = format;
        Prerequisite = prerequisite;
        Kind = kind;
        Index = index;
        AlternateIds = alternateIds ?? [];
    }

    /// <summary>The name in <c>set_field:V-&gt;NAME</c> (e.g. <c>eth_src</c>, <c>reg15</c>, <c>tun_metadata0</c>).</summary>
    public string Name { get; }

    /// <summary>The NXM/OXM name used in <c>move:</c> subfields (e.g. <c>NXM_OF_ETH_SRC</c>).</summary>
    public string NxmName { get; }

    /// <summary>The keyword ovs-ofctl prints in a match (e.g. <c>dl_src</c>, <c>nw_dst</c>).</summary>
    public string MatchName { get; }

    /// <summary>The header OVS uses for this field in OpenFlow 1.5.</summary>
    public OxmFieldId Id { get; }

    /// <summary>Other headers that mean the same field (NXM forms of OXM fields).</summary>
    public IReadOnlyList<OxmFieldId> AlternateIds { get; }

    /// <summary>Width in bytes (the maximum, 124, for variable-length tunnel metadata).</summary>
    public int Bytes { get; }

    /// <summary>Number of meaningful bits (for subfield ranges such as <c>[0..14]</c>).</summary>
    public int Bits { get; }

    public bool Maskable { get; }

    public bool IsVariableLength => Kind == FieldKind.TunMetadata;

    public FieldFormat Format { get; }

    public Prerequisite Prerequisite { get; }

    internal FieldKind Kind { get; }

    /// <summary>Register/tunnel-metadata number for indexed fields.</summary>
    internal int Index { get; }

    /// <summary>Position in OVS's match encoding order (also the sort order of a match).</summary>
    internal int Order { get; set; }

    public override string ToString() => Name;
}

internal enum FieldKind
{
    Plain,
    Reg,
    Xreg,
    Xxreg,
    TunMetadata,
    VlanVid,
    IpDscp,
    Unknown,
}
