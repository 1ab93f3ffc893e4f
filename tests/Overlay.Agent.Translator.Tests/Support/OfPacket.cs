using Overlay.Agent.Translator.Layout;
using Overlay.Logical.Evaluation;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>
/// A packet and its pipeline state as OVS holds it: one value per OpenFlow field; xreg/xxreg read and write the
/// 32-bit registers they are made of. Written independently of the translator's encoders so tests can check them.
/// </summary>
internal sealed class OfPacket
{
    private readonly Dictionary<OfField, UInt128> values;

    public OfPacket() => values = [];

    private OfPacket(Dictionary<OfField, UInt128> values) => this.values = new(values);

    public OfPacket Copy() => new(values);

    public UInt128 this[OfField field]
    {
        get => Get(field);
        set => Set(field, value, Ones(Width(field)));
    }

    public UInt128 Get(OfField field)
    {
        if (Parts(field) is { } regs)
        {
            UInt128 v = 0;
            foreach (var r in regs) v = v << 32 | Get(r);
            return v;
        }
        return values.GetValueOrDefault(field);
    }

    public void Set(OfField field, UInt128 value, UInt128 mask)
    {
        if (Parts(field) is { } regs)
        {
            for (int i = 0; i < regs.Length; i++)
            {
                int shift = 32 * (regs.Length - 1 - i);
                UInt128 m = (mask >> shift) & 0xffffffff;
                if (m != 0) Set(regs[i], (value >> shift) & 0xffffffff, m);
            }
            return;
        }
        UInt128 old = values.GetValueOrDefault(field);
        values[field] = (old & ~mask) | (value & mask & Ones(Width(field)));
    }

    public UInt128 Get(Subfield s) => (Get(s.Field) >> s.Offset) & Ones(s.Bits);

    public void Set(Subfield s, UInt128 value) => Set(s.Field, value << s.Offset, Ones(s.Bits) << s.Offset);

    public bool Matches(MatchField f) => Matches(f.Field, f.Value.ToUInt128(), MaskOf(f));

    public bool Matches(OfField field, UInt128 value, UInt128 mask) => (Get(field) & mask) == value;

    public static UInt128 MaskOf(MatchField f) => f.Mask is { } mask ? mask.ToUInt128() : Ones(f.Field.IsVariableLength ? 32 : f.Value.Length * 8);

    /// <summary>
    /// The packet a logical <see cref="PacketState"/> describes, with its logical ports as keys: every storage is
    /// placed as <see cref="FieldMap"/> declares; metadata holds the datapath.
    /// </summary>
    public static OfPacket FromLogical(PacketState state, uint datapath, uint inport, uint outport)
    {
        var p = new OfPacket();
        p[OfFields.Metadata] = datapath;
        foreach (var m in FieldMap.All)
        {
            UInt128 value = m.Storage switch
            {
                "inport" => inport,
                "outport" => outport,
                _ => state.GetStorage(m.Storage),
            };
            foreach (var seg in m.Segments)
                p.Set(new Subfield(seg.Field, seg.FieldOffset, seg.Width), (value >> seg.StorageOffset) & Ones(seg.Width));
        }
        return p;
    }

    public static UInt128 Ones(int bits) => bits >= 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;

    private static int Width(OfField field) => field.IsVariableLength ? 32 : field.Bits;

    private static readonly Dictionary<OfField, OfField[]> Composites = BuildComposites();

    private static OfField[]? Parts(OfField field) => Composites.GetValueOrDefault(field);

    private static Dictionary<OfField, OfField[]> BuildComposites()
    {
        var d = new Dictionary<OfField, OfField[]>();
        for (int i = 0; i < 4; i++) d[OfFields.Xxreg(i)] = [OfFields.Reg(4 * i), OfFields.Reg(4 * i + 1), OfFields.Reg(4 * i + 2), OfFields.Reg(4 * i + 3)];
        for (int i = 0; i < 8; i++) d[OfFields.Xreg(i)] = [OfFields.Reg(2 * i), OfFields.Reg(2 * i + 1)];
        return d;
    }

    public override string ToString() =>
        string.Join(",", values.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key.Name, StringComparer.Ordinal).Select(kv => $"{kv.Key.Name}=0x{kv.Value:x}"));

    public uint InPort => (uint)Get(OfFields.InPort);

    /// <summary>The packet as it crosses a wire: headers (and, for Geneve, tun_id and tun_metadata0) only.</summary>
    public OfPacket OnTheWire(bool keepTunnel)
    {
        var copy = Copy();
        foreach (var f in copy.values.Keys.ToList())
        {
            bool tunnel = ReferenceEquals(f, OfFields.TunId) || ReferenceEquals(f, OfFields.TunMetadata(0));
            if (f.Name.StartsWith("reg", StringComparison.Ordinal) || ReferenceEquals(f, OfFields.Metadata) || ReferenceEquals(f, OfFields.InPort)
                || (tunnel && !keepTunnel) || f.Name.StartsWith("tun_", StringComparison.Ordinal) && !tunnel)
                copy.values.Remove(f);
        }
        return copy;
    }

    public static bool IsReserved(uint port) => port >= OfPort.Max;
}
