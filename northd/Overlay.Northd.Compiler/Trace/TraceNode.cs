using Overlay.Logical;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// Node kinds of a trace tree, as in ovn-trace (utilities/ovn-trace.c). The renderers decide from the kind
/// what each format shows: Modify only in --minimal, Table/Action/Pipeline/Output not in --minimal, and so on.
/// </summary>
public enum TraceNodeKind : byte
{
    /// <summary>A delivery comment: <c>/* output to "p2", type "" */</c>.</summary>
    Output,
    /// <summary>A packet change with constants: <c>eth.dst = 00:00:00:00:00:01</c>, <c>output("p2")</c>.</summary>
    Modify,
    /// <summary>An action as written in the logical flow, or a comment such as <c>/* No MAC binding. */</c>.</summary>
    Action,
    /// <summary>A problem: <c>*** TTL underflow</c>.</summary>
    Error,
    /// <summary>A section: <c>ingress(dp="sw0", inport="p1")</c>, <c>egress(...)</c>, <c>multicast(...)</c>.</summary>
    Pipeline,
    /// <summary>A stage visit: <c> 4. ls_in_l2_lkup (source): match, priority 50, uuid 0123abcd</c>.</summary>
    Table,
    /// <summary>A derived packet: <c>arp</c>, <c>icmp4</c>, <c>clone</c>, <c>ct_next(ct_state=est|trk)</c>.</summary>
    Transformation,
}

/// <summary>
/// One node of the trace tree. AlwaysIndent marks multicast members that were traced (ovn-trace indents them
/// even when last). Flow is the logical flow of a Table node (null for "no match").
/// </summary>
public sealed record TraceNode(TraceNodeKind Kind, string Text, bool AlwaysIndent, ValueArray<TraceNode> Children, LogicalFlow? Flow = null)
{
    public override string ToString() => $"{Kind}: {Text}";
}

/// <summary>Builds the tree while tracing (ovn-trace appends to its parent's list); frozen at the end.</summary>
internal sealed class NodeBuilder(TraceNodeKind kind, string text, LogicalFlow? flow = null)
{
    public List<NodeBuilder> Children { get; } = [];

    public bool AlwaysIndent { get; set; }

    public static NodeBuilder Append(List<NodeBuilder> super, TraceNodeKind kind, string text, LogicalFlow? flow = null)
    {
        var n = new NodeBuilder(kind, text, flow);
        super.Add(n);
        return n;
    }

    public TraceNode Freeze() => new(kind, text, AlwaysIndent, Children.Select(c => c.Freeze()).ToValueArray(), flow);
}
