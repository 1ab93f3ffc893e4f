namespace Overlay.OpenFlow.Messages;

/// <summary>OFPFC_* flow-mod commands.</summary>
public enum FlowModCommand : byte
{
    Add = 0,
    Modify = 1,
    ModifyStrict = 2,
    Delete = 3,
    DeleteStrict = 4,
}
