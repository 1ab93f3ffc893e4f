namespace Overlay.OpenFlow.Fields;

/// <summary>What a match must already contain before a field may be matched (OVS's MFP_*).</summary>
public enum Prerequisite
{
    None,
    IPv4,
    IPv6,
    IPAny,
    Arp,
    Tcp,
    Udp,
    Sctp,
    Icmpv4,
    Icmpv6,
    /// <summary>ICMPv6 neighbour solicitation or advertisement.</summary>
    Nd,
    NdSolicit,
    NdAdvert,
    /// <summary>A VLAN tag is present (vlan_vid with the 0x1000 bit).</summary>
    VlanVid,
}
