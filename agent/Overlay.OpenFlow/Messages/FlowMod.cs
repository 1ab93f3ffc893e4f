using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// OFPT_FLOW_MOD (OpenFlow 1.5 layout). Use the factories: <see cref="Add"/>,
/// <see cref="ModifyStrict"/>, <see cref="DeleteStrict"/>, <see cref="Delete"/> (by table,
/// match, and cookie/mask). Table 255 with a delete means all tables.
/// </summary>
public sealed record FlowMod(FlowModCommand Command, byte TableId, ushort Priority, Match Match, ActionList Actions) : OfpMessage
{
    public const byte AllTables = 255;
    public const uint NoBuffer = 0xffffffff;
    public const uint AnyGroup = 0xffffffff;

    public override OfpType Type => OfpType.FlowMod;

    public ulong Cookie { get; init; }

    /// <summary>For modify/delete: only flows whose cookie matches <see cref="Cookie"/> under this mask.</summary>
    public ulong CookieMask { get; init; }

    public ushort IdleTimeout { get; init; }

    public ushort HardTimeout { get; init; }

    public uint BufferId { get; init; } = NoBuffer;

    /// <summary>For deletes: only flows that output to this port (OFPP_ANY = no restriction).</summary>
    public uint OutPort { get; init; } = OfPort.Any;

    public uint OutGroup { get; init; } = AnyGroup;

    public FlowModFlags Flags { get; init; }

    public ushort Importance { get; init; }

    public static FlowMod Add(FlowEntry flow) => FromEntry(FlowModCommand.Add, flow);

    /// <summary>Replaces the actions of every flow in the table that the entry's match covers (non-strict).</summary>
    public static FlowMod Modify(FlowEntry flow) => FromEntry(FlowModCommand.Modify, flow);

    /// <summary>Replaces the actions of the flow with exactly this table, priority and match.</summary>
    public static FlowMod ModifyStrict(FlowEntry flow) => FromEntry(FlowModCommand.ModifyStrict, flow);

    /// <summary>Deletes the flow with exactly this table, priority and match.</summary>
    public static FlowMod DeleteStrict(FlowEntry flow) =>
        new(FlowModCommand.DeleteStrict, flow.Table, flow.Priority, flow.Match, ActionList.Drop)
        {
            Cookie = flow.Cookie,
        };

    /// <summary>Deletes every flow in <paramref name="table"/> (255 = all) covered by the match and cookie/mask.</summary>
    public static FlowMod Delete(byte table = AllTables, Match? match = null, ulong cookie = 0, ulong cookieMask = 0) =>
        new(FlowModCommand.Delete, table, 0, match ?? Match.Any, ActionList.Drop)
        {
            Cookie = cookie,
            CookieMask = cookieMask,
        };

    /// <summary>The flow this message installs (meaningful for add/modify).</summary>
    public FlowEntry ToFlowEntry() => new(TableId, Priority, Cookie, Match, Actions)
    {
        IdleTimeout = IdleTimeout,
        HardTimeout = HardTimeout,
        Importance = Importance,
        Flags = Flags,
    };

    public override string ToString() => $"{Command} xid=0x{Xid:x} {ToFlowEntry()}" +
        (CookieMask != 0 ? $" cookie_mask=0x{CookieMask:x}" : "");

    internal override void WriteBody(OfpWriter w) =>
        WriteBody(w, Command, TableId, Priority, Cookie, CookieMask, IdleTimeout, HardTimeout, BufferId, OutPort, OutGroup, Flags, Importance, Match, Actions);

    /// <summary>
    /// A whole OFPT_FLOW_MOD frame from its parts, with no buffer, no out-port/out-group filter and cookie mask 0 (what
    /// the factories build): the bundle path writes a <see cref="BundledFlowMod"/> without making the record.
    /// </summary>
    internal static void WriteFrame(OfpWriter w, byte version, uint xid, FlowModCommand command, byte table, ushort priority, ulong cookie,
        ushort idleTimeout, ushort hardTimeout, FlowModFlags flags, ushort importance, Match match, ActionList actions)
    {
        int start = w.Position;
        w.U8(version);
        w.U8((byte)OfpType.FlowMod);
        w.U16(0);
        w.U32(xid);
        WriteBody(w, command, table, priority, cookie, 0, idleTimeout, hardTimeout, NoBuffer, OfPort.Any, AnyGroup, flags, importance, match, actions);
        w.PatchLength(start + 2, start, OfpTypeNames.Name(OfpType.FlowMod));
    }

    private static void WriteBody(OfpWriter w, FlowModCommand command, byte table, ushort priority, ulong cookie, ulong cookieMask,
        ushort idleTimeout, ushort hardTimeout, uint bufferId, uint outPort, uint outGroup, FlowModFlags flags, ushort importance,
        Match match, ActionList actions)
    {
        w.U64(cookie);
        w.U64(cookieMask);
        w.U8(table);
        w.U8((byte)command);
        w.U16(idleTimeout);
        w.U16(hardTimeout);
        w.U16(priority);
        w.U32(bufferId);
        w.U32(outPort);
        w.U32(outGroup);
        w.U16((ushort)flags);
        w.U16(importance);
        MatchCodec.Write(w, match);
        ActionCodec.WriteInstructions(w, actions);
    }

    internal static FlowMod DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new OfpReader(body, "OFPT_FLOW_MOD");
        ulong cookie = r.U64();
        ulong cookieMask = r.U64();
        byte table = r.U8();
        var command = (FlowModCommand)r.U8();
        ushort idle = r.U16();
        ushort hard = r.U16();
        ushort priority = r.U16();
        uint bufferId = r.U32();
        uint outPort = r.U32();
        uint outGroup = r.U32();
        var flags = (FlowModFlags)r.U16();
        ushort importance = r.U16();
        Match match = MatchCodec.Read(ref r);
        ActionList actions = ActionCodec.ReadInstructions(ref r);
        return new FlowMod(command, table, priority, match, actions)
        {
            Cookie = cookie,
            CookieMask = cookieMask,
            IdleTimeout = idle,
            HardTimeout = hard,
            BufferId = bufferId,
            OutPort = outPort,
            OutGroup = outGroup,
            Flags = flags,
            Importance = importance,
        };
    }

    private static FlowMod FromEntry(FlowModCommand command, FlowEntry flow) =>
        new(command, flow.Table, flow.Priority, flow.Match, flow.Actions)
        {
            Cookie = flow.Cookie,
            IdleTimeout = flow.IdleTimeout,
            HardTimeout = flow.HardTimeout,
            Importance = flow.Importance,
            Flags = flow.Flags,
        };
}
