using System.Collections.Concurrent;
using System.Collections.Frozen;
using Fmt = Overlay.OpenFlow.Fields.FieldFormat;
using Pre = Overlay.OpenFlow.Fields.Prerequisite;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// The fields this library knows, declared once in Open vSwitch's OpenFlow 1.5 match
/// encoding order (<c>nx_put_raw</c>): that order is also the sort order of a
/// <see cref="Match"/>, so our encoding is byte-for-byte what ovs-ofctl sends.
/// </summary>
public static class OfFields
{
    private const ushort B = OxmClass.OpenFlowBasic;
    private const ushort N0 = OxmClass.Nxm0;
    private const ushort N1 = OxmClass.Nxm1;

    public static readonly OfField ConjId = F("conj_id", "NXM_NX_CONJ_ID", "conj_id", N1, 37, 4, 32, false, Fmt.Decimal, Pre.None);
    public static readonly OfField InPort = F("in_port", "OXM_OF_IN_PORT", "in_port", B, 0, 4, 32, false, Fmt.Port, Pre.None);
    public static readonly OfField EthSrc = F("eth_src", "NXM_OF_ETH_SRC", "dl_src", B, 4, 6, 48, true, Fmt.Ethernet, Pre.None, Alt(N0, 2));
    public static readonly OfField EthDst = F("eth_dst", "NXM_OF_ETH_DST", "dl_dst", B, 3, 6, 48, true, Fmt.Ethernet, Pre.None, Alt(N0, 1));
    public static readonly OfField EthType = F("eth_type", "NXM_OF_ETH_TYPE", "dl_type", B, 5, 2, 16, false, Fmt.Hexadecimal, Pre.None, Alt(N0, 3));
    public static readonly OfField VlanVid = F("vlan_vid", "OXM_OF_VLAN_VID", "vlan_vid", B, 6, 2, 13, true, Fmt.Decimal, Pre.None, kind: FieldKind.VlanVid);
    public static readonly OfField VlanPcp = F("vlan_pcp", "OXM_OF_VLAN_PCP", "dl_vlan_pcp", B, 7, 1, 3, false, Fmt.Decimal, Pre.VlanVid);
    public static readonly OfField Ipv4Src = F("ip_src", "NXM_OF_IP_SRC", "nw_src", B, 11, 4, 32, true, Fmt.IPv4, Pre.IPv4, Alt(N0, 7));
    public static readonly OfField Ipv4Dst = F("ip_dst", "NXM_OF_IP_DST", "nw_dst", B, 12, 4, 32, true, Fmt.IPv4, Pre.IPv4, Alt(N0, 8));
    public static readonly OfField Ipv6Src = F("ipv6_src", "NXM_NX_IPV6_SRC", "ipv6_src", B, 26, 16, 128, true, Fmt.IPv6, Pre.IPv6, Alt(N1, 19));
    public static readonly OfField Ipv6Dst = F("ipv6_dst", "NXM_NX_IPV6_DST", "ipv6_dst", B, 27, 16, 128, true, Fmt.IPv6, Pre.IPv6, Alt(N1, 20));
    public static readonly OfField IpDscp = F("ip_dscp", "OXM_OF_IP_DSCP", "nw_tos", B, 8, 1, 6, false, Fmt.Decimal, Pre.IPAny, kind: FieldKind.IpDscp);
    public static readonly OfField IpEcn = F("nw_ecn", "NXM_NX_IP_ECN", "nw_ecn", B, 9, 1, 2, false, Fmt.Decimal, Pre.IPAny, Alt(N1, 28));
    public static readonly OfField IpTtl = F("nw_ttl", "NXM_NX_IP_TTL", "nw_ttl", N1, 29, 1, 8, false, Fmt.Decimal, Pre.IPAny);
    public static readonly OfField Ipv6Label = F("ipv6_label", "NXM_NX_IPV6_LABEL", "ipv6_label", B, 28, 4, 20, true, Fmt.Hexadecimal, Pre.IPv6, Alt(N1, 27));
    public static readonly OfField IpProto = F("nw_proto", "NXM_OF_IP_PROTO", "nw_proto", B, 10, 1, 8, false, Fmt.Decimal, Pre.IPAny, Alt(N0, 6));
    public static readonly OfField TcpSrc = F("tcp_src", "NXM_OF_TCP_SRC", "tp_src", B, 13, 2, 16, true, Fmt.Decimal, Pre.Tcp, Alt(N0, 9));
    public static readonly OfField TcpDst = F("tcp_dst", "NXM_OF_TCP_DST", "tp_dst", B, 14, 2, 16, true, Fmt.Decimal, Pre.Tcp, Alt(N0, 10));
    public static readonly OfField UdpSrc = F("udp_src", "NXM_OF_UDP_SRC", "tp_src", B, 15, 2, 16, true, Fmt.Decimal, Pre.Udp, Alt(N0, 11));
    public static readonly OfField UdpDst = F("udp_dst", "NXM_OF_UDP_DST", "tp_dst", B, 16, 2, 16, true, Fmt.Decimal, Pre.Udp, Alt(N0, 12));
    public static readonly OfField SctpSrc = F("sctp_src", "OXM_OF_SCTP_SRC", "tp_src", B, 17, 2, 16, true, Fmt.Decimal, Pre.Sctp);
    public static readonly OfField SctpDst = F("sctp_dst", "OXM_OF_SCTP_DST", "tp_dst", B, 18, 2, 16, true, Fmt.Decimal, Pre.Sctp);
    public static readonly OfField Icmpv4Type = F("icmp_type", "NXM_OF_ICMP_TYPE", "icmp_type", B, 19, 1, 8, false, Fmt.Decimal, Pre.Icmpv4, Alt(N0, 13));
    public static readonly OfField Icmpv4Code = F("icmp_code", "NXM_OF_ICMP_CODE", "icmp_code", B, 20, 1, 8, false, Fmt.Decimal, Pre.Icmpv4, Alt(N0, 14));
    public static readonly OfField Icmpv6Type = F("icmpv6_type", "NXM_NX_ICMPV6_TYPE", "icmp_type", B, 29, 1, 8, false, Fmt.Decimal, Pre.Icmpv6, Alt(N1, 21));
    public static readonly OfField Icmpv6Code = F("icmpv6_code", "NXM_NX_ICMPV6_CODE", "icmp_code", B, 30, 1, 8, false, Fmt.Decimal, Pre.Icmpv6, Alt(N1, 22));
    public static readonly OfField NdTarget = F("nd_target", "NXM_NX_ND_TARGET", "nd_target", B, 31, 16, 128, true, Fmt.IPv6, Pre.Nd, Alt(N1, 23));
    public static readonly OfField NdSll = F("nd_sll", "NXM_NX_ND_SLL", "nd_sll", B, 32, 6, 48, true, Fmt.Ethernet, Pre.NdSolicit, Alt(N1, 24));
    public static readonly OfField NdTll = F("nd_tll", "NXM_NX_ND_TLL", "nd_tll", B, 33, 6, 48, true, Fmt.Ethernet, Pre.NdAdvert, Alt(N1, 25));
    public static readonly OfField ArpOp = F("arp_op", "NXM_OF_ARP_OP", "arp_op", B, 21, 2, 16, false, Fmt.Decimal, Pre.Arp, Alt(N0, 15));
    public static readonly OfField ArpSpa = F("arp_spa", "NXM_OF_ARP_SPA", "arp_spa", B, 22, 4, 32, true, Fmt.IPv4, Pre.Arp, Alt(N0, 16));
    public static readonly OfField ArpTpa = F("arp_tpa", "NXM_OF_ARP_TPA", "arp_tpa", B, 23, 4, 32, true, Fmt.IPv4, Pre.Arp, Alt(N0, 17));
    public static readonly OfField ArpSha = F("arp_sha", "NXM_NX_ARP_SHA", "arp_sha", B, 24, 6, 48, true, Fmt.Ethernet, Pre.Arp, Alt(N1, 17));
    public static readonly OfField ArpTha = F("arp_tha", "NXM_NX_ARP_THA", "arp_tha", B, 25, 6, 48, true, Fmt.Ethernet, Pre.Arp, Alt(N1, 18));
    public static readonly OfField TunId = F("tun_id", "NXM_NX_TUN_ID", "tun_id", B, 38, 8, 64, true, Fmt.Hexadecimal, Pre.None, Alt(N1, 16));
    public static readonly OfField TunSrc = F("tun_src", "NXM_NX_TUN_IPV4_SRC", "tun_src", N1, 31, 4, 32, true, Fmt.IPv4, Pre.None);
    public static readonly OfField TunDst = F("tun_dst", "NXM_NX_TUN_IPV4_DST", "tun_dst", N1, 32, 4, 32, true, Fmt.IPv4, Pre.None);

