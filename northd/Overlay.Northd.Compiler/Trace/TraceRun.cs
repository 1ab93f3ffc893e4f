using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>Where the trace is: datapath, pipeline, table, how many stages deep, and the flow whose actions run.</summary>
internal readonly record struct Here(DatapathBinding Dp, Pipeline Pipeline, int Table, int Depth, CompiledFlow? Flow = null);

/// <summary>
/// One trace: walks the pipelines like ovn-trace's trace__/trace_actions/execute_output, appending nodes to the
/// tree and verdicts as packets are delivered or dropped. Single use; all state stays inside the run.
/// </summary>
internal sealed partial class TraceRun(TraceNetwork net, TraceOptions options, ImmutableArray<uint> ctStates)
{
    private readonly List<TraceVerdict> verdicts = [];
    private readonly List<string> warnings = [];
    private readonly HashSet<(ulong, ulong)> ties = [];
    private int ctIndex;
    private int visits;

    public IReadOnlyList<TraceVerdict> Verdicts => verdicts;

    public IReadOnlyList<string> Warnings => warnings;

    public ImmutableArray<TraceNode> Run(DatapathBinding dp, PacketState packet)
    {
        var root = new List<NodeBuilder>();
        var node = NodeBuilder.Append(root, TraceNodeKind.Pipeline,
            $"ingress(dp=\"{dp.Name}\", inport=\"{net.PortOn(dp.Key, packet.Inport)?.Name ?? "(unnamed)"}\")");
        var p = packet;
        TraceTable(new Here(dp, Pipeline.Ingress, 0, 0), ref p, node.Children);
        return root.Select(n => n.Freeze()).ToImmutableArray();
    }

    /// <summary>Looks up the stage (skipping "1 → next;" stages), prints it and runs its flow's actions.</summary>
    private void TraceTable(Here at, ref PacketState p, List<NodeBuilder> super)
    {
        if (at.Depth >= options.MaxDepth || ++visits > options.MaxTableVisits)
        {
            NodeBuilder.Append(super, TraceNodeKind.Error, at.Depth >= options.MaxDepth
                ? $"*** maximum depth of {options.MaxDepth} stages reached; the packet loops"
                : $"*** trace stopped after {options.MaxTableVisits} stages");
            Dropped(at, DropReason.Loop, p);
            return;
        }
        int table = at.Table;
        CompiledFlow? f;
        while ((f = Lookup(at.Dp, p, table, at.Pipeline)) is { Omittable: true }) table++;
        at = at with { Table = table, Flow = f };

        var stage = f?.Flow.Stage.Name ?? Stages.At(at.Dp.Kind, at.Pipeline, table)?.Name;
        if (f is null)
        {
            NodeBuilder.Append(super, TraceNodeKind.Table, $"{table,2}. {(stage is null ? "" : stage + ": ")}no match (implicit drop)");
            Dropped(at, DropReason.NoMatch, p);
            return;
        }
        var source = string.IsNullOrEmpty(f.Flow.Source) ? "" : $" ({f.Flow.Source})";
        var node = NodeBuilder.Append(super, TraceNodeKind.Table,
            $"{table,2}. {stage}{source}: {f.Flow.Match}, priority {f.Flow.Priority}, uuid {f.Flow.IdText[..8]}", f.Flow);
        TraceActions(f.Actions, at, ref p, node.Children);
    }

    /// <summary>The highest-priority matching flow; among equals the lowest id, and the tie is reported once.</summary>
    private CompiledFlow? Lookup(DatapathBinding dp, PacketState p, int table, Pipeline pipeline)
    {
        var ctx = net.Context(dp.Key);
        CompiledFlow? chosen = null;
        foreach (var f in net.Flows(dp.Key, pipeline, table))
        {
            if (chosen is not null && f.Flow.Priority < chosen.Flow.Priority) break;
            if (!net.Evaluator.Evaluate(f.Match, p, ctx)) continue;
            if (chosen is null) chosen = f;
            else if (ties.Add((chosen.Flow.Id, f.Flow.Id)))
                warnings.Add($"{dp.Name} {Lower(pipeline)} table {table} ({f.Flow.Stage.Name}): flows {chosen.Flow.IdText[..8]} and "
                    + $"{f.Flow.IdText[..8]} both match at priority {f.Flow.Priority}; using {chosen.Flow.IdText[..8]}");
        }
        return chosen;
    }

    /// <summary><c>next;</c> runs a table as a subroutine; a change of pipeline opens a new section.</summary>
    private void ExecuteNext(NextAction n, Here at, ref PacketState p, List<NodeBuilder> super)
    {
        var pipeline = n.Pipeline ?? at.Pipeline;
        int table = n.Table ?? at.Table + 1;
        if (pipeline != at.Pipeline)
        {
            string port = pipeline == Pipeline.Ingress ? p.Inport : p.Outport;
            super = NodeBuilder.Append(super, TraceNodeKind.Pipeline,
                $"{Lower(pipeline)}(dp=\"{at.Dp.Name}\", {(pipeline == Pipeline.Ingress ? "inport" : "outport")}=\"{PortName(at.Dp, port)}\")").Children;
        }
        TraceTable(new Here(at.Dp, pipeline, table, at.Depth + 1), ref p, super);
    }

