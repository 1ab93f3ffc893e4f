using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

internal sealed partial class TraceRun
{
    /// <summary>
    /// Runs an action list (ovn-trace trace_actions): each action is printed, then executed. Writes to
    /// non-register fields are also recorded as Modify nodes with their values, which is what --minimal shows.
    /// </summary>
    private void TraceActions(IReadOnlyList<LAction> actions, Here at, ref PacketState p, List<NodeBuilder> super)
    {
        if (actions.Count == 0 || actions is [DropAction])
        {
            NodeBuilder.Append(super, TraceNodeKind.Action, "drop;");
            Dropped(at, DropReason.DropAction, p);
            return;
        }
        bool continued = false;
        foreach (var a in actions)
        {
            NodeBuilder.Append(super, TraceNodeKind.Action, ActionText(a, at));
            switch (a)
            {
                case NextAction n:
                    ExecuteNext(n, at, ref p, super);
                    continued = true;
                    break;
                case OutputAction:
                    ExecuteOutput(at, p, super);
                    continued = true;
                    break;
                case DropAction:
                    Dropped(at, DropReason.DropAction, p);
                    return;
                case AssignAction s:
                    p = Assign(s, p, super);
                    break;
                case ExchangeAction x:
                    p = Exchange(x, p, super);
                    break;
                case DecrementTtlAction:
                    if (!DecrementTtl(at, ref p, super)) return;
                    break;
                case NestedAction nest:
                    continued |= Nested(nest, at, p, super);
                    break;
                case CallAction c:
                    continued |= Call(c, at, ref p, super);
                    break;
            }
        }
        if (!continued) Dropped(at, DropReason.ActionsEnded, p);
    }

    /// <summary>An action as ovn-trace prints it; <c>next</c> in OVN's canonical form relative to the flow's table.</summary>
    private static string ActionText(LAction a, Here at)
    {
        if (a is not NextAction n) return Formatter.Format(a);
        var pipeline = n.Pipeline ?? at.Pipeline;
        int table = n.Table ?? at.Table + 1;
        if (pipeline != at.Pipeline) return $"next(pipeline={Lower(pipeline)}, table={table});";
        return table != at.Table + 1 ? $"next({table});" : "next;";
    }

    private PacketState Assign(AssignAction s, PacketState p, List<NodeBuilder> super)
    {
        var dst = net.Evaluator.Symbols.Find(s.Destination.Name)!;
        if (dst.IsString)
            return s.Source switch
            {
                StringOperand str => p.SetPort(s.Destination, str.Value),
                FieldOperand f => p.SetPort(s.Destination, p.GetPort(f.Field)),
                _ => p,
            };
        switch (s.Source)
        {
            case IntOperand i:
                if (!FieldDisplay.IsRegister(dst)) NodeBuilder.Append(super, TraceNodeKind.Modify, Formatter.Format(s).TrimEnd(';'));
                // As OVS does, a field whose prerequisites the packet lacks is left alone.
                if (!PrerequisitesHold(dst.Name, p)) return p;
                var old = p.Get(s.Destination);
                return p.Set(s.Destination, (old & ~i.Mask) | (i.Value & i.Mask));
            case FieldOperand f:
                {
                    var value = p.Get(f.Field);
                    Summarize(s.Destination, f.Field, value, super);
                    return p.Set(s.Destination, value);
                }
            default:
                return p;
        }
    }

    private PacketState Exchange(ExchangeAction x, PacketState p, List<NodeBuilder> super)
    {
        var left = net.Evaluator.Symbols.Find(x.Left.Name)!;
        if (left.IsString)
            return p.SetPort(x.Left, p.GetPort(x.Right)).SetPort(x.Right, p.GetPort(x.Left));
        UInt128 a = p.Get(x.Left), b = p.Get(x.Right);
        Summarize(x.Left, x.Right, b, super);
        Summarize(x.Right, x.Left, a, super);
        return p.Set(x.Left, b).Set(x.Right, a);
    }

