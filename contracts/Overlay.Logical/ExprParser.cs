using System.Collections.Immutable;

namespace Overlay.Logical;

/// <summary>
/// Parses a match expression in OVN syntax into an <see cref="Expr"/>. Syntax only: names are
/// checked against the symbol table by <see cref="ExprChecker"/>.
/// </summary>
public static class ExprParser
{
    public static ParseResult<Expr> Parse(string text)
    {
        var tokens = TokenBuffer.Rent();
        try
        {
            var lexError = Lexer.Lex(text, tokens);
            return lexError is null ? Parse(new TokenCursor(tokens)) : ParseResult<Expr>.Fail(lexError);
        }
        finally
        {
            tokens.Return();
        }
    }

    private static ParseResult<Expr> Parse(TokenCursor cur)
    {
        if (cur.AtEnd) return ParseResult<Expr>.Fail(cur.Error("empty match; use 1 to match every packet"));
        var err = ParseExpr(cur, out var e);
        if (err is not null) return ParseResult<Expr>.Fail(err);
        if (!cur.AtEnd) return ParseResult<Expr>.Fail(cur.Error("syntax error: unexpected token after expression"));
        return ParseResult<Expr>.Success(e!);
    }

    internal static SyntaxError? ParseExpr(TokenCursor cur, out Expr? result)
    {
        result = null;
        var err = ParseUnary(cur, out var first);
        if (err is not null) return err;
        var kind = cur.PeekKind;
        if (kind is not (TokenKind.LogAnd or TokenKind.LogOr))
        {
            result = first;
            return null;
        }
        var terms = new List<Expr> { first! };
        while (cur.PeekKind is TokenKind.LogAnd or TokenKind.LogOr)
        {
            if (cur.PeekKind != kind)
                return cur.Error("'&&' and '||' must not be mixed without parentheses");
            cur.Take();
            err = ParseUnary(cur, out var next);
            if (err is not null) return err;
            terms.Add(next!);
        }
        result = kind == TokenKind.LogAnd ? And(terms) : Or(terms);
        return null;
    }

    // AndExpr.Of / OrExpr.Of, without their copy when there is nothing to flatten or drop (the usual case).
    private static Expr And(List<Expr> terms)
    {
        foreach (var t in terms)
            if (t is AndExpr or ConstExpr { Value: true }) return AndExpr.Of(terms);
        return new AndExpr(new ValueArray<Expr>(ImmutableArray.CreateRange(terms)));
    }

    private static Expr Or(List<Expr> terms)
    {
        foreach (var t in terms)
            if (t is OrExpr or ConstExpr { Value: false }) return OrExpr.Of(terms);
        return new OrExpr(new ValueArray<Expr>(ImmutableArray.CreateRange(terms)));
    }

    private static SyntaxError? ParseUnary(TokenCursor cur, out Expr? result)
    {
        result = null;
        if (cur.PeekKind == TokenKind.Not)
        {
            var bang = cur.Take();
            if (IsRelationAhead(cur))
                return TokenCursor.Error(bang, "'!' before a relation needs parentheses, e.g. !(arp.op == 1)");
            var err = ParseUnary(cur, out var inner);
            if (err is not null) return err;
            result = new NotExpr(inner!);
            return null;
        }
        return ParsePrimary(cur, out result);
    }

    private static bool IsRelationAhead(TokenCursor cur)
    {
        if (cur.PeekKind != TokenKind.Identifier) return cur.PeekKind is TokenKind.Integer or TokenKind.MaskedInteger or TokenKind.String && IsRelOp(cur.PeekAt(1).Kind);
        int k = 1;
        if (cur.PeekAt(k).Kind == TokenKind.LSquare)
        {
            while (cur.PeekAt(k).Kind is not (TokenKind.RSquare or TokenKind.End)) k++;
            k++;
        }
        return IsRelOp(cur.PeekAt(k).Kind);
    }

