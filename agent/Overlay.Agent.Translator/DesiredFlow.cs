using Overlay.Logical;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Translator;

/// <summary>What identifies a flow on the switch: table, priority and match (the cookie and actions are its payload).</summary>
public readonly record struct FlowKey(byte Table, ushort Priority, Match Match);

/// <summary>One OpenFlow flow the host should have, and what it was made from.</summary>
public sealed record DesiredFlow(FlowEntry Flow, ValueArray<FlowOrigin> Origins)
{
    public FlowKey Key => new(Flow.Table, Flow.Priority, Flow.Match);

    public FlowOrigin Origin => Origins[0];

    /// <summary>The datapath kind when the flow came from a logical flow (for stage names in text).</summary>
    public DatapathKind? Kind => Origin is LogicalFlowOrigin l ? l.Flow.Stage.Kind : null;
}
