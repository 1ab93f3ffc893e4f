using System.Net;
using System.Net.Sockets;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// Builds a <see cref="Match"/>. Setting a field twice keeps the last value;
/// <see cref="Build"/> checks OVS's prerequisites and throws if any is missing.
/// </summary>
public sealed class MatchBuilder
{
    private readonly Dictionary<OfField, MatchField> _fields = [];

    public MatchBuilder()
    {
    }

    internal MatchBuilder(Match match)
    {
        foreach (MatchField f in match.Fields)
        {
            _fields[f.Field] = f;
        }
    }

    /// <summary>Sets a field from raw big-endian bytes (mask null = exact).</summary>
    public MatchBuilder Set(OfField field, ByteString value, ByteString? mask = null)
    {
        MatchCanonicalizer.Add(_fields, field, value, mask, strict: true);
        return this;
    }

    /// <summary>Sets a field from an integer (tunnel metadata: as 4 bytes).</summary>
    public MatchBuilder Set(OfField field, ulong value, ulong? mask = null)
    {
        if (field.Bytes is > 8 and <= 16 && !field.IsVariableLength)
        {
            return Set(field, (UInt128)value, mask is { } wide ? (UInt128)wide : null);
        }

        int width = IntegerWidth(field, 8);
        return Set(field, ByteString.FromUInt64(value, width), mask is { } m ? ByteString.FromUInt64(m, width) : null);
    }

    /// <summary>Sets a 16-byte field (xxreg, IPv6, ct_label) from an integer.</summary>
    public MatchBuilder Set(OfField field, UInt128 value, UInt128? mask = null)
    {
        int width = IntegerWidth(field, 16);
        return Set(field, ByteString.FromUInt128(value, width), mask is { } m ? ByteString.FromUInt128(m, width) : null);
    }

    public MatchBuilder Remove(OfField field)
    {
        _fields.Remove(field);
        return this;
    }

    public MatchBuilder InPort(uint port) => Set(OfFields.InPort, port);

    public MatchBuilder Metadata(ulong value, ulong? mask = null) => Set(OfFields.Metadata, value, mask);

    public MatchBuilder Reg(int index, uint value, uint? mask = null) => Set(OfFields.Reg(index), value, mask);

    public MatchBuilder Xreg(int index, ulong value, ulong? mask = null) => Set(OfFields.Xreg(index), value, mask);

    public MatchBuilder Xxreg(int index, UInt128 value, UInt128? mask = null) => Set(OfFields.Xxreg(index), value, mask);

    public MatchBuilder ConjId(uint id) => Set(OfFields.ConjId, id);

    public MatchBuilder TunId(ulong value, ulong? mask = null) => Set(OfFields.TunId, value, mask);

    public MatchBuilder TunSrc(string address) => Ip(OfFields.TunSrc, address);

    public MatchBuilder TunDst(string address) => Ip(OfFields.TunDst, address);

    /// <summary>Matches tunnel metadata (Geneve option) <paramref name="index"/>.</summary>
    public MatchBuilder TunMetadata(int index, ulong value, ulong? mask = null) => Set(OfFields.TunMetadata(index), value, mask);

    public MatchBuilder EthSrc(string mac, string? mask = null) => Mac(OfFields.EthSrc, mac, mask);

    public MatchBuilder EthDst(string mac, string? mask = null) => Mac(OfFields.EthDst, mac, mask);

    public MatchBuilder EthType(ushort ethType) => Set(OfFields.EthType, ethType);

    /// <summary>Tagged with VLAN id <paramref name="vid"/> (sets the OFPVID_PRESENT bit).</summary>
    public MatchBuilder VlanVid(ushort vid) => Set(OfFields.VlanVid, (ulong)(0x1000 | (vid & 0xfff)));

    /// <summary>Only packets without an 802.1Q tag.</summary>
    public MatchBuilder NoVlan() => Set(OfFields.VlanVid, 0UL);

    public MatchBuilder VlanPcp(byte pcp) => Set(OfFields.VlanPcp, pcp);

    public MatchBuilder IpProto(byte proto) => Set(OfFields.IpProto, proto);

    /// <summary>DSCP (6 bits); ovs-ofctl prints it as nw_tos=DSCP&lt;&lt;2.</summary>
    public MatchBuilder IpDscp(byte dscp) => Set(OfFields.IpDscp, dscp);

    public MatchBuilder IpEcn(byte ecn) => Set(OfFields.IpEcn, ecn);

    public MatchBuilder IpTtl(byte ttl) => Set(OfFields.IpTtl, ttl);

    /// <summary>IPv4 source, "10.0.0.1" or "10.0.0.0/8".</summary>
    public MatchBuilder Ipv4Src(string cidr) => Ip(OfFields.Ipv4Src, cidr);

    public MatchBuilder Ipv4Dst(string cidr) => Ip(OfFields.Ipv4Dst, cidr);

