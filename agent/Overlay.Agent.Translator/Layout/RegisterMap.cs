using System.Collections.Immutable;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Layout;

/// <summary>A named bit range of an OpenFlow field that the translation gives one meaning.</summary>
public sealed record RegisterRange(string Name, OfField Field, int Offset, int Width, string Purpose)
{
    public override string ToString() => $"{Name}: {Field.Name}[{Offset}..{Offset + Width - 1}]";
}

/// <summary>
/// The one register map (OVN's include/ovn/logical-fields.h): which OpenFlow bits hold the logical
/// datapath, ports, flags and registers on br-int. Entries named after a logical storage (inport,
/// flags, xxreg0 ...) are where <see cref="FieldMap"/> puts that storage.
/// </summary>
public static class RegisterMap
{
    public static RegisterRange Datapath { get; } = new("datapath", OfFields.Metadata, 0, 24, "logical datapath tunnel key (MFF_LOG_DATAPATH)");
    public static RegisterRange Inport { get; } = new("inport", OfFields.Reg(14), 0, 32, "logical ingress port key (MFF_LOG_INPORT)");
    public static RegisterRange Outport { get; } = new("outport", OfFields.Reg(15), 0, 32, "logical egress port or multicast group key (MFF_LOG_OUTPORT)");
    public static RegisterRange Flags { get; } = new("flags", OfFields.Reg(10), 0, 32, "logical flags; bit 0 = flags.loopback (MFF_LOG_FLAGS)");
    public static RegisterRange Xxreg0 { get; } = new("xxreg0", OfFields.Xxreg(0), 0, 128, "logical reg0..reg3 (reg0 most significant)");
    public static RegisterRange Xxreg1 { get; } = new("xxreg1", OfFields.Xxreg(1), 0, 128, "logical reg4..reg7");
    public static RegisterRange Xreg4 { get; } = new("xreg4", OfFields.Xreg(4), 0, 64, "logical reg8..reg9");

    /// <summary>Scratch for <c>a &lt;-&gt; b</c>: the OpenFlow codec has no stack push/pop, so exchanges go through this register 32 bits at a time.</summary>
    public static RegisterRange Exchange { get; } = new("exchange", OfFields.Reg(11), 0, 32, "scratch for logical exchanges (<->), never live across actions");

    public static ImmutableArray<RegisterRange> All { get; } = [Datapath, Inport, Outport, Flags, Xxreg0, Xxreg1, Xreg4, Exchange];

    /// <summary>The logical registers, cleared between ingress and egress and when entering a peer datapath.</summary>
    public static ImmutableArray<RegisterRange> LogicalRegisters { get; } = [Xxreg0, Xxreg1, Xreg4];

    public static RegisterRange? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>
    /// Pairs of entries that share a bit, looking through xreg/xxreg to the 32-bit registers they are made of.
    /// Empty for a sound map.
    /// </summary>
    public static IReadOnlyList<(RegisterRange A, RegisterRange B)> Overlaps(IReadOnlyList<RegisterRange> entries)
    {
        var found = new List<(RegisterRange, RegisterRange)>();
        var bits = entries.Select(e => Bits(e).ToHashSet()).ToArray();
        for (int i = 0; i < entries.Count; i++)
            for (int j = i + 1; j < entries.Count; j++)
                if (bits[i].Overlaps(bits[j])) found.Add((entries[i], entries[j]));
        return found;
    }

    /// <summary>The (storage, bit) pairs an entry covers; registers share the storage "reg" numbered reg*32+bit.</summary>
    public static IEnumerable<(string Space, int Bit)> Bits(RegisterRange r)
    {
        for (int b = r.Offset; b < r.Offset + r.Width; b++)
        {
            if (Registers.Word(r.Field, b) is { } word)
                yield return ("reg", word.Register * 32 + word.Bit);
            else
                yield return (r.Field.Name, b);
        }
    }
}

/// <summary>How OVS composes xreg and xxreg from the 32-bit registers.</summary>
public static class Registers
{
    /// <summary>
    /// The 32-bit register and bit holding bit <paramref name="bit"/> of <paramref name="field"/>, or null when the field
    /// is not a register. xxreg<i>n</i> = reg(4n) (most significant) .. reg(4n+3); xreg<i>n</i> = reg(2n) : reg(2n+1).
    /// </summary>
    public static (int Register, int Bit)? Word(OfField field, int bit)
    {
        if (!Kinds.TryGetValue(field, out var k)) return null;
        return k.Words switch
        {
            1 => (k.Index, bit),
            2 => (2 * k.Index + 1 - bit / 32, bit % 32),
            _ => (4 * k.Index + 3 - bit / 32, bit % 32),
        };
    }

    /// <summary>Each register field: how many 32-bit words it spans (1, 2 or 4) and its index among those fields.</summary>
    private static readonly Dictionary<OfField, (int Words, int Index)> Kinds = RegisterKinds();

    private static Dictionary<OfField, (int Words, int Index)> RegisterKinds()
    {
        // OfField has no equality of its own: the fields are singletons, compared by reference.
        var kinds = new Dictionary<OfField, (int Words, int Index)>();
        for (int i = 0; i < 16; i++) kinds[OfFields.Reg(i)] = (1, i);
        for (int i = 0; i < 8; i++) kinds[OfFields.Xreg(i)] = (2, i);
        for (int i = 0; i < 4; i++) kinds[OfFields.Xxreg(i)] = (4, i);
        return kinds;
    }

    /// <summary>
    /// The narrowest field for bits [offset, offset+bits) of <paramref name="field"/>: a 32-bit register when the range
    /// lies inside one word of an xreg/xxreg (<c>reg0[15]</c> rather than <c>xxreg0[111]</c>), otherwise the field itself.
    /// </summary>
    public static (OfField Field, int Offset) Narrow(OfField field, int offset, int bits)
    {
        if (Word(field, offset) is { } lo && Word(field, offset + bits - 1) is { } hi && lo.Register == hi.Register
            && !ReferenceEquals(field, OfFields.Reg(lo.Register)))
            return (OfFields.Reg(lo.Register), lo.Bit);
        return (field, offset);
    }
}
