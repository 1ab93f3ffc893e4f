using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

internal sealed partial class TraceRun
{
    private const uint CtTracked = 0x20, CtEstablished = 0x02, CtSrcNat = 0x40, CtDstNat = 0x80;

    /// <summary>Function-style actions. Returns true if the call continued the pipeline (ct_next, ct_dnat ...).</summary>
    private bool Call(CallAction c, Here at, ref PacketState p, List<NodeBuilder> super)
    {
        switch (c.Name)
        {
            case "ct_next":
                {
                    var state = NextCtState(out var comment);
                    CtFork(at, p, state, $"ct_next(ct_state={OpenFlowMicroflow.CtState(state)}{comment})", super);
                    return true;
                }
            case "ct_dnat" or "ct_snat" or "ct_dnat_in_czone" or "ct_snat_in_czone":
                CtNat(c, at, p, super);
                return true;
            case "ct_commit_nat":
                {
                    var text = "ct_commit_nat /* assuming no un-nat entry, so no change */";
                    var state = p.Get("ct_state");
                    if ((state & CtTracked) == 0) { state |= NextCtState(out var cm); text += cm; }
                    CtFork(at, p, state, text, super);
                    return true;
                }
            case "ct_clear":
                p = PacketTransforms.ClearConntrack(p);
                return false;
            case "get_arp" or "get_nd":
                GetMacBinding(c, ref p, super);
                return false;
            case "lookup_arp" or "lookup_nd":
                LookupMacBinding(c, ref p, super, checkMac: true);
                return false;
            case "lookup_arp_ip" or "lookup_nd_ip":
                LookupMacBinding(c, ref p, super, checkMac: false);
                return false;
            case "check_in_port_sec" when c.Result is not null:
                p = p.Set(c.Result, PortSecurity.DropsIn(net.PortOn(at.Dp.Key, p.Inport), p) ? 1u : 0u);
                return false;
            case "check_out_port_sec" when c.Result is not null:
                p = p.Set(c.Result, PortSecurity.DropsOut(net.PortOn(at.Dp.Key, p.Outport), p) ? 1u : 0u);
                return false;
            case "lookup_fdb" or "chk_lb_hairpin" or "chk_lb_hairpin_reply" or "check_pkt_larger" when c.Result is not null:
                // No FDB entries, no load balancers, no MTU: the answer is always 0.
                p = p.Set(c.Result, 0);
                return false;
            case "put_arp" or "put_nd" or "put_fdb" or "get_fdb" or "ct_commit" or "log" or "set_queue" or "set_meter"
                or "handle_svc_check" or "igmp" or "handle_dhcpv6_reply":
                // Learning, logging and controller services leave the traced packet as it is.
                return false;
            default:
                NodeBuilder.Append(super, TraceNodeKind.Error, $"*** {c.Name} is not simulated");
                return false;
        }
    }

    /// <summary>The state the next ct action reports: the next --ct option (with trk), then est|trk by default.</summary>
    private uint NextCtState(out string comment)
    {
        comment = "";
        if (ctIndex < ctStates.Length) return ctStates[ctIndex++];
        comment = " /* default (use --ct to customize) */";
        return CtEstablished | CtTracked;
    }

    /// <summary>Continues at the next table with a conntrack-processed copy; the original goes on after the action.</summary>
    private void CtFork(Here at, PacketState p, UInt128 state, string title, List<NodeBuilder> super)
    {
        var node = NodeBuilder.Append(super, TraceNodeKind.Transformation, title);
        var forked = p.Set("ct_state", state);
        TraceTable(new Here(at.Dp, at.Pipeline, at.Table + 1, at.Depth + 1), ref forked, node.Children);
    }

    private void CtNat(CallAction c, Here at, PacketState p, List<NodeBuilder> super)
    {
        bool dst = c.Name.StartsWith("ct_dnat", StringComparison.Ordinal);
        string dir = dst ? "dst" : "src";
        // ovn-trace prints "ct_dnatin_czone" (no underscore); kept for identical output.
        var text = "ct_" + dir[0] + "nat" + (c.Name.EndsWith("_in_czone", StringComparison.Ordinal) ? "in_czone" : "");
        var state = p.Get("ct_state");
        if (c.Args.Count == 1 && c.Args[0] is IntOperand { Format: IntFormat.IPv4 or IntFormat.IPv6 } ip)
        {
            string family = ip.Format == IntFormat.IPv4 ? "ip4" : "ip6";
            text += $"({family}.{dir}={Formatter.Format(ip)})";
            p = p.Set($"{family}.{dir}", ip.Value);
            state |= dst ? CtDstNat : CtSrcNat;
        }
        else
        {
            text += $" /* assuming no un-{dir[0]}nat entry, so no change */";
        }
        if ((state & CtTracked) == 0) { state |= NextCtState(out var comment); text += comment; }
        CtFork(at, p, state, text, super);
    }

    /// <summary>get_arp(P, A): eth.dst from the MAC binding of (P, A), or all zeros when there is none.</summary>
    private void GetMacBinding(CallAction c, ref PacketState p, List<NodeBuilder> super)
    {
        var mac = FindBinding(c, p, checkMac: false);
        NodeBuilder.Append(super, TraceNodeKind.Action, mac is UInt128 m ? $"/* MAC binding to {FieldDisplay.Mac(m)}. */" : "/* No MAC binding. */");
        p = p.Set("eth.dst", mac ?? 0);
        NodeBuilder.Append(super, TraceNodeKind.Modify, $"eth.dst = {FieldDisplay.Mac(mac ?? 0)}");
    }

    /// <summary>R = lookup_arp(P, A, M): 1 if (P, A) is bound to M. The _ip variants ignore the MAC.</summary>
    private void LookupMacBinding(CallAction c, ref PacketState p, List<NodeBuilder> super, bool checkMac)
    {
        var found = FindBinding(c, p, checkMac);
        if (checkMac)
            NodeBuilder.Append(super, TraceNodeKind.Action, found is not null
                ? $"/* MAC binding to {FieldDisplay.Mac(p.Get("eth.dst"))} found. */"
                : "/* lookup failed - No MAC binding. */");
        if (c.Result is not null) p = p.Set(c.Result, found is null ? 0u : 1u);
    }

    private UInt128? FindBinding(CallAction c, PacketState p, bool checkMac)
    {
        if (c.Args.Count < 2) return null;
        string? port = c.Args[0] switch
        {
            FieldOperand f when net.Evaluator.Symbols.Find(f.Field.Name)?.IsString == true => p.GetPort(f.Field),
            StringOperand s => s.Value,
            _ => null,
        };
        UInt128? ip = c.Args[1] switch { FieldOperand f => p.Get(f.Field), IntOperand i => i.Value, _ => null };
        UInt128? mac = !checkMac || c.Args.Count < 3 ? null : c.Args[2] switch { FieldOperand f => p.Get(f.Field), IntOperand i => i.Value, _ => null };
        foreach (var b in options.MacBindings)
        {
            if (b.Port != port || !AddressValue.TryParse(b.Ip, out var bip) || bip.Value != ip) continue;
            if (!AddressValue.TryParse(b.Mac, out var bmac)) continue;
            if (checkMac && bmac.Value != mac) continue;
            return bmac.Value;
        }
        return null;
    }
}
