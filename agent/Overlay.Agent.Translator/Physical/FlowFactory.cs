using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using OutputAction = Overlay.OpenFlow.Actions.OutputAction;

namespace Overlay.Agent.Translator.Physical;

/// <summary>Small constructors shared by the physical-table generators.</summary>
internal static class FlowFactory
{
    public static DesiredFlow Flow(PhysicalTable table, ushort priority, FlowOrigin origin, Match match, params OfAction[] actions) =>
        new(new FlowEntry(table.Id, priority, FlowCookies.For(origin), match, new ActionList(actions)), ValueArray.Create(origin));

    public static DesiredFlow Default(PhysicalTable table, params OfAction[] actions) =>
        Flow(table, 0, new PipelineOrigin(table), Match.Any, actions);

    /// <summary><c>reg15=key,metadata=datapath</c>: "this packet is headed to logical port (or group) key".</summary>
    public static MatchBuilder To(uint datapath, uint key) => Match.Builder().Reg(Reg(RegisterMap.Outport), key).Metadata(datapath);

    public static ResubmitAction Resubmit(PhysicalTable table) => ResubmitAction.ToTable(table.Id);

    public static SetFieldAction Set(RegisterRange r, ulong value) =>
        r.Offset == 0 && r.Width == r.Field.Bits
            ? new SetFieldAction(r.Field, ByteString.FromUInt128(value, r.Field.Bytes))
            : SetFieldAction.Load(r.Field, value, r.Offset, r.Width);

    public static SetFieldAction SetMetadata(uint datapath) => new(OfFields.Metadata, ByteString.FromUInt64(datapath, 8));

    /// <summary>Zeroes the logical registers (they never survive into another pipeline).</summary>
    public static IEnumerable<OfAction> ClearLogicalRegisters() => RegisterMap.LogicalRegisters.Select(r => (OfAction)Set(r, 0));

    public static int Reg(RegisterRange r) => Registers.Word(r.Field, r.Offset)?.Register
        ?? throw new InvalidOperationException($"{r.Name} is not a register");

    /// <summary>Geneve toward a remote chassis: VNI = datapath, option = inport&lt;&lt;16 | outport (outport given).</summary>
    public static IEnumerable<OfAction> Tunnel(uint datapath, uint outport, TunnelPort port)
    {
        yield return new SetFieldAction(OfFields.TunId, ByteString.FromUInt64(datapath, 8));
        yield return SetFieldAction.Create(OfFields.TunMetadata(Geneve.OptionIndex), outport);
        yield return new CopyFieldAction(Subfield.Range(RegisterMap.Inport.Field, 0, Geneve.InportBits - 1),
            Subfield.Range(OfFields.TunMetadata(Geneve.OptionIndex), 16, 16 + Geneve.InportBits - 1));
        yield return new OutputAction(port.OfPort);
    }
}
