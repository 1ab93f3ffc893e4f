using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>NXAST_CT_CLEAR: <c>ct_clear</c>.</summary>
public sealed record CtClearAction : OfAction
{
    internal override void Write(OfpWriter w)
    {
        int start = BeginNicira(w, ActionType.NxCtClear);
        w.Zeros(6);
        EndAction(w, start);
    }

    public override string ToString() => "ct_clear";
}
