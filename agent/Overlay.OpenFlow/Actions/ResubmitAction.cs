using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>
/// NXAST_RESUBMIT_TABLE: <c>resubmit(,37)</c> searches table 37 with the packet as it is;
/// <c>resubmit(5,37)</c> pretends it came in on port 5. Table 255 means "the current table".
/// </summary>
public sealed record ResubmitAction(byte Table = 255, uint InPort = OfPort.InPort, bool WithCtOrig = false) : OfAction
{
    /// <summary><c>resubmit(,table)</c>.</summary>
    public static ResubmitAction ToTable(byte table) => new(table);

    internal override void Write(OfpWriter w)
    {
        // Like ovs-ofctl, always the table form (table 255 = current table), never NXAST_RESUBMIT.
        ushort subtype = WithCtOrig ? ActionType.NxResubmitTableCt : ActionType.NxResubmitTable;
        int start = BeginNicira(w, subtype);
        w.U16(OfPort.To16(InPort));
        w.U8(Table);
        w.Zeros(3);
        EndAction(w, start);
    }

    public override string ToString()
    {
        if (InPort != OfPort.InPort && Table == 255 && !WithCtOrig)
        {
            return "resubmit:" + OfPort.Format(InPort);
        }

        string port = InPort == OfPort.InPort ? "" : OfPort.Format(InPort);
        string table = Table == 255 ? "" : Table.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"resubmit({port},{table}{(WithCtOrig ? ",ct" : "")})";
    }
}