    internal static bool IsRelOp(TokenKind k) => k is TokenKind.Eq or TokenKind.Ne or TokenKind.Lt or TokenKind.Le or TokenKind.Gt or TokenKind.Ge;

    private static RelOp ToRelOp(TokenKind k) => k switch
    {
        TokenKind.Eq => RelOp.Eq,
        TokenKind.Ne => RelOp.Ne,
        TokenKind.Lt => RelOp.Lt,
        TokenKind.Le => RelOp.Le,
        TokenKind.Gt => RelOp.Gt,
        _ => RelOp.Ge,
    };

    // "5 < f" means "f > 5".
    private static RelOp Flip(RelOp op) => op switch
    {
        RelOp.Lt => RelOp.Gt,
        RelOp.Le => RelOp.Ge,
        RelOp.Gt => RelOp.Lt,
        RelOp.Ge => RelOp.Le,
        _ => op,
    };

    private static SyntaxError? ParsePrimary(TokenCursor cur, out Expr? result)
    {
        result = null;
        var t = cur.Peek;
        switch (t.Kind)
        {
            case TokenKind.LParen:
                {
                    cur.Take();
                    var err = ParseExpr(cur, out result);
                    if (err is not null) return err;
                    return cur.Expect(TokenKind.RParen, "')'");
                }
            case TokenKind.Identifier when cur.PeekAt(1).Kind == TokenKind.LParen:
                {
                    cur.Take();
                    cur.Take();
                    var err = ParseArgs(cur, out var args);
                    if (err is not null) return err;
                    result = new CallExpr(t.Text, args);
                    return null;
                }
            case TokenKind.Identifier:
                {
                    var err = ParseFieldRef(cur, out var field);
                    if (err is not null) return err;
                    if (!IsRelOp(cur.PeekKind))
                    {
                        result = new BitExpr(field!);
                        return null;
                    }
                    var op = ToRelOp(cur.Take().Kind);
                    err = ParseValue(cur, out var value);
                    if (err is not null) return err;
                    result = new CmpExpr(field!, op, value!);
                    return null;
                }
            case TokenKind.Integer when (t.Text is "0" or "1") && !IsRelOp(cur.PeekAt(1).Kind):
                cur.Take();
                result = t.Text == "1" ? Expr.True : Expr.False;
                return null;
            case TokenKind.Integer or TokenKind.MaskedInteger or TokenKind.String or TokenKind.AddressSet or TokenKind.PortGroup or TokenKind.LCurly:
                return ParseConstantFirst(cur, out result);
            case TokenKind.End:
                return cur.Error("expected an expression before end of input");
            default:
                return cur.Error("syntax error: expected a field, constant or '('");
        }
    }

    private static SyntaxError? ParseConstantFirst(TokenCursor cur, out Expr? result)
    {
        result = null;
        var err = ParseValue(cur, out var left);
        if (err is not null) return err;
        if (!IsRelOp(cur.PeekKind)) return cur.Error("expected a relational operator after a constant");
        var op1Tok = cur.Take();
        var op1 = ToRelOp(op1Tok.Kind);
        if (cur.PeekKind != TokenKind.Identifier) return cur.Error("expected a field after the relational operator");
        err = ParseFieldRef(cur, out var field);
        if (err is not null) return err;
        if (!IsRelOp(cur.PeekKind))
        {
            result = new CmpExpr(field!, Flip(op1), left!);
            return null;
        }
        var op2Tok = cur.Take();
        var op2 = ToRelOp(op2Tok.Kind);
        bool ascending = op1 is RelOp.Lt or RelOp.Le && op2 is RelOp.Lt or RelOp.Le;
        bool descending = op1 is RelOp.Gt or RelOp.Ge && op2 is RelOp.Gt or RelOp.Ge;
        if (!ascending && !descending)
            return TokenCursor.Error(op2Tok, "a range must use '<'/'<=' on both sides or '>'/'>=' on both sides");
        err = ParseValue(cur, out var right);
        if (err is not null) return err;
        result = AndExpr.Of([new CmpExpr(field!, Flip(op1), left!), new CmpExpr(field!, op2, right!)]);
        return null;
    }

