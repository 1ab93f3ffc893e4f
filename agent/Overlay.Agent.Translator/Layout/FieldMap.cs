using System.Collections.Frozen;
using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Layout;

/// <summary>Bits [StorageOffset, StorageOffset+Width) of a logical storage live in bits [FieldOffset, ...) of an OpenFlow field.</summary>
public sealed record FieldSegment(int StorageOffset, int Width, OfField Field, int FieldOffset);

/// <summary>Where one logical storage (eth.src, xxreg0, vlan.tci ...) lives on br-int. <see cref="Id"/> is dense, for tables.</summary>
public sealed class StorageMapping
{
    internal StorageMapping(int id, string storage, int width, ImmutableArray<FieldSegment> segments)
    {
        Id = id;
        Storage = storage;
        Width = width;
        Segments = segments;
        if (segments.Length == 1 && segments[0] is { StorageOffset: 0, FieldOffset: 0 } only && only.Width == only.Field.Bits)
            WholeField = only.Field;
    }

    /// <summary>The OpenFlow field when the storage is all of one field, bit for bit (eth.src, reg0, ip4.dst); else null.</summary>
    internal OfField? WholeField { get; }

    public int Id { get; }

    public string Storage { get; }

    public int Width { get; }

    public ImmutableArray<FieldSegment> Segments { get; }

    public override string ToString() => Storage;
}

/// <summary>
/// Logical storages of <see cref="SymbolTable.Default"/> → OpenFlow fields, declared once. Ports, flags and
/// logical registers go where <see cref="RegisterMap"/> says; packet fields to their OXM/NXM field;
/// vlan.tci is split like OVS does for OXM (vid + present bit in vlan_vid, pcp in vlan_pcp).
/// Storages OVS has but the codec does not model are listed in <see cref="Unsupported"/>.
/// </summary>
public static class FieldMap
{
    private static readonly (string Storage, OfField Field)[] Headers =
    [
        ("pkt.mark", OfFields.PktMark),
        ("ct_mark", OfFields.CtMark),
        ("ct_label", OfFields.CtLabel),
        ("eth.src", OfFields.EthSrc),
        ("eth.dst", OfFields.EthDst),
        ("eth.type", OfFields.EthType),
        ("ip.proto", OfFields.IpProto),
        ("ip.dscp", OfFields.IpDscp),
        ("ip.ecn", OfFields.IpEcn),
        ("ip.ttl", OfFields.IpTtl),
        ("ip4.src", OfFields.Ipv4Src),
        ("ip4.dst", OfFields.Ipv4Dst),
        ("ip6.src", OfFields.Ipv6Src),
        ("ip6.dst", OfFields.Ipv6Dst),
        ("ip6.label", OfFields.Ipv6Label),
        ("icmp4.type", OfFields.Icmpv4Type),
        ("icmp4.code", OfFields.Icmpv4Code),
        ("icmp6.type", OfFields.Icmpv6Type),
        ("icmp6.code", OfFields.Icmpv6Code),
        ("arp.op", OfFields.ArpOp),
        ("arp.spa", OfFields.ArpSpa),
        ("arp.tpa", OfFields.ArpTpa),
        ("arp.sha", OfFields.ArpSha),
        ("arp.tha", OfFields.ArpTha),
        ("nd.target", OfFields.NdTarget),
        ("nd.sll", OfFields.NdSll),
        ("nd.tll", OfFields.NdTll),
        ("tcp.src", OfFields.TcpSrc),
        ("tcp.dst", OfFields.TcpDst),
        ("udp.src", OfFields.UdpSrc),
        ("udp.dst", OfFields.UdpDst),
        ("sctp.src", OfFields.SctpSrc),
        ("sctp.dst", OfFields.SctpDst),
    ];

    /// <summary>Logical storages with no OpenFlow field in the codec yet, and why flows using them are skipped.</summary>
    public static FrozenDictionary<string, string> Unsupported { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ct_state"] = "conntrack state (ct_state) is not modelled by the OpenFlow codec",
        ["ip.frag"] = "nw_frag is not modelled by the OpenFlow codec",
        ["tcp.flags"] = "tcp_flags is not modelled by the OpenFlow codec",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static ImmutableArray<StorageMapping> All { get; } = Build(SymbolTable.Default);

    private static readonly FrozenDictionary<string, StorageMapping> ByName = All.ToFrozenDictionary(m => m.Storage, StringComparer.Ordinal);

    public static StorageMapping? Find(string storage) => ByName.GetValueOrDefault(storage);

    public static StorageMapping Inport { get; } = ByName["inport"];

    public static StorageMapping Outport { get; } = ByName["outport"];

    private static ImmutableArray<StorageMapping> Build(SymbolTable symbols)
    {
        var list = ImmutableArray.CreateBuilder<StorageMapping>();
        foreach (var storage in symbols.Storages.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (Unsupported.ContainsKey(storage.Name)) continue;
            var segments = SegmentsOf(storage)
                ?? throw new InvalidOperationException($"logical storage '{storage.Name}' has no place on br-int");
            list.Add(new StorageMapping(list.Count, storage.Name, storage.Width, segments));
        }
        return list.ToImmutable();
    }

    private static ImmutableArray<FieldSegment>? SegmentsOf(FieldStorage storage)
    {
        if (RegisterMap.Find(storage.Name) is { } reg)
            return [new FieldSegment(0, storage.Width, reg.Field, reg.Offset)];
        if (storage.Name == "vlan.tci")
            // OXM: vlan_vid holds the 12-bit VID plus OFPVID_PRESENT (bit 12 = the CFI bit of the logical TCI).
            return [new FieldSegment(0, 13, OfFields.VlanVid, 0), new FieldSegment(13, 3, OfFields.VlanPcp, 0)];
        foreach (var (name, field) in Headers)
            if (name == storage.Name) return [new FieldSegment(0, storage.Width, field, 0)];
        return null;
    }
}
