using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>
/// OFPAT_COPY_FIELD (OpenFlow 1.5's native form of NXAST_REG_MOVE, which OVS only accepts
/// up to 1.4): <c>move:NXM_OF_ETH_SRC[]-&gt;NXM_OF_ETH_DST[]</c>.
/// </summary>
public sealed record CopyFieldAction(Subfield Source, Subfield Destination) : OfAction
{
    /// <summary>Copies a whole field to another field of the same width.</summary>
    public static CopyFieldAction Move(OfField source, OfField destination) =>
        new(Subfield.Whole(source), Subfield.Whole(destination));

    internal override void Write(OfpWriter w)
    {
        Source.Validate();
        Destination.Validate();
        if (Source.Bits != Destination.Bits)
        {
            throw new InvalidOperationException($"move:{Source}->{Destination} copies {Source.Bits} bits into {Destination.Bits}");
        }

        int start = BeginAction(w, ActionType.CopyField);
        w.U16((ushort)Source.Bits);
        w.U16((ushort)Source.Offset);
        w.U16((ushort)Destination.Offset);
        w.Zeros(2);
        OxmHeader.For(Source.Field.Id, Source.Field.Bytes, false).Write(w);
        OxmHeader.For(Destination.Field.Id, Destination.Field.Bytes, false).Write(w);
        EndAction(w, start);
    }

    public override string ToString() => $"move:{Source}->{Destination}";
}
