using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>OFPAT_PUSH_VLAN: <c>push_vlan:0x8100</c>.</summary>
public sealed record PushVlanAction(ushort EtherType = 0x8100) : OfAction
{
    internal override void Write(OfpWriter w)
    {
        w.U16(ActionType.PushVlan);
        w.U16(8);
        w.U16(EtherType);
        w.Zeros(2);
    }

    public override string ToString() => $"push_vlan:0x{EtherType:x}";
}

/// <summary>OFPAT_POP_VLAN: <c>pop_vlan</c>.</summary>
public sealed record PopVlanAction : OfAction
{
    internal override void Write(OfpWriter w)
    {
        w.U16(ActionType.PopVlan);
        w.U16(8);
        w.Zeros(4);
    }

    public override string ToString() => "pop_vlan";
}
