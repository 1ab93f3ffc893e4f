using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// One flow mod of a bundle as a command applied to a flow entry: the message <see cref="ToFlowMod"/> builds, encoded
/// by <see cref="OpenFlowConnection.SendBundleAsync(IReadOnlyList{BundledFlowMod}, BundleFlags, CancellationToken)"/>
/// straight from the entry, so a 100k-flow bundle needs no 100k <see cref="FlowMod"/> objects. Deletes carry only
/// the entry's table, priority, match and cookie (cookie mask 0); <see cref="DeleteAll"/> is
/// <see cref="FlowMod.Delete"/> with its defaults.
/// </summary>
public readonly record struct BundledFlowMod(FlowModCommand Command, FlowEntry Flow)
{
    private static readonly FlowEntry AllFlows = new(FlowMod.AllTables, 0, 0, Match.Any, ActionList.Drop);

    public static BundledFlowMod Add(FlowEntry flow) => new(FlowModCommand.Add, flow);

    public static BundledFlowMod ModifyStrict(FlowEntry flow) => new(FlowModCommand.ModifyStrict, flow);

    public static BundledFlowMod DeleteStrict(FlowEntry flow) => new(FlowModCommand.DeleteStrict, flow);

    /// <summary>Deletes every flow in every table.</summary>
    public static BundledFlowMod DeleteAll { get; } = new(FlowModCommand.Delete, AllFlows);

    private bool IsDelete => Command is FlowModCommand.Delete or FlowModCommand.DeleteStrict;

    /// <summary>The same message as an object (what the bundle reports when the switch refuses it).</summary>
    public FlowMod ToFlowMod() => IsDelete
        ? new FlowMod(Command, Flow.Table, Flow.Priority, Flow.Match, ActionList.Drop) { Cookie = Flow.Cookie }
        : new FlowMod(Command, Flow.Table, Flow.Priority, Flow.Match, Flow.Actions)
        {
            Cookie = Flow.Cookie,
            IdleTimeout = Flow.IdleTimeout,
            HardTimeout = Flow.HardTimeout,
            Importance = Flow.Importance,
            Flags = Flow.Flags,
        };

    /// <summary>Writes the whole OFPT_FLOW_MOD frame: the bytes of <see cref="ToFlowMod"/> encoded with this xid.</summary>
    internal void WriteFrame(OfpWriter w, byte version, uint xid)
    {
        if (IsDelete)
        {
            FlowMod.WriteFrame(w, version, xid, Command, Flow.Table, Flow.Priority, Flow.Cookie, 0, 0, 0, 0, Flow.Match, ActionList.Drop);
        }
        else
        {
            FlowMod.WriteFrame(w, version, xid, Command, Flow.Table, Flow.Priority, Flow.Cookie, Flow.IdleTimeout, Flow.HardTimeout,
                Flow.Flags, Flow.Importance, Flow.Match, Flow.Actions);
        }
    }
}
