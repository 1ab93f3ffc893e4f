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

    /// <summary>
    /// Starts a fixed-header action (type, length placeholder); <see cref="EndAction"/> pads it to 8 and patches
    /// the length. A start/end pair rather than a body callback so that encoding allocates nothing per action.
    /// </summary>
    internal static int BeginAction(OfpWriter w, ushort type)
    {
        int start = w.Position;
        w.U16(type);
        w.U16(0);
        return start;
    }

    /// <summary>Starts a Nicira extension action (type 0xffff, NX vendor, subtype); finish with <see cref="EndAction"/>.</summary>
    internal static int BeginNicira(OfpWriter w, ushort subtype)
    {
        int start = BeginAction(w, 0xffff);
        w.U32(Experimenters.Nicira);
        w.U16(subtype);
        return start;
    }

    internal static void EndAction(OfpWriter w, int start)
    {
        w.PadTo8(start);
        w.PatchLength(start + 2, start, "action");
    }
}