    /// <summary>ovn-trace's summarize_move: "dst = value-of-src" unless dst is a register.</summary>
    private void Summarize(FieldRef dst, FieldRef src, UInt128 value, List<NodeBuilder> super)
    {
        var symbols = net.Evaluator.Symbols;
        if (FieldDisplay.IsRegister(symbols.Find(dst.Name)!)) return;
        NodeBuilder.Append(super, TraceNodeKind.Modify, $"{Formatter.Format(dst)} = {FieldDisplay.Format(symbols.Find(src.Name)!, src, value)}");
    }

    private bool PrerequisitesHold(string symbol, PacketState p) =>
        net.Evaluator.PrerequisiteOf(symbol) is not Expr pre || net.Evaluator.Evaluate(pre, p, EvaluationContext.Empty);

    /// <summary>
    /// Decrements ip.ttl. Like the data plane (and unlike ovn-trace, which lets 1 become 0), a TTL of 0 or 1
    /// ends this copy of the packet. Returns false when the packet stops here.
    /// </summary>
    private bool DecrementTtl(Here at, ref PacketState p, List<NodeBuilder> super)
    {
        if (!PacketTransforms.IsIp4(p) && !PacketTransforms.IsIp6(p))
        {
            NodeBuilder.Append(super, TraceNodeKind.Error, "*** TTL decrement of non-IP packet");
            return true;
        }
        var ttl = p.Get("ip.ttl");
        if (ttl <= 1)
        {
            NodeBuilder.Append(super, TraceNodeKind.Error, ttl == 0 ? "*** TTL underflow" : "*** TTL expired (ip.ttl is 1)");
            Dropped(at, DropReason.TtlExpired, p);
            return false;
        }
        p = p.Set("ip.ttl", ttl - 1);
        NodeBuilder.Append(super, TraceNodeKind.Modify, "ip.ttl--");
        return true;
    }

    /// <summary>Blocks that build a packet (arp, icmp4 ...) or copy it (clone); returns true if one was traced.</summary>
    private bool Nested(NestedAction nest, Here at, PacketState p, List<NodeBuilder> super)
    {
        (string Title, PacketState? Packet) made = nest.Name switch
        {
            "clone" => ("clone", p),
            "arp" => ("arp", PacketTransforms.Arp(p)),
            "icmp4" or "icmp4_error" => ("icmp4", PacketTransforms.Icmp4(p, loopback: false)),
            "icmp6" or "icmp6_error" => ("icmp6", PacketTransforms.Icmp6(p, loopback: false)),
            "tcp_reset" => ("tcp_reset", PacketTransforms.TcpReset(p, loopback: false)),
            "sctp_abort" => ("sctp_abort", PacketTransforms.SctpAbort(p, loopback: false)),
            "nd_na" or "nd_na_router" => ("nd_na", PacketTransforms.NdNa(p)),
            "nd_ns" => ("nd_ns", PacketTransforms.NdNs(p)),
            "reject" => Reject(p),
            // ct_commit { } and trigger_event { } change nothing a trace can see.
            _ => ("", null),
        };
        if (made.Packet is not PacketState packet) return nest.Name is not ("ct_commit" or "trigger_event");
        var node = NodeBuilder.Append(super, TraceNodeKind.Transformation, made.Title);
        TraceActions(nest.Body.Items, at, ref packet, node.Children);
        return true;
    }

    /// <summary>reject { }: a TCP reset, SCTP abort or ICMP unreachable sent back toward the source.</summary>
    private static (string, PacketState?) Reject(PacketState p) => (int)p.Get("ip.proto") switch
    {
        6 when PacketTransforms.IsIp4(p) || PacketTransforms.IsIp6(p) => ("tcp_reset", PacketTransforms.TcpReset(p, loopback: true)),
        132 when PacketTransforms.IsIp4(p) || PacketTransforms.IsIp6(p) => ("sctp_abort", PacketTransforms.SctpAbort(p, loopback: true)),
        _ when PacketTransforms.IsIp4(p) => ("icmp4", PacketTransforms.Icmp4(p, loopback: true)),
        _ => ("icmp6", PacketTransforms.Icmp6(p, loopback: true)),
    };
}
