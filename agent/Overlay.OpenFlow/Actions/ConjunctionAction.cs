using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>
/// NXAST_CONJUNCTION: <c>conjunction(id,k/n)</c>, clause <paramref name="Clause"/> (1-based) of
/// <paramref name="Clauses"/>. OVS requires it to be the only kind of action in its flow.
/// </summary>
public sealed record ConjunctionAction(uint Id, byte Clause, byte Clauses) : OfAction
{
    internal override void Write(OfpWriter w)
    {
        if (Clause < 1 || Clause > Clauses || Clauses is < 2 or > 64)
        {
            throw new InvalidOperationException($"conjunction({Id},{Clause}/{Clauses}) needs 1 <= k <= n and 2 <= n <= 64");
        }

        int start = BeginNicira(w, ActionType.NxConjunction);
        w.U8((byte)(Clause - 1));
        w.U8(Clauses);
        w.U32(Id);
        EndAction(w, start);
    }

    public override string ToString() => $"conjunction({Id},{Clause}/{Clauses})";
}
