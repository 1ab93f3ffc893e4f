namespace Overlay.OpenFlow.Actions;

/// <summary>Action and instruction type numbers used on the wire.</summary>
internal static class ActionType
{
    public const ushort Output = 0;
    public const ushort PushVlan = 17;
    public const ushort PopVlan = 18;
    public const ushort Group = 22;
    public const ushort DecNwTtl = 24;
    public const ushort SetField = 25;
    public const ushort CopyField = 28;
    public const ushort Experimenter = 0xffff;

    public const ushort NxResubmit = 1;
    public const ushort NxResubmitTable = 14;
    public const ushort NxConjunction = 34;
    public const ushort NxClone = 42;
    public const ushort NxCtClear = 43;
    public const ushort NxResubmitTableCt = 44;

    public const ushort InstructionGotoTable = 1;
    public const ushort InstructionWriteMetadata = 2;
    public const ushort InstructionApplyActions = 4;
}
