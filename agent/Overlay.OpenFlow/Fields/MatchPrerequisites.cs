namespace Overlay.OpenFlow.Fields;

/// <summary>Checks OVS's field prerequisites (e.g. nw_src needs dl_type=0x0800).</summary>
internal static class MatchPrerequisites
{
    private const ulong Ip = 0x0800;
    private const ulong Ipv6 = 0x86dd;

    public static IReadOnlyList<string> Check(Match match)
    {
        var problems = new List<string>();
        ulong? ethType = match.Get(OfFields.EthType)?.ValueAsUInt64;
        ulong? proto = match.Get(OfFields.IpProto)?.ValueAsUInt64;
        ulong? icmp6Type = match.Get(OfFields.Icmpv6Type)?.ValueAsUInt64;
        MatchField? vid = match.Get(OfFields.VlanVid);

        foreach (MatchField f in match.Fields)
        {
            string? need = f.Field.Prerequisite switch
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
            if (need is not null)
            {
                problems.Add($"{f.Field.Name} needs {need}");
            }
        }

        return problems;
    }
}
