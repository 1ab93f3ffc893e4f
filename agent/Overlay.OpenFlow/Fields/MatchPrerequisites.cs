namespace Overlay.OpenFlow.Fields;

/// <summary>Checks OVS's field prerequisites (e.g. nw_src needs dl_type=0x0800).</summary>
internal static class MatchPrerequisites
{
    private const ulong Ip = 0x0800;
    private const ulong Ipv6 = 0x86dd;

    /// <summary>The problems; an empty array (nothing allocated) when there are none, as for nearly every match.</summary>
    public static IReadOnlyList<string> Check(Match match)
    {
        var fields = match.Fields;
        ulong? ethType = null, proto = null, icmp6Type = null;
        MatchField? vid = null;
        foreach (MatchField f in fields)
        {
            if (ReferenceEquals(f.Field, OfFields.EthType))
            {
                ethType = f.ValueAsUInt64;
            }
            else if (ReferenceEquals(f.Field, OfFields.IpProto))
            {
                proto = f.ValueAsUInt64;
            }
            else if (ReferenceEquals(f.Field, OfFields.Icmpv6Type))
            {
                icmp6Type = f.ValueAsUInt64;
            }
            else if (ReferenceEquals(f.Field, OfFields.VlanVid))
            {
                vid = f;
            }
        }

        List<string>? problems = null;
        foreach (MatchField f in fields)
        {
            if (f.Field.Prerequisite != Prerequisite.None && Need(f.Field.Prerequisite, ethType, proto, icmp6Type, vid) is { } need)
            {
                (problems ??= []).Add($"{f.Field.Name} needs {need}");
            }
        }

        return problems ?? (IReadOnlyList<string>)[];
    }

    private static string? Need(Prerequisite prerequisite, ulong? ethType, ulong? proto, ulong? icmp6Type, MatchField? vid) => prerequisite switch
    {
        Prerequisite.IPv4 when ethType != Ip => "eth_type=0x0800 (ip)",
        Prerequisite.IPv6 when ethType != Ipv6 => "eth_type=0x86dd (ipv6)",
        Prerequisite.IPAny when ethType is not (Ip or Ipv6) => "eth_type ip or ipv6",
        Prerequisite.Arp when ethType is not (0x0806 or 0x8035) => "eth_type=0x0806 (arp) or 0x8035 (rarp)",
        Prerequisite.Tcp when ethType is not (Ip or Ipv6) || proto != 6 => "ip or ipv6 with nw_proto=6 (tcp)",
        Prerequisite.Udp when ethType is not (Ip or Ipv6) || proto != 17 => "ip or ipv6 with nw_proto=17 (udp)",
        Prerequisite.Sctp when ethType is not (Ip or Ipv6) || proto != 132 => "ip or ipv6 with nw_proto=132 (sctp)",
        Prerequisite.Icmpv4 when ethType != Ip || proto != 1 => "ip with nw_proto=1 (icmp)",
        Prerequisite.Icmpv6 when ethType != Ipv6 || proto != 58 => "ipv6 with nw_proto=58 (icmp6)",
        Prerequisite.Nd when ethType != Ipv6 || proto != 58 || icmp6Type is not (135 or 136) => "icmp6 with icmp_type 135 or 136",
        Prerequisite.NdSolicit when ethType != Ipv6 || proto != 58 || icmp6Type != 135 => "icmp6 with icmp_type=135",
        Prerequisite.NdAdvert when ethType != Ipv6 || proto != 58 || icmp6Type != 136 => "icmp6 with icmp_type=136",
        Prerequisite.VlanVid when vid is null || (vid.ValueAsUInt64 & 0x1000) == 0 => "a VLAN tag (vlan_vid with 0x1000 set)",
        _ => null,
    };
}
