using System.Globalization;
using System.Text;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// Prints a match the way ovs-ofctl does (OVS lib/match.c match_format): same field
/// order, protocol shorthands (ip, tcp, arp, ...), nw_tos for DSCP, dl_vlan/vlan_tci.
/// </summary>
internal static class MatchFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(Match match)
    {
        var parts = new List<string>();
        MatchField? Get(OfField f) => match.Get(f);

        Uint(parts, "pkt_mark", Get(OfFields.PktMark));
        if (Get(OfFields.ConjId) is { } conj)
        {
            parts.Add($"conj_id={conj.ValueAsUInt64.ToString(Inv)}");
        }

        if (Get(OfFields.CtZone) is { } zone)
        {
            parts.Add($"ct_zone={zone.ValueAsUInt64.ToString(Inv)}");
        }

        Uint(parts, "ct_mark", Get(OfFields.CtMark));
        HexBytes(parts, "ct_label", Get(OfFields.CtLabel));

        ulong? ethType = Get(OfFields.EthType)?.ValueAsUInt64;
        ulong? proto = Get(OfFields.IpProto)?.ValueAsUInt64;
        (string? shorthand, bool skipProto) = Shorthand(ethType, proto);
        if (shorthand is not null)
        {
            parts.Add(shorthand);
        }

        for (int i = 0; i < 16; i++)
        {
            Uint(parts, $"reg{i}", Get(OfFields.Reg(i)));
        }

        Uint(parts, "tun_id", Get(OfFields.TunId));
        Ip(parts, "tun_src", Get(OfFields.TunSrc));
        Ip(parts, "tun_dst", Get(OfFields.TunDst));
        for (int i = 0; i < 64; i++)
        {
            if (Get(OfFields.TunMetadata(i)) is { } md)
            {
                string text = $"tun_metadata{i}={FieldText.Hex(md.Value.Span)}";
                if (md.Mask is { IsAllOnes: false } m)
                {
                    text += "/" + FieldText.Hex(m.Span);
                }

                parts.Add(text);
            }
        }

        Uint(parts, "metadata", Get(OfFields.Metadata));
        if (Get(OfFields.InPort) is { } inPort)
        {
            parts.Add("in_port=" + OfPort.Format((uint)inPort.ValueAsUInt64));
        }

        Vlan(parts, Get(OfFields.VlanVid), Get(OfFields.VlanPcp));
        Eth(parts, "dl_src", Get(OfFields.EthSrc));
        Eth(parts, "dl_dst", Get(OfFields.EthDst));
        if (shorthand is null && ethType is { } et)
        {
            parts.Add($"dl_type=0x{et:x4}");
        }

        Ip(parts, "ipv6_src", Get(OfFields.Ipv6Src));
        Ip(parts, "ipv6_dst", Get(OfFields.Ipv6Dst));
        if (Get(OfFields.Ipv6Label) is { } label)
        {
            parts.Add(label.Mask is { } lm
                ? $"ipv6_label=0x{label.ValueAsUInt64:x5}/0x{lm.ToUInt64():x5}"
                : $"ipv6_label=0x{label.ValueAsUInt64:x5}");
        }

        Ip(parts, "arp_spa", Get(OfFields.ArpSpa));
        Ip(parts, "arp_tpa", Get(OfFields.ArpTpa));
        Ip(parts, "nw_src", Get(OfFields.Ipv4Src));
        Ip(parts, "nw_dst", Get(OfFields.Ipv4Dst));
        if (!skipProto && proto is { } p)
        {
            parts.Add($"nw_proto={p.ToString(Inv)}");
        }

        if (Get(OfFields.ArpOp) is { } op)
        {
            parts.Add($"arp_op={op.ValueAsUInt64.ToString(Inv)}");
        }

        Eth(parts, "arp_sha", Get(OfFields.ArpSha));
        Eth(parts, "arp_tha", Get(OfFields.ArpTha));
        if (Get(OfFields.IpDscp) is { } dscp)
        {
            parts.Add($"nw_tos={(dscp.ValueAsUInt64 << 2).ToString(Inv)}");
        }

        Dec(parts, "nw_ecn", Get(OfFields.IpEcn));
        Dec(parts, "nw_ttl", Get(OfFields.IpTtl));
        Port16(parts, "icmp_type", Get(OfFields.Icmpv4Type));
        Port16(parts, "icmp_code", Get(OfFields.Icmpv4Code));
        Port16(parts, "icmp_type", Get(OfFields.Icmpv6Type));
        Port16(parts, "icmp_code", Get(OfFields.Icmpv6Code));
        Ip(parts, "nd_target", Get(OfFields.NdTarget));
        Eth(parts, "nd_sll", Get(OfFields.NdSll));
        Eth(parts, "nd_tll", Get(OfFields.NdTll));
        Port16(parts, "tp_src", Get(OfFields.TcpSrc) ?? Get(OfFields.UdpSrc) ?? Get(OfFields.SctpSrc));
        Port16(parts, "tp_dst", Get(OfFields.TcpDst) ?? Get(OfFields.UdpDst) ?? Get(OfFields.SctpDst));

        foreach (MatchField f in match.Fields)
        {
            if (f.Field.Kind == FieldKind.Unknown)
            {
                HexBytes(parts, f.Field.Name, f);
            }
        }

        return string.Join(',', parts);
    }

    private static (string? Name, bool SkipProto) Shorthand(ulong? ethType, ulong? proto) => ethType switch
    {
        0x0800 => proto switch
        {
            1 => ("icmp", true),
            6 => ("tcp", true),
            17 => ("udp", true),
            132 => ("sctp", true),
            _ => ("ip", false),
        },
        0x86dd => proto switch
        {
            58 => ("icmp6", true),
            6 => ("tcp6", true),
            17 => ("udp6", true),
            132 => ("sctp6", true),
            _ => ("ipv6", false),
        },
        0x0806 => ("arp", false),
        0x8035 => ("rarp", false),
        0x8847 => ("mpls", false),
        0x8848 => ("mplsm", false),
        _ => (null, false),
    };

    // format_uint32_masked / format_be64_masked: "%#x" and "/%#x".
    private static void Uint(List<string> parts, string name, MatchField? f)
    {
        if (f is null)
        {
            return;
        }

        string text = $"{name}={FieldText.Hex(f.ValueAsUInt64)}";
        if (f.Mask is { } m)
        {
            text += "/" + FieldText.Hex(m.ToUInt64());
        }

        parts.Add(text);
    }

    private static void HexBytes(List<string> parts, string name, MatchField? f)
    {
        if (f is null)
        {
            return;
        }

        string text = $"{name}={FieldText.Hex(f.Value.Span)}";
        if (f.Mask is { IsAllOnes: false } m)
        {
            text += "/" + FieldText.Hex(m.Span);
        }

        parts.Add(text);
    }

    private static void Dec(List<string> parts, string name, MatchField? f)
    {
        if (f is not null)
        {
            parts.Add($"{name}={f.ValueAsUInt64.ToString(Inv)}");
        }
    }

    // format_be16_masked: decimal when exact, "0x%x/0x%x" otherwise.
    private static void Port16(List<string> parts, string name, MatchField? f)
    {
        if (f is null)
        {
            return;
        }

        parts.Add(f.Mask is { } m
            ? $"{name}=0x{f.ValueAsUInt64:x}/0x{m.ToUInt64():x}"
            : $"{name}={f.ValueAsUInt64.ToString(Inv)}");
    }

    private static void Eth(List<string> parts, string name, MatchField? f)
    {
        if (f is not null)
        {
            parts.Add($"{name}={FieldText.FormatValue(f.Field, f.Value, f.Mask)}");
        }
    }

    private static void Ip(List<string> parts, string name, MatchField? f)
    {
        if (f is null)
        {
            return;
        }

        parts.Add(f.Field.Format == FieldFormat.IPv6
            ? $"{name}={FieldText.Ipv6Masked(f.Value.Span, f.Mask is { } m6 ? m6.Span : default)}"
            : $"{name}={FieldText.Ipv4Masked(f.Value.Span, f.Mask is { } m4 ? m4.Span : default)}");
    }

    // OVS keeps VID and PCP in one TCI; print dl_vlan/dl_vlan_pcp when that is exact, else vlan_tci.
    private static void Vlan(List<string> parts, MatchField? vid, MatchField? pcp)
    {
        if (vid is null && pcp is null)
        {
            return;
        }

        uint tci = 0;
        uint mask = 0;
        if (vid is not null)
        {
            tci |= (uint)vid.ValueAsUInt64 & 0x1fff;
            mask |= (uint)(vid.Mask?.ToUInt64() ?? 0x1fff) & 0x1fff;
        }

        if (pcp is not null)
        {
            tci |= ((uint)pcp.ValueAsUInt64 & 7) << 13;
            mask |= 0xe000;
        }

        uint vidMask = mask & 0x0fff;
        uint pcpMask = mask & 0xe000;
        bool cfi = (mask & 0x1000) != 0;
        if (cfi && (tci & 0x1000) != 0 && vidMask is 0 or 0x0fff && pcpMask is 0 or 0xe000 && (vidMask | pcpMask) != 0)
        {
            if (vidMask != 0)
            {
                parts.Add($"dl_vlan={(tci & 0xfff).ToString(Inv)}");
            }

            if (pcpMask != 0)
            {
                parts.Add($"dl_vlan_pcp={(tci >> 13).ToString(Inv)}");
            }
        }
        else
        {
            var sb = new StringBuilder($"vlan_tci=0x{tci:x4}");
            if (mask != 0xffff)
            {
                sb.Append($"/0x{mask:x4}");
            }

            parts.Add(sb.ToString());
        }
    }
}
