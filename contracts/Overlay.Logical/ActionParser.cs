using System.Runtime.InteropServices;

namespace Overlay.Logical;

/// <summary>
/// Parses an action list (<c>eth.dst = eth.src; outport = inport; output;</c>) into <see cref="LAction"/>s.
/// An empty list (or only comments) means drop, as in OVN.
/// </summary>
public static class ActionParser
{
    /// <summary>Block actions that run nested actions on a copy or a synthesized packet.</summary>
    public static readonly IReadOnlySet<string> NestedActionNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "arp", "icmp4", "icmp4_error", "icmp6", "icmp6_error", "clone", "nd_ns", "nd_na", "nd_na_router",
        "tcp_reset", "sctp_abort", "reject", "ct_commit", "trigger_event",
    };

    /// <summary>Actions written as a bare name (<c>ct_next;</c>); parsed as a <see cref="CallAction"/> with no arguments.</summary>
    public static readonly IReadOnlySet<string> BareActionNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "ct_next", "ct_clear", "ct_commit", "ct_lb", "ct_lb_mark", "ct_commit_nat", "ct_dnat", "ct_snat",
        "ct_dnat_in_czone", "ct_snat_in_czone", "igmp", "handle_dhcpv6_reply",
    };

    /// <summary>The actions in order; the list is an exactly sized array.</summary>
    public static ParseResult<IReadOnlyList<LAction>> Parse(string text)
    {
        var cur = TokenCursor.Rent(text);
        try
        {
            return Parse(text, cur);
        }
        finally
        {
            cur.Return();
        }
    }

    /// <summary>Lexes and parses <paramref name="text"/> with a cursor rented for it.</summary>
    internal static ParseResult<IReadOnlyList<LAction>> Parse(string text, TokenCursor cur)
    {
        var lexError = Lexer.Lex(text, cur.Tokens);
        return lexError is null ? Parse(cur) : ParseResult<IReadOnlyList<LAction>>.Fail(lexError);
    }

    private static ParseResult<IReadOnlyList<LAction>> Parse(TokenCursor cur)
    {
        var err = ParseList(cur, TokenKind.End, out var list);
        if (err is not null) return ParseResult<IReadOnlyList<LAction>>.Fail(err);
        return ParseResult<IReadOnlyList<LAction>>.Success(list);
    }

    // The actions collect on the thread's scratch stack (a block's above its parent's), then go to one exact array.
    private static SyntaxError? ParseList(TokenCursor cur, TokenKind terminator, out LAction[] list)
    {
        list = [];
        var stack = cur.Actions;
        int mark = stack.Count;
        while (cur.PeekKind != terminator)
        {
            if (cur.AtEnd) return cur.Error("expected '}' to close the action block");
            var err = ParseAction(cur, out var action);
            if (err is not null) return err;
            stack.Push(action!);
            err = cur.Expect(TokenKind.Semicolon, "';' after action");
            if (err is not null) return err;
        }
        list = stack.PopArray(mark);
        return null;
    }

    private static SyntaxError? ParseAction(TokenCursor cur, out LAction? action)
    {
        action = null;
        ref readonly var t = ref cur.Peek;
        if (t.Kind != TokenKind.Identifier) return cur.Error("expected an action");
        string name = t.Text!;
        var next = cur.PeekAt(1).Kind;
        switch (name)
        {
            case "next" when next is TokenKind.Semicolon or TokenKind.LParen or TokenKind.End:
                return ParseNext(cur, out action);
            case "output" when next is TokenKind.Semicolon or TokenKind.End:
                cur.Skip();
                action = OutputAction.Instance;
                return null;
            case "drop" when next is TokenKind.Semicolon or TokenKind.End:
                cur.Skip();
                action = DropAction.Instance;
                return null;
        }
        if (next == TokenKind.Semicolon && BareActionNames.Contains(name))
        {
            cur.Skip();
            action = new CallAction(null, name, ValueArray<Operand>.Empty);
            return null;
        }
        if (next == TokenKind.LCurly)
        {
            if (!NestedActionNames.Contains(name)) return cur.Error($"'{name}' is not a block action");
            cur.Skip();
            cur.Skip();
            var err = ParseList(cur, TokenKind.RCurly, out var body);
            if (err is not null) return err;
            cur.Skip();
            action = new NestedAction(name, ImmutableCollectionsMarshal.AsImmutableArray(body));
            return null;
        }
        if (next == TokenKind.LParen)
        {
            cur.Skip();
            cur.Skip();
            var err = ExprParser.ParseArgs(cur, out var args);
            if (err is not null) return err;
            action = new CallAction(null, name, args);
            return null;
        }
        {
            bool sharedDst = t.Name is not null;
            var err = ExprParser.ParseFieldRef(cur, out var dst);
            if (err is not null) return err;
            ref readonly var op = ref cur.Peek;
            switch (op.Kind)
            {
                case TokenKind.Decrement:
                    cur.Skip();
                    if (dst!.Name != "ip.ttl" || dst.HasRange) return cur.Error(op, "'--' applies only to ip.ttl");
                    action = DecrementTtlAction.Instance;
                    return null;
                case TokenKind.Exchange:
                    {
                        cur.Skip();
                        if (cur.PeekKind != TokenKind.Identifier) return cur.Error("expected a field after '<->'");
                        err = ExprParser.ParseFieldRef(cur, out var right);
                        if (err is not null) return err;
                        action = new ExchangeAction(dst!, right!);
                        return null;
                    }
                case TokenKind.Equals:
                    {
                        cur.Skip();
                        ref readonly var s = ref cur.Peek;
                        if (s.Kind == TokenKind.Identifier && cur.PeekAt(1).Kind == TokenKind.LParen)
                        {
                            string function = s.Text!;
                            cur.Skip();
                            cur.Skip();
                            err = ExprParser.ParseArgs(cur, out var args);
                            if (err is not null) return err;
                            action = new CallAction(dst, function, args);
                            return null;
                        }
                        if (s.Kind == TokenKind.Identifier)
                        {
                            err = ExprParser.ParseField(cur, out var src);
                            if (err is not null) return err;
                            action = sharedDst ? SharedNodes.Assignment(dst!, src!) : new AssignAction(dst!, src!);
                            return null;
                        }
                        err = ExprParser.ParseValue(cur, out var value);
                        if (err is not null) return err;
                        if (value is SetOperand or AddressSetOperand or PortGroupOperand)
                            return cur.Error(s, "an assignment needs a single constant, string or field");
                        action = sharedDst ? SharedNodes.Assignment(dst!, value!) : new AssignAction(dst!, value!);
                        return null;
                    }
                default:
                    return cur.Error($"syntax error after '{dst}': expected '=', '<->' or '--'");
            }
        }
    }

    // `next;` is the most common action of all; the record is immutable, so every parse shares one.
    private static readonly NextAction PlainNext = new();

    private static SyntaxError? ParseNext(TokenCursor cur, out LAction? action)
    {
        action = null;
        cur.Skip();
        if (!cur.Match(TokenKind.LParen))
        {
            action = PlainNext;
            return null;
        }
        if (cur.PeekKind == TokenKind.Integer)
        {
            ref readonly var t = ref cur.Take();
            if (t.Value > 255) return cur.Error(t, "table number out of range");
            var err0 = cur.Expect(TokenKind.RParen, "')'");
            if (err0 is not null) return err0;
            action = new NextAction(null, (int)t.Value);
            return null;
        }
        Pipeline? pipeline = null;
        int? table = null;
        while (true)
        {
            ref readonly var key = ref cur.Take();
            if (key.Kind != TokenKind.Identifier || key.Text is not ("pipeline" or "table"))
                return cur.Error(key, "expected 'pipeline=' or 'table='");
            bool isPipeline = key.Text == "pipeline";
            var err = cur.Expect(TokenKind.Equals, "'='");
            if (err is not null) return err;
            ref readonly var v = ref cur.Take();
            if (isPipeline)
            {
                if (v.Kind != TokenKind.Identifier || v.Text is not ("ingress" or "egress"))
                    return cur.Error(v, "pipeline must be ingress or egress");
                pipeline = v.Text == "ingress" ? Pipeline.Ingress : Pipeline.Egress;
            }
            else
            {
                if (v.Kind != TokenKind.Integer || v.Value > 255) return cur.Error(v, "expected a table number");
                table = (int)v.Value;
            }
            if (cur.Match(TokenKind.Comma)) continue;
            err = cur.Expect(TokenKind.RParen, "',' or ')'");
            if (err is not null) return err;
            break;
        }
        action = new NextAction(pipeline, table);
        return null;
    }
}
