using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>NXAST_CT_CLEAR: <c>ct_clear</c>.</summary>
public sealed record CtClearAction : OfAction
{
    internal override void Write(OfpWriter w) => Nicira(w, ActionType.NxCtClear, b => b.Zeros(6));

    public override string ToString() => "ct_clear";
}
