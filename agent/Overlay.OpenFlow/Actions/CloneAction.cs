using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>NXAST_CLONE: <c>clone(a,b,...)</c> runs the nested actions on a copy of the packet.</summary>
public sealed record CloneAction(ActionList Actions) : OfAction
{
    internal override void Write(OfpWriter w)
    {
        if (Actions.Any(a => a.IsInstruction))
        {
            throw new InvalidOperationException("clone() cannot contain write_metadata or goto_table");
        }

        int start = BeginNicira(w, ActionType.NxClone);
        w.Zeros(6);
        foreach (OfAction a in Actions)
        {
            a.Write(w);
        }

        EndAction(w, start);
    }

    public override string ToString() => $"clone({string.Join(',', Actions.Select(a => a.ToString()))})";
}