    private static readonly OfField[] TunMetadataFields = Indexed(64, i =>
        F($"tun_metadata{i}", $"NXM_NX_TUN_METADATA{i}", $"tun_metadata{i}", N1, (byte)(40 + i), 124, 124 * 8, true, Fmt.Hexadecimal, Pre.None, kind: FieldKind.TunMetadata, index: i));

    private static readonly OfField[] Regs = Indexed(16, i =>
        F($"reg{i}", $"NXM_NX_REG{i}", $"reg{i}", N1, (byte)i, 4, 32, true, Fmt.Hexadecimal, Pre.None, kind: FieldKind.Reg, index: i));

    private static readonly OfField[] Xregs = Indexed(8, i =>
        F($"xreg{i}", $"OXM_OF_PKT_REG{i}", $"xreg{i}", OxmClass.PacketRegs, (byte)i, 8, 64, true, Fmt.Hexadecimal, Pre.None, kind: FieldKind.Xreg, index: i));

    private static readonly OfField[] Xxregs = Indexed(4, i =>
        F($"xxreg{i}", $"NXM_NX_XXREG{i}", $"xxreg{i}", N1, (byte)(111 + i), 16, 128, true, Fmt.Hexadecimal, Pre.None, kind: FieldKind.Xxreg, index: i));