    internal static SyntaxError? ParseFieldRef(TokenCursor cur, out FieldRef? field)
    {
        field = null;
        var id = cur.Take();
        if (id.Kind != TokenKind.Identifier) return TokenCursor.Error(id, "expected a field name");
        if (cur.PeekKind != TokenKind.LSquare)
        {
            field = new FieldRef(id.Text);
            return null;
        }
        cur.Take();
        var lo = cur.Take();
        if (lo.Kind != TokenKind.Integer || lo.Format != IntFormat.Decimal || lo.Value > 127)
            return TokenCursor.Error(lo, "expected a bit index (0..127)");
        int low = (int)lo.Value, high = low;
        if (cur.Match(TokenKind.Ellipsis))
        {
            var hi = cur.Take();
            if (hi.Kind != TokenKind.Integer || hi.Format != IntFormat.Decimal || hi.Value > 127)
                return TokenCursor.Error(hi, "expected a bit index (0..127)");
            high = (int)hi.Value;
            if (high < low) return TokenCursor.Error(hi, $"bit range {low}..{high} is reversed");
        }
        var err = cur.Expect(TokenKind.RSquare, "']'");
        if (err is not null) return err;
        field = new FieldRef(id.Text, low, high);
        return null;
    }

    internal static SyntaxError? ParseValue(TokenCursor cur, out Operand? value)
    {
        value = null;
        var t = cur.Peek;
        switch (t.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.MaskedInteger:
                cur.Take();
                value = new IntOperand(t.Value, t.Kind == TokenKind.Integer ? UInt128.MaxValue : t.Mask, t.Format);
                return null;
            case TokenKind.String:
                cur.Take();
                value = new StringOperand(t.Text);
                return null;
            case TokenKind.AddressSet:
                cur.Take();
                value = new AddressSetOperand(t.Text[1..]);
                return null;
            case TokenKind.PortGroup:
                cur.Take();
                value = new PortGroupOperand(t.Text[1..]);
                return null;
            case TokenKind.LCurly:
                {
                    cur.Take();
                    var items = new List<Operand>();
                    while (cur.PeekKind != TokenKind.RCurly)
                    {
                        if (cur.AtEnd) return cur.Error("expected '}' to close the set");
                        if (cur.PeekKind == TokenKind.LCurly) return cur.Error("sets cannot be nested");
                        var err = ParseValue(cur, out var item);
                        if (err is not null) return err;
                        items.Add(item!);
                        cur.Match(TokenKind.Comma);
                    }
                    cur.Take();
                    if (items.Count == 0) return TokenCursor.Error(t, "empty set");
                    value = new SetOperand(items.ToValueArray());
                    return null;
                }
            case TokenKind.End:
                return cur.Error("expected a constant before end of input");
            default:
                return cur.Error("expected a constant (number, address, string, set, $address_set or @port_group)");
        }
    }

    /// <summary>Arguments of a function call, after '(' up to and including ')': strings, constants or fields.</summary>
    internal static SyntaxError? ParseArgs(TokenCursor cur, out ValueArray<Operand> args)
    {
        args = ValueArray<Operand>.Empty;
        var list = new List<Operand>();
        if (cur.Match(TokenKind.RParen)) return null;
        while (true)
        {
            Operand? arg;
            if (cur.PeekKind == TokenKind.Identifier)
            {
                var err = ParseFieldRef(cur, out var f);
                if (err is not null) return err;
                arg = new FieldOperand(f!);
            }
            else
            {
                var err = ParseValue(cur, out arg);
                if (err is not null) return err;
            }
            list.Add(arg!);
            if (cur.Match(TokenKind.Comma)) continue;
            var close = cur.Expect(TokenKind.RParen, "',' or ')'");
            if (close is not null) return close;
            args = list.ToValueArray();
            return null;
        }
    }
}
