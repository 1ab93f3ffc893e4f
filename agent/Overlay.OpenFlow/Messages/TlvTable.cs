using System.Collections.Immutable;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// One TLV map entry: Geneve option (class, type, length in bytes) ↔ tun_metadata<i>Index</i>.
/// OVN's is class 0x0102, type 0x80, length 4 → tun_metadata0.
/// </summary>
public readonly record struct TlvMapping(ushort OptionClass, byte OptionType, byte OptionLength, ushort Index)
{
    public override string ToString() =>
        $"{{class=0x{OptionClass:x},type=0x{OptionType:x},len={OptionLength}}}->tun_metadata{Index}";

    internal void Write(OfpWriter w)
    {
        w.U16(OptionClass);
        w.U8(OptionType);
        w.U8(OptionLength);
        w.U16(Index);
        w.Zeros(2);
    }

    internal static ImmutableArray<TlvMapping> ReadAll(ref OfpReader r)
    {
        var maps = ImmutableArray.CreateBuilder<TlvMapping>();
        while (!r.End)
        {
            ushort cls = r.U16();
            byte type = r.U8();
            byte len = r.U8();
            ushort index = r.U16();
            r.Skip(2);
            maps.Add(new TlvMapping(cls, type, len, index));
        }

        return maps.ToImmutable();
    }
}

/// <summary>NXTTMC_* commands of NXT_TLV_TABLE_MOD.</summary>
public enum TlvTableModCommand : ushort
{
    Add = 0,
    Delete = 1,
    Clear = 2,
}

/// <summary>Nicira NXT_TLV_TABLE_MOD (subtype 24): add/delete/clear tunnel-option mappings.</summary>
public sealed record TlvTableMod(TlvTableModCommand Command, ImmutableArray<TlvMapping> Mappings) : OfpMessage
{
    internal const uint Subtype = 24;

    public override OfpType Type => OfpType.Experimenter;

    internal override void WriteBody(OfpWriter w)
    {
        w.U32(Experimenters.Nicira);
        w.U32(Subtype);
        w.U16((ushort)Command);
        w.Zeros(6);
        foreach (TlvMapping m in Mappings)
        {
            m.Write(w);
        }
    }

    internal static TlvTableMod Decode(ref OfpReader r)
    {
        var command = (TlvTableModCommand)r.U16();
        r.Skip(6);
        return new TlvTableMod(command, TlvMapping.ReadAll(ref r));
    }
}

/// <summary>Nicira NXT_TLV_TABLE_REQUEST (subtype 25).</summary>
public sealed record TlvTableRequest : OfpMessage
{
    internal const uint Subtype = 25;

    public override OfpType Type => OfpType.Experimenter;

    internal override void WriteBody(OfpWriter w)
    {
        w.U32(Experimenters.Nicira);
        w.U32(Subtype);
    }
}

/// <summary>Nicira NXT_TLV_TABLE_REPLY (subtype 26): switch limits and the current mappings.</summary>
public sealed record TlvTableReply(uint MaxOptionSpace, ushort MaxFields, ImmutableArray<TlvMapping> Mappings) : OfpMessage
{
    internal const uint Subtype = 26;

    public override OfpType Type => OfpType.Experimenter;

    internal override void WriteBody(OfpWriter w)
    {
        w.U32(Experimenters.Nicira);
        w.U32(Subtype);
        w.U32(MaxOptionSpace);
        w.U16(MaxFields);
        w.Zeros(10);
        foreach (TlvMapping m in Mappings)
        {
            m.Write(w);
        }
    }

    internal static TlvTableReply Decode(ref OfpReader r)
    {
        uint space = r.U32();
        ushort fields = r.U16();
        r.Skip(10);
        return new TlvTableReply(space, fields, TlvMapping.ReadAll(ref r));
    }
}