    public static readonly OfField PktMark = F("pkt_mark", "NXM_NX_PKT_MARK", "pkt_mark", N1, 33, 4, 32, true, Fmt.Hexadecimal, Pre.None);
    public static readonly OfField CtZone = F("ct_zone", "NXM_NX_CT_ZONE", "ct_zone", N1, 106, 2, 16, false, Fmt.Hexadecimal, Pre.None);
    public static readonly OfField CtMark = F("ct_mark", "NXM_NX_CT_MARK", "ct_mark", N1, 107, 4, 32, true, Fmt.Hexadecimal, Pre.None);
    public static readonly OfField CtLabel = F("ct_label", "NXM_NX_CT_LABEL", "ct_label", N1, 108, 16, 128, true, Fmt.Hexadecimal, Pre.None);
    public static readonly OfField Metadata = F("metadata", "OXM_OF_METADATA", "metadata", B, 2, 8, 64, true, Fmt.Hexadecimal, Pre.None);

    private static readonly ConcurrentDictionary<(OxmFieldId, int), OfField> UnknownFields = new();
    private static readonly FrozenDictionary<OxmFieldId, OfField> ById;
    private static readonly FrozenDictionary<string, OfField> ByName;

    static OfFields()
    {
        OfField[] all =
        [
            ConjId, InPort, EthSrc, EthDst, EthType, VlanVid, VlanPcp,
            Ipv4Src, Ipv4Dst, Ipv6Src, Ipv6Dst, IpDscp, IpEcn, IpTtl, Ipv6Label, IpProto,
            TcpSrc, TcpDst, UdpSrc, UdpDst, SctpSrc, SctpDst, Icmpv4Type, Icmpv4Code,
            Icmpv6Type, Icmpv6Code, NdTarget, NdSll, NdTll,
            ArpOp, ArpSpa, ArpTpa, ArpSha, ArpTha,
            TunId, TunSrc, TunDst, .. TunMetadataFields,
            .. Regs, .. Xregs, .. Xxregs,
            PktMark, CtZone, CtMark, CtLabel, Metadata,
        ];
        var byId = new Dictionary<OxmFieldId, OfField>();
        var byName = new Dictionary<string, OfField>(StringComparer.Ordinal);
        for (int i = 0; i < all.Length; i++)
        {
            OfField f = all[i];
            f.Order = i;
            byId.Add(f.Id, f);
            foreach (OxmFieldId alt in f.AlternateIds)
            {
                byId.Add(alt, f);
            }

            byName.Add(f.Name, f);
            byName.TryAdd(f.NxmName, f);
        }

        All = all;
        ById = byId.ToFrozenDictionary();
        ByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every known field, in match encoding order.</summary>
    public static IReadOnlyList<OfField> All { get; }

    /// <summary>32-bit register reg0..reg15 (NXM_NX_REG<i>n</i>).</summary>
    public static OfField Reg(int index) => Regs[CheckIndex(index, Regs.Length, "reg")];

    /// <summary>64-bit register xreg0..xreg7 = reg(2n) &lt;&lt; 32 | reg(2n+1).</summary>
    public static OfField Xreg(int index) => Xregs[CheckIndex(index, Xregs.Length, "xreg")];

    /// <summary>128-bit register xxreg0..xxreg3 = reg(4n) (most significant) .. reg(4n+3).</summary>
    public static OfField Xxreg(int index) => Xxregs[CheckIndex(index, Xxregs.Length, "xxreg")];

    /// <summary>Geneve option mapped by the TLV table (tun_metadata0..63).</summary>
    public static OfField TunMetadata(int index) => TunMetadataFields[CheckIndex(index, TunMetadataFields.Length, "tun_metadata")];

    /// <summary>Looks a field up by its wire identity (OXM or NXM form).</summary>
    public static OfField? FromId(OxmFieldId id) => ById.GetValueOrDefault(id);

    /// <summary>Looks a field up by <c>set_field</c> name (reg15) or NXM name (NXM_NX_REG15).</summary>
    public static OfField? FromName(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// A descriptor for a field this library does not model, so it survives a round trip.
    /// One instance per (id, width), so matches holding it still compare equal.
    /// </summary>
    internal static OfField Unknown(OxmFieldId id, int bytes) => UnknownFields.GetOrAdd((id, bytes), static key => MakeUnknown(key.Item1, key.Item2));

    private static OfField MakeUnknown(OxmFieldId id, int bytes)
    {
        string name = id.IsExperimenter
            ? $"oxm_0x{id.Experimenter:x}_{id.Field}"
            : $"oxm_0x{id.Class:x4}_{id.Field}";
        return new OfField(name, name, name, id, bytes, bytes * 8, true, Fmt.Hexadecimal, Pre.None, FieldKind.Unknown)
        {
            Order = 100_000 + (id.Class << 8) + id.Field,
        };
    }

    private static OfField F(
        string name,
        string nxmName,
        string matchName,
        ushort cls,
        byte field,
        int bytes,
        int bits,
        bool maskable,
        FieldFormat format,
        Prerequisite prerequisite,
        OxmFieldId[]? alternates = null,
        FieldKind kind = FieldKind.Plain,
        int index = 0) =>
        new(name, nxmName, matchName, new OxmFieldId(cls, field), bytes, bits, maskable, format, prerequisite, kind, index, alternates);

    private static OxmFieldId[] Alt(ushort cls, byte field) => [new OxmFieldId(cls, field)];

    private static OfField[] Indexed(int count, Func<int, OfField> make) =>
        Enumerable.Range(0, count).Select(make).ToArray();

    private static int CheckIndex(int index, int count, string what) =>
        (uint)index < (uint)count
            ? index
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"{what} index must be 0..{count - 1}");
}