    public MatchBuilder Ipv6Src(string cidr) => Ip(OfFields.Ipv6Src, cidr);

    public MatchBuilder Ipv6Dst(string cidr) => Ip(OfFields.Ipv6Dst, cidr);

    public MatchBuilder TcpSrc(ushort port, ushort? mask = null) => Set(OfFields.TcpSrc, port, mask);

    public MatchBuilder TcpDst(ushort port, ushort? mask = null) => Set(OfFields.TcpDst, port, mask);

    public MatchBuilder UdpSrc(ushort port, ushort? mask = null) => Set(OfFields.UdpSrc, port, mask);

    public MatchBuilder UdpDst(ushort port, ushort? mask = null) => Set(OfFields.UdpDst, port, mask);

    public MatchBuilder Icmpv4Type(byte type) => Set(OfFields.Icmpv4Type, type);

    public MatchBuilder Icmpv4Code(byte code) => Set(OfFields.Icmpv4Code, code);

    public MatchBuilder ArpOp(ushort op) => Set(OfFields.ArpOp, op);

    public MatchBuilder ArpSpa(string cidr) => Ip(OfFields.ArpSpa, cidr);

    public MatchBuilder ArpTpa(string cidr) => Ip(OfFields.ArpTpa, cidr);

    public MatchBuilder ArpSha(string mac, string? mask = null) => Mac(OfFields.ArpSha, mac, mask);

    public MatchBuilder ArpTha(string mac, string? mask = null) => Mac(OfFields.ArpTha, mac, mask);

    /// <summary>dl_type=0x0800 (ovs-ofctl "ip").</summary>
    public MatchBuilder IPv4() => EthType(0x0800);

    public MatchBuilder IPv6() => EthType(0x86dd);

    public MatchBuilder Arp() => EthType(0x0806);

    public MatchBuilder Tcp() => IPv4().IpProto(6);

    public MatchBuilder Udp() => IPv4().IpProto(17);

    public MatchBuilder Icmp() => IPv4().IpProto(1);

    /// <summary>Builds the match; throws <see cref="InvalidOperationException"/> listing missing prerequisites.</summary>
    public Match Build() => Checked(BuildUnchecked());

    /// <summary><paramref name="match"/> itself, or <see cref="InvalidOperationException"/> listing the prerequisites it misses.</summary>
    internal static Match Checked(Match match)
    {
        IReadOnlyList<string> problems = match.Validate();
        return problems.Count == 0
            ? match
            : throw new InvalidOperationException($"match '{match}' would be rejected by the switch: {string.Join("; ", problems)}");
    }

    /// <summary>Builds without the prerequisite check (to provoke errors in tests, or for partial matches).</summary>
    public Match BuildUnchecked() => Sorted(_fields);

    internal static Match FromWire(Dictionary<OfField, MatchField> fields) => Sorted(fields);

    // Each field once, so encoding order is a total order and an unstable sort gives the one result.
    private static Match Sorted(Dictionary<OfField, MatchField> fields)
    {
        if (fields.Count == 0)
        {
            return Match.Any;
        }

        var sorted = new MatchField[fields.Count];
        fields.Values.CopyTo(sorted, 0);
        Array.Sort(sorted, static (a, b) => a.Field.Order.CompareTo(b.Field.Order));
        return new Match(sorted, 0);
    }

    private MatchBuilder Mac(OfField field, string mac, string? mask) =>
        Set(field, ByteString.Wrap(FieldText.ParseMac(mac)), mask is null ? null : ByteString.Wrap(FieldText.ParseMac(mask)));

    private MatchBuilder Ip(OfField field, string cidr)
    {
        int slash = cidr.IndexOf('/', StringComparison.Ordinal);
        IPAddress address = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        int width = field.Bytes;
        bool wantV6 = width == 16;
        if ((address.AddressFamily == AddressFamily.InterNetworkV6) != wantV6)
        {
            throw new ArgumentException($"{field.Name} needs an IPv{(wantV6 ? 6 : 4)} address, got '{cidr}'", nameof(cidr));
        }

        ByteString? mask = null;
        if (slash >= 0)
        {
            string suffix = cidr[(slash + 1)..];
            mask = int.TryParse(suffix, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int prefix)
                ? ByteString.Wrap(FieldText.PrefixMask(prefix, width))
                : ByteString.Wrap(IPAddress.Parse(suffix).GetAddressBytes());
        }

        return Set(field, ByteString.Wrap(address.GetAddressBytes()), mask);
    }

    private static int IntegerWidth(OfField field, int max)
    {
        int width = field.IsVariableLength ? 4 : field.Bytes;
        return width <= max
            ? width
            : throw new ArgumentException($"field {field.Name} is {field.Bytes} bytes; pass a ByteString or UInt128", nameof(field));
    }
}
