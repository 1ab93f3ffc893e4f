using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// A logical flow parsed once for tracing. Match already includes the prerequisites its actions imply
/// (assigning eth.src needs nothing, ip.ttl-- needs ip, arp { } needs ip4), as ovn-trace ANDs them in.
/// Omittable flows (match 1, actions exactly "next;") are skipped silently like ovn-trace's may_omit_stage.
/// </summary>
internal sealed record CompiledFlow(LogicalFlow Flow, Expr Match, ImmutableArray<LAction> Actions, bool Omittable)
{
    /// <summary>Parses a flow, or returns the reason it cannot be traced (ovn-trace warns and skips such flows).</summary>
    public static (CompiledFlow? Flow, string? Problem) Compile(LogicalFlow flow, ExprEvaluator evaluator, IEvaluationContext names)
    {
        var match = LogicalSyntax.ParseMatch(flow.Match, evaluator.Symbols);
        if (!match.Ok) return (null, $"match of flow {flow.IdText} does not parse: {match.Error}");
        var actions = LogicalSyntax.ParseActions(flow.Actions, evaluator.Symbols);
        if (!actions.Ok) return (null, $"actions of flow {flow.IdText} do not parse: {actions.Error}");
        if (UnknownName(match.Value!, names) is string missing)
            return (null, $"match of flow {flow.IdText} refers to unknown {missing}");

        var list = actions.Value!.ToImmutableArray();
        var full = Expr.And(match.Value!, ActionPrerequisites.Of(list, evaluator));
        bool omittable = full is ConstExpr { Value: true } && list is [NextAction n] && n.Pipeline is null && (n.Table ?? flow.Stage.Table + 1) == flow.Stage.Table + 1;
        return (new CompiledFlow(flow, full, list, omittable), null);
    }

    private static string? UnknownName(Expr e, IEvaluationContext names) => e switch
    {
        NotExpr n => UnknownName(n.Inner, names),
        AndExpr a => a.Terms.Select(t => UnknownName(t, names)).FirstOrDefault(x => x is not null),
        OrExpr o => o.Terms.Select(t => UnknownName(t, names)).FirstOrDefault(x => x is not null),
        CmpExpr c => UnknownName(c.Value, names),
        _ => null,
    };

    private static string? UnknownName(Operand v, IEvaluationContext names) => v switch
    {
        AddressSetOperand a when names.AddressSet(a.Name) is null => "address set $" + a.Name,
        PortGroupOperand g when names.PortGroup(g.Name) is null => "port group @" + g.Name,
        SetOperand s => s.Items.Select(i => UnknownName(i, names)).FirstOrDefault(x => x is not null),
        _ => null,
    };
}

/// <summary>
/// The prerequisites an action list adds to its flow's match (OVN lib/actions.c): every field it reads or writes
/// brings its own; ip.ttl-- and conntrack actions need ip; a packet-building block needs its packet type and
/// drops the prerequisites of its body, while clone and reject pass their body's through.
/// </summary>
internal static class ActionPrerequisites
{
    public static Expr Of(IEnumerable<LAction> actions, ExprEvaluator evaluator)
    {
        var terms = new List<Expr>();
        foreach (var a in actions) Collect(a, evaluator, terms);
        return Expr.And(terms.Distinct().ToArray());
    }

    private static void Collect(LAction a, ExprEvaluator ev, List<Expr> terms)
    {
        void Field(FieldRef f)
        {
            if (ev.PrerequisiteOf(f.Name) is Expr pre) terms.Add(pre);
        }
        switch (a)
        {
            case AssignAction s:
                Field(s.Destination);
                if (s.Source is FieldOperand src) Field(src.Field);
                break;
            case ExchangeAction x:
                Field(x.Left);
                Field(x.Right);
                break;
            case DecrementTtlAction:
                terms.Add(new BitExpr("ip"));
                break;
            case CallAction c:
                if (c.Result is not null) Field(c.Result);
                foreach (var arg in c.Args.OfType<FieldOperand>()) Field(arg.Field);
                if (c.Name.StartsWith("ct_", StringComparison.Ordinal) && c.Name != "ct_clear") terms.Add(new BitExpr("ip"));
                break;
            case NestedAction n when NestedPrerequisite(n.Name) is string pre:
                terms.Add(new BitExpr(pre));
                break;
            case NestedAction n when n.Name is "clone" or "reject":
                foreach (var inner in n.Body) Collect(inner, ev, terms);
                break;
        }
    }

    /// <summary>The packet type a block builds, hence needs: arp → ip4, nd_na → nd_ns ... (OVN parse_nested_action).</summary>
    public static string? NestedPrerequisite(string name) => name switch
    {
        "arp" or "icmp4" or "icmp4_error" => "ip4",
        "icmp6" or "icmp6_error" or "nd_ns" => "ip6",
        "nd_na" or "nd_na_router" => "nd_ns",
        "tcp_reset" => "tcp",
        "sctp_abort" => "sctp",
        "ct_commit" => "ip",
        _ => null,
    };
}
