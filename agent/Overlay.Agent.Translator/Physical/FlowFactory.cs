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
        new(new FlowEntry(table.Id, priority, FlowCookies.For(origin), match, actions.Length == 0 ? ActionList.Drop : new ActionList(actions)), ValueArray.Create(origin));

    /// <summary>A flow of one object's: its origin list and cookie made once for all its flows, an action list shared where it can be.</summary>
    public static DesiredFlow Flow(PhysicalTable table, ushort priority, ValueArray<FlowOrigin> origins, ulong cookie, Match match, ActionList actions) =>
        new(new FlowEntry(table.Id, priority, cookie, match, actions), origins);

    /// <summary><c>resubmit(,check_loopback)</c>, which every port's local output ends with: one list for all.</summary>
    public static ActionList ToCheckLoopback { get; } = ActionList.Of(ResubmitAction.ToTable(PhysicalPipeline.CheckLoopback.Id));

    public static DesiredFlow Default(PhysicalTable table, params OfAction[] actions) =>
        Flow(table, 0, new PipelineOrigin(table), Match.Any, actions);

    /// <summary>
    /// <c>reg15=key,metadata=datapath</c>: "this packet is headed to logical port (or group) key", with <c>in_port</c>
    /// when given; fields shared through <paramref name="fields"/> when given.
    /// </summary>
    public static Match To(MatchInterner? fields, uint datapath, uint key, uint? inPort = null)
    {
        var b = new ValueMatchBuilder(fields);
        b.Set(OutportField, key);
        b.Set(OfFields.Metadata, datapath);
        if (inPort is { } p) b.Set(OfFields.InPort, p);
        return b.Build();
    }

    /// <summary>The loopback check's match: headed to <paramref name="key"/>, which is also the inport, without flags.loopback.</summary>
    public static Match Loopback(MatchInterner? fields, uint datapath, uint key)
    {
        var b = new ValueMatchBuilder(fields);
        b.Set(OutportField, key);
        b.Set(OfFields.Metadata, datapath);
        b.Set(InportField, key);
        b.Set(FlagsField, 0, 1);
        return b.Build();
    }

    /// <summary>The registers of the logical outport, inport and flags, as match fields.</summary>
    private static readonly OfField OutportField = OfFields.Reg(Reg(RegisterMap.Outport));
    private static readonly OfField InportField = OfFields.Reg(Reg(RegisterMap.Inport));
    private static readonly OfField FlagsField = OfFields.Reg(Reg(RegisterMap.Flags));

    /// <summary><c>in_port=port</c>.</summary>
    public static Match InPort(MatchInterner? fields, uint port)
    {
        var b = new ValueMatchBuilder(fields);
        b.Set(OfFields.InPort, port);
        return b.Build();
    }

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

    /// <summary>The logical inport into the Geneve option's upper bits: the same in every tunnel output.</summary>
    private static readonly CopyFieldAction InportToTunnel = new(Subfield.Range(RegisterMap.Inport.Field, 0, Geneve.InportBits - 1),
        Subfield.Range(OfFields.TunMetadata(Geneve.OptionIndex), 16, 16 + Geneve.InportBits - 1));

    /// <summary>Geneve toward a remote chassis: VNI = datapath, option = inport&lt;&lt;16 | outport (outport given).</summary>
    public static IEnumerable<OfAction> Tunnel(uint datapath, uint outport, TunnelPort port)
    {
        yield return new SetFieldAction(OfFields.TunId, ByteString.FromUInt64(datapath, 8));
        yield return SetFieldAction.Create(OfFields.TunMetadata(Geneve.OptionIndex), outport);
        yield return InportToTunnel;
        yield return new OutputAction(port.OfPort);
    }
}
