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

    public static ParseResult<IReadOnlyList<LAction>> Parse(string text)
    {
        var tokens = TokenBuffer.Rent();
        try
        {
            var lexError = Lexer.Lex(text, tokens);
            return lexError is null ? Parse(new TokenCursor(tokens)) : ParseResult<IReadOnlyList<LAction>>.Fail(lexError);
        }
        finally
        {
            tokens.Return();
        }
    }

    private static ParseResult<IReadOnlyList<LAction>> Parse(TokenCursor cur)
    {
        var err = ParseList(cur, TokenKind.End, out var list);
        if (err is not null) return ParseResult<IReadOnlyList<LAction>>.Fail(err);
        return ParseResult<IReadOnlyList<LAction>>.Success(list);
    }

    private static SyntaxError? ParseList(TokenCursor cur, TokenKind terminator, out List<LAction> list)
    {
        list = new List<LAction>();
        while (cur.PeekKind != terminator)
        {
            if (cur.AtEnd) return cur.Error("expected '}' to close the action block");
            var err = ParseAction(cur, out var action);
            if (err is not null) return err;
            list.Add(action!);
            err = cur.Expect(TokenKind.Semicolon, "';' after action");
            if (err is not null) return err;
        }
        return null;
    }

    private static SyntaxError? ParseAction(TokenCursor cur, out LAction? action)
    {
        action = null;
        var t = cur.Peek;
        if (t.Kind != TokenKind.Identifier) return cur.Error("expected an action");
        var next = cur.PeekAt(1).Kind;
        switch (t.Text)
        {
            case "next" when next is TokenKind.Semicolon or TokenKind.LParen or TokenKind.End:
                return ParseNext(cur, out action);
            case "output" when next is TokenKind.Semicolon or TokenKind.End:
                cur.Take();
                action = OutputAction.Instance;
                return null;
            case "drop" when next is TokenKind.Semicolon or TokenKind.End:
                cur.Take();
                action = DropAction.Instance;
                return null;
        }
        if (next == TokenKind.Semicolon && BareActionNames.Contains(t.Text))
        {
            cur.Take();
            action = new CallAction(null, t.Text, ValueArray<Operand>.Empty);
            return null;
        }
        if (next == TokenKind.LCurly)
        {
            if (!NestedActionNames.Contains(t.Text)) return cur.Error($"'{t.Text}' is not a block action");
            cur.Take();
            cur.Take();
            var err = ParseList(cur, TokenKind.RCurly, out var body);
            if (err is not null) return err;
            cur.Take();
            action = new NestedAction(t.Text, body.ToValueArray());
            return null;
        }
        if (next == TokenKind.LParen)
        {
            cur.Take();
            cur.Take();
            var err = ExprParser.ParseArgs(cur, out var args);
            if (err is not null) return err;
            action = new CallAction(null, t.Text, args);
            return null;
        }
        {
            var err = ExprParser.ParseFieldRef(cur, out var dst);
            if (err is not null) return err;
            var op = cur.Peek;
            switch (op.Kind)
            {
                case TokenKind.Decrement:
                    cur.Take();
                    if (dst!.Name != "ip.ttl" || dst.HasRange) return TokenCursor.Error(op, "'--' applies only to ip.ttl");
                    action = DecrementTtlAction.Instance;
                    return null;
                case TokenKind.Exchange:
                    {
                        cur.Take();
                        if (cur.PeekKind != TokenKind.Identifier) return cur.Error("expected a field after '<->'");
                        err = ExprParser.ParseFieldRef(cur, out var right);
                        if (err is not null) return err;
                        action = new ExchangeAction(dst!, right!);
                        return null;
                    }
                case TokenKind.Equals:
                    {
                        cur.Take();
                        var s = cur.Peek;
                        if (s.Kind == TokenKind.Identifier && cur.PeekAt(1).Kind == TokenKind.LParen)
                        {
                            cur.Take();
                            cur.Take();
                            err = ExprParser.ParseArgs(cur, out var args);
                            if (err is not null) return err;
                            action = new CallAction(dst, s.Text, args);
                            return null;
                        }
                        if (s.Kind == TokenKind.Identifier)
                        {
                            err = ExprParser.ParseFieldRef(cur, out var src);
                            if (err is not null) return err;
                            action = new AssignAction(dst!, new FieldOperand(src!));
                            return null;
                        }
                        err = ExprParser.ParseValue(cur, out var value);
                        if (err is not null) return err;
                        if (value is SetOperand or AddressSetOperand or PortGroupOperand)
                            return TokenCursor.Error(s, "an assignment needs a single constant, string or field");
                        action = new AssignAction(dst!, value!);
                        return null;
                    }
                default:
                    return cur.Error($"syntax error after '{dst}': expected '=', '<->' or '--'");
            }
        }
    }

    private static SyntaxError? ParseNext(TokenCursor cur, out LAction? action)
    {
        action = null;
        cur.Take();
        if (!cur.Match(TokenKind.LParen))
        {
            action = new NextAction();
            return null;
        }
        if (cur.PeekKind == TokenKind.Integer)
        {
            var t = cur.Take();
            if (t.Value > 255) return TokenCursor.Error(t, "table number out of range");
            var err0 = cur.Expect(TokenKind.RParen, "')'");
            if (err0 is not null) return err0;
            action = new NextAction(null, (int)t.Value);
            return null;
        }
        Pipeline? pipeline = null;
        int? table = null;
        while (true)
        {
            var key = cur.Take();
            if (key.Kind != TokenKind.Identifier || key.Text is not ("pipeline" or "table"))
                return TokenCursor.Error(key, "expected 'pipeline=' or 'table='");
            var err = cur.Expect(TokenKind.Equals, "'='");
            if (err is not null) return err;
            var v = cur.Take();
            if (key.Text == "pipeline")
            {
                if (v.Kind != TokenKind.Identifier || v.Text is not ("ingress" or "egress"))
                    return TokenCursor.Error(v, "pipeline must be ingress or egress");
                pipeline = v.Text == "ingress" ? Pipeline.Ingress : Pipeline.Egress;
            }
            else
            {
                if (v.Kind != TokenKind.Integer || v.Value > 255) return TokenCursor.Error(v, "expected a table number");
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
