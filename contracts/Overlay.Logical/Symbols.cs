using System.Collections.Frozen;

namespace Overlay.Logical;

public enum SymbolKind : byte
{
    /// <summary>A field with its own storage (eth.src, ip4.dst, flags, xxreg0 ...).</summary>
    Field,
    /// <summary>A bit range of another storage (reg0 = xxreg0[96..127], flags.loopback = flags[0]).</summary>
    Subfield,
    /// <summary>A boolean defined by an expression (ip4 = eth.type == 0x800).</summary>
    Predicate,
    /// <summary>A logical port name, stored as a port key (inport, outport).</summary>
    String,
}

/// <summary>
/// One symbol of the match/action language. Storage names the atomic field holding the bits
/// (for fields, the symbol itself), so tracers and translators work on storages only.
/// </summary>
public sealed record Symbol(
    string Name,
    SymbolKind Kind,
    int Width,
    string Storage,
    int Offset,
    bool Ordinal,
    string? Prerequisite,
    string? Expansion,
    bool Writable)
{
    public bool IsPredicate => Kind == SymbolKind.Predicate;
    public bool IsString => Kind == SymbolKind.String;
}

/// <summary>An atomic field (storage) and its width in bits.</summary>
public sealed record FieldStorage(string Name, int Width);

/// <summary>
/// The symbols of OVN's logical language that Overlay supports, declared once as data.
/// Widths, storages, prerequisites and predicate expansions follow OVN 23.03 (lib/logical-fields.c).
/// </summary>
public sealed class SymbolTable
{
    private readonly FrozenDictionary<string, Symbol> symbols;
    private readonly FrozenDictionary<string, FieldStorage> storages;
    // Find runs once per field of every checked flow.
    private readonly NameTable<Symbol> byName;

    private SymbolTable(IEnumerable<FieldStorage> storages, IEnumerable<Symbol> symbols)
    {
        this.storages = storages.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        this.symbols = symbols.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        byName = new NameTable<Symbol>(this.symbols);
    }

    public static SymbolTable Default { get; } = Build();

    public IEnumerable<Symbol> Symbols => symbols.Values;

    public IEnumerable<FieldStorage> Storages => storages.Values;

    public Symbol? Find(string name) => byName.Find(name);

    public FieldStorage? FindStorage(string name) => storages.TryGetValue(name, out var s) ? s : null;