    /// <summary>
    /// <c>output;</c> In ingress: the egress pipeline for outport, once per member of a multicast group, with the
    /// registers cleared; never back to inport unless flags.loopback. In egress: delivery to a VIF, or on through a
    /// patch port into the peer datapath's ingress.
    /// </summary>
    private void ExecuteOutput(Here at, PacketState p, List<NodeBuilder> super)
    {
        var dp = at.Dp;
        var port = net.PortOn(dp.Key, p.Outport);
        var group = port is null ? net.GroupOn(dp.Key, p.Outport) : null;
        if (port is null && group is null)
        {
            NodeBuilder.Append(super, TraceNodeKind.Error, p.Outport.Length == 0
                ? "*** output to null logical port"
                : $"*** unknown port or multicast group \"{p.Outport}\"");
            Dropped(at, DropReason.BadOutport, p);
            return;
        }
        if (at.Pipeline == Pipeline.Egress)
        {
            Deliver(at, port, group, p, super);
            return;
        }

        var egress = PacketTransforms.ClearRegisters(p);
        string inport = PortName(dp, p.Inport);
        bool loopback = p.Get("flags.loopback") != 0;
        if (group is not null)
        {
            var mc = NodeBuilder.Append(super, TraceNodeKind.Pipeline, $"multicast(dp=\"{dp.Name}\", mcgroup=\"{group.Name}\")");
            bool any = false;
            foreach (var member in group.Ports.Where(m => net.PortOn(dp.Key, m) is not null).Order(StringComparer.Ordinal))
            {
                var node = NodeBuilder.Append(mc.Children, TraceNodeKind.Pipeline, $"egress(dp=\"{dp.Name}\", inport=\"{inport}\", outport=\"{member}\")");
                if (member != p.Inport || loopback)
                {
                    node.AlwaysIndent = true;
                    any = true;
                    var copy = egress.WithOutport(member);
                    TraceTable(new Here(dp, Pipeline.Egress, 0, at.Depth + 1), ref copy, node.Children);
                }
                else
                {
                    NodeBuilder.Append(node.Children, TraceNodeKind.Output, "/* omitting output because inport == outport && !flags.loopback */");
                }
            }
            if (!any) Dropped(at, DropReason.EmptyGroup, p);
            return;
        }
        if (port!.Name != p.Inport || loopback)
        {
            var node = NodeBuilder.Append(super, TraceNodeKind.Pipeline, $"egress(dp=\"{dp.Name}\", inport=\"{inport}\", outport=\"{port.Name}\")");
            TraceTable(new Here(dp, Pipeline.Egress, 0, at.Depth + 1), ref egress, node.Children);
        }
        else
        {
            NodeBuilder.Append(super, TraceNodeKind.Output, "/* omitting output because inport == outport && !flags.loopback */");
            Dropped(at, DropReason.Loopback, p);
        }
    }

    /// <summary>The end of an egress pipeline: a VIF delivery, or the peer's ingress for a patch port.</summary>
    private void Deliver(Here at, PortBinding? port, MulticastGroup? group, PacketState p, List<NodeBuilder> super)
    {
        string name = port?.Name ?? group!.Name;
        NodeBuilder.Append(super, TraceNodeKind.Output, $"/* output to \"{name}\", type \"{port?.Type ?? ""}\" */");
        if (port is null || !port.IsPatch)
        {
            NodeBuilder.Append(super, TraceNodeKind.Modify, $"output(\"{name}\")");
            verdicts.Add(new Delivery(at.Dp.Name, name, p));
            return;
        }
        var peer = port.Peer is null ? null : net.Port(port.Peer);
        var peerDp = peer is null ? null : net.Datapath(peer.Datapath);
        if (peer is null || peerDp is null)
        {
            NodeBuilder.Append(super, TraceNodeKind.Error, $"*** patch port \"{name}\" has no peer");
            Dropped(at, DropReason.BadOutport, p);
            return;
        }
        var node = NodeBuilder.Append(super, TraceNodeKind.Pipeline, $"ingress(dp=\"{peerDp.Name}\", inport=\"{peer.Name}\")");
        // Like the hosts' patch-port flows: registers, flags and conntrack state do not cross datapaths.
        var next = PacketTransforms.ClearConntrack(PacketTransforms.ClearRegisters(p)).WithInport(peer.Name).WithOutport("");
        TraceTable(new Here(peerDp, Pipeline.Ingress, 0, at.Depth + 1), ref next, node.Children);
    }

    private void Dropped(Here at, DropReason reason, PacketState p) =>
        verdicts.Add(new Drop(at.Dp.Name, at.Pipeline, at.Table, at.Flow?.Flow.Stage.Name ?? Stages.At(at.Dp.Kind, at.Pipeline, at.Table)?.Name,
            reason, at.Flow?.Flow, p));

    /// <summary>A port name as ovn-trace's ovntrace_port_key_to_name shows it: "" when unset, "(unnamed)" when not a port.</summary>
    private string PortName(DatapathBinding dp, string name) =>
        name.Length == 0 ? "" : net.PortOn(dp.Key, name)?.Name ?? "(unnamed)";

    private static string Lower(Pipeline p) => p == Pipeline.Ingress ? "ingress" : "egress";
}
