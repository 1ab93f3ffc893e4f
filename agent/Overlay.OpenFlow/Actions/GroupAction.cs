using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>OFPAT_GROUP: <c>group:N</c>.</summary>
public sealed record GroupAction(uint GroupId) : OfAction
{
    internal override void Write(OfpWriter w)
    {
        w.U16(ActionType.Group);
        w.U16(8);
        w.U32(GroupId);
    }

    public override string ToString() => $"group:{GroupId}";
}