    private static SymbolTable Build()
    {
        var st = new List<FieldStorage>();
        var sy = new List<Symbol>();

        void Field(string name, int width, string? prereq = null, bool ordinal = true, bool writable = true)
        {
            st.Add(new FieldStorage(name, width));
            sy.Add(new Symbol(name, SymbolKind.Field, width, name, 0, ordinal, prereq, null, writable));
        }
        void Sub(string name, string storage, int offset, int width, string? prereq = null, bool ordinal = true, bool writable = true) =>
            sy.Add(new Symbol(name, SymbolKind.Subfield, width, storage, offset, ordinal, prereq, null, writable));
        void Pred(string name, string expansion, string? prereq = null) =>
            sy.Add(new Symbol(name, SymbolKind.Predicate, 1, "", 0, false, prereq, expansion, false));
        void Str(string name, string storage)
        {
            st.Add(new FieldStorage(storage, 32));
            sy.Add(new Symbol(name, SymbolKind.String, 32, storage, 0, false, null, null, true));
        }

        // Logical ports (reg14 / reg15 on the hosts).
        Str("inport", "inport");
        Str("outport", "outport");

        // Registers: xxreg0 = reg0..reg3 with reg0 the most significant word, likewise xxreg1 = reg4..reg7;
        // xreg4 = reg8:reg9; flags = reg10.
        Field("xxreg0", 128);
        Field("xxreg1", 128);
        Field("xreg4", 64);
        for (int r = 0; r < 4; r++)
        {
            Sub($"reg{r}", "xxreg0", 96 - 32 * r, 32);
            Sub($"reg{r + 4}", "xxreg1", 96 - 32 * r, 32);
        }
        Sub("reg8", "xreg4", 32, 32);
        Sub("reg9", "xreg4", 0, 32);
        Sub("xreg0", "xxreg0", 64, 64);
        Sub("xreg1", "xxreg0", 0, 64);
        Sub("xreg2", "xxreg1", 64, 64);
        Sub("xreg3", "xxreg1", 0, 64);
        Field("flags", 32);
        Sub("flags.loopback", "flags", 0, 1);
        Sub("flags.force_snat_for_dnat", "flags", 2, 1);
        Sub("flags.force_snat_for_lb", "flags", 3, 1);
        Sub("flags.skip_snat_for_lb", "flags", 9, 1);
        Sub("flags.use_snat_zone", "flags", 11, 1);
        Field("pkt.mark", 32);

        // Connection tracking (parsed and checked; the data plane support comes with stateful ACLs).
        Field("ct_state", 32, writable: false);
        foreach (var (bit, name) in new[] { (0, "ct.new"), (1, "ct.est"), (2, "ct.rel"), (3, "ct.rpl"), (4, "ct.inv"), (5, "ct.trk"), (6, "ct.snat"), (7, "ct.dnat") })
            Sub(name, "ct_state", bit, 1, name == "ct.trk" ? null : "ct.trk", writable: false);
        Field("ct_mark", 32);
        Sub("ct_mark.blocked", "ct_mark", 0, 1);
        Sub("ct_mark.natted", "ct_mark", 1, 1);
        Field("ct_label", 128);
        Sub("ct_label.blocked", "ct_label", 0, 1);

        // L2.
        Field("eth.src", 48);
        Field("eth.dst", 48);
        Field("eth.type", 16, ordinal: false);
        Pred("eth.bcast", "eth.dst == ff:ff:ff:ff:ff:ff");
        Sub("eth.mcast", "eth.dst", 40, 1);
        Sub("eth.src_mcast", "eth.src", 40, 1);
        Field("vlan.tci", 16);
        Sub("vlan.present", "vlan.tci", 12, 1);
        Sub("vlan.vid", "vlan.tci", 0, 12, "vlan.present");
        Sub("vlan.pcp", "vlan.tci", 13, 3, "vlan.present");

        // L3.
        Pred("ip4", "eth.type == 0x800");
        Pred("ip6", "eth.type == 0x86dd");
        Pred("ip", "ip4 || ip6");
        Field("ip.proto", 8, "ip", ordinal: false);
        Field("ip.dscp", 6, "ip");
        Field("ip.ecn", 2, "ip");
        Field("ip.ttl", 8, "ip");
        Field("ip.frag", 2, "ip", writable: false);
        Sub("ip.is_frag", "ip.frag", 0, 1, "ip", writable: false);
        Sub("ip.later_frag", "ip.frag", 1, 1, "ip", writable: false);
        Field("ip4.src", 32, "ip4");
        Field("ip4.dst", 32, "ip4");
        Pred("ip4.mcast", "ip4.dst[28..31] == 0xe", "ip4");
        Pred("ip4.src_mcast", "ip4.src[28..31] == 0xe", "ip4");
        Field("ip6.src", 128, "ip6");
        Field("ip6.dst", 128, "ip6");
        Field("ip6.label", 20, "ip6");
        Pred("ip6.mcast", "ip6.dst[120..127] == 0xff", "ip6");

        // ICMP.
        Pred("icmp4", "ip4 && ip.proto == 1");
        Pred("icmp6", "ip6 && ip.proto == 58");
        Pred("icmp", "icmp4 || icmp6");
        Field("icmp4.type", 8, "icmp4");
        Field("icmp4.code", 8, "icmp4");
        Field("icmp6.type", 8, "icmp6");
        Field("icmp6.code", 8, "icmp6");
        Pred("igmp", "ip4 && ip.proto == 2");
        Pred("mldv1", "icmp6.type == {130, 131, 132} && ip.ttl == 1");
        Pred("mldv2", "icmp6.type == 143 && ip.ttl == 1");

        // ARP (rarp.* share the ARP storages).
        Pred("arp", "eth.type == 0x806");
        Pred("rarp", "eth.type == 0x8035");
        Field("arp.op", 16, "arp");
        Field("arp.spa", 32, "arp");
        Field("arp.tpa", 32, "arp");
        Field("arp.sha", 48, "arp");
        Field("arp.tha", 48, "arp");
        Sub("rarp.op", "arp.op", 0, 16, "rarp");
        Sub("rarp.spa", "arp.spa", 0, 32, "rarp");
        Sub("rarp.tpa", "arp.tpa", 0, 32, "rarp");
        Sub("rarp.sha", "arp.sha", 0, 48, "rarp");
        Sub("rarp.tha", "arp.tha", 0, 48, "rarp");

        // IPv6 neighbour discovery.
        Pred("nd", "icmp6.type == {135, 136} && icmp6.code == 0 && ip.ttl == 255");
        Pred("nd_ns", "icmp6.type == 135 && icmp6.code == 0 && ip.ttl == 255");
        Pred("nd_na", "icmp6.type == 136 && icmp6.code == 0 && ip.ttl == 255");
        Pred("nd_rs", "icmp6.type == 133 && icmp6.code == 0 && ip.ttl == 255");
        Pred("nd_ra", "icmp6.type == 134 && icmp6.code == 0 && ip.ttl == 255");
        Field("nd.target", 128, "nd");
        Field("nd.sll", 48, "nd_ns");
        Field("nd.tll", 48, "nd_na");

        // L4.
        Pred("tcp", "ip.proto == 6");
        Pred("udp", "ip.proto == 17");
        Pred("sctp", "ip.proto == 132");
        Field("tcp.src", 16, "tcp");
        Field("tcp.dst", 16, "tcp");
        Field("tcp.flags", 12, "tcp", writable: false);
        Field("udp.src", 16, "udp");
        Field("udp.dst", 16, "udp");
        Field("sctp.src", 16, "sctp");
        Field("sctp.dst", 16, "sctp");

        return new SymbolTable(st, sy);
    }
}
