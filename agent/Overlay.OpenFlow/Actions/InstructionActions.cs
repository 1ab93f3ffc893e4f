using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>OFPIT_WRITE_METADATA: <c>write_metadata:0x1</c> or <c>write_metadata:0x1/0xff</c>.</summary>
public sealed record WriteMetadataAction(ulong Value, ulong Mask = ulong.MaxValue) : OfAction
{
    public override bool IsInstruction => true;

    internal override void Write(OfpWriter w)
    {
        w.U16(ActionType.InstructionWriteMetadata);
        w.U16(24);
        w.Zeros(4);
        w.U64(Value);
        w.U64(Mask);
    }

    public override string ToString() =>
        Mask == ulong.MaxValue ? $"write_metadata:{FieldText.Hex(Value)}" : $"write_metadata:{FieldText.Hex(Value)}/{FieldText.Hex(Mask)}";
}

/// <summary>OFPIT_GOTO_TABLE: <c>goto_table:N</c> (N must be greater than the flow's table).</summary>
public sealed record GotoTableAction(byte Table) : OfAction
{
    public override bool IsInstruction => true;

    internal override void Write(OfpWriter w)
    {
        w.U16(ActionType.InstructionGotoTable);
        w.U16(8);
        w.U8(Table);
        w.Zeros(3);
    }

    public override string ToString() => $"goto_table:{Table}";
}
