using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>
/// One OpenFlow action. Write-metadata and goto-table are instructions on the wire but,
/// as in ovs-ofctl syntax, they are written as the last items of the action list.
/// <see cref="ToString"/> prints the ovs-ofctl -O OpenFlow15 spelling.
/// </summary>
public abstract record OfAction
{
    private protected OfAction()
    {
    }

    /// <summary>True for write_metadata / goto_table, which become separate instructions.</summary>
    public virtual bool IsInstruction => false;

    internal abstract void Write(OfpWriter w);

    public abstract override string ToString();

    /// <summary>Writes a fixed-header action whose length is patched once the body is written (padded to 8).</summary>
    internal static void WithLength(OfpWriter w, ushort type, Action<OfpWriter> body)
    {
        int start = w.Position;
        w.U16(type);
        w.U16(0);
        body(w);
        w.PadTo8(start);
        w.PatchLength(start + 2, start, "action");
    }

    /// <summary>Writes a Nicira extension action header (type 0xffff, NX vendor, subtype) and body.</summary>
    internal static void Nicira(OfpWriter w, ushort subtype, Action<OfpWriter> body) =>
        WithLength(w, 0xffff, w2 =>
        {
            w2.U32(Experimenters.Nicira);
            w2.U16(subtype);
            body(w2);
        });
}
