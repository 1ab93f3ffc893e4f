using System.Runtime.InteropServices;

namespace Overlay.Logical;

/// <summary>
/// Parses a match expression in OVN syntax into an <see cref="Expr"/>. Syntax only: names are
/// checked against the symbol table by <see cref="ExprChecker"/>.
/// </summary>
public static class ExprParser
{
    public static ParseResult<Expr> Parse(string text)
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
    internal static ParseResult<Expr> Parse(string text, TokenCursor cur)
    {
        var lexError = Lexer.Lex(text, cur.Tokens);
        return lexError is null ? Parse(cur) : ParseResult<Expr>.Fail(lexError);
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
        // The terms collect on the thread's scratch stack (nested parentheses stack above), then go to one exact array.
        var terms = cur.Exprs;
        int mark = terms.Count;
        terms.Push(first!);
        while (cur.PeekKind is TokenKind.LogAnd or TokenKind.LogOr)
        {
            if (cur.PeekKind != kind)
                return cur.Error("'&&' and '||' must not be mixed without parentheses");
            cur.Skip();
            err = ParseUnary(cur, out var next);
            if (err is not null) return err;
            terms.Push(next!);
        }
        result = kind == TokenKind.LogAnd ? And(terms, mark) : Or(terms, mark);
        return null;
    }

    // AndExpr.Of / OrExpr.Of, without their copies when there is nothing to flatten or drop (the usual case).
    private static Expr And(ScratchStack<Expr> terms, int mark)
    {
        if (terms.Any(mark, static t => t is AndExpr or ConstExpr { Value: true })) return AndExpr.Of(terms.PopArray(mark));
        return new AndExpr(ImmutableCollectionsMarshal.AsImmutableArray(terms.PopArray(mark)));
    }

    private static Expr Or(ScratchStack<Expr> terms, int mark)
    {
        if (terms.Any(mark, static t => t is OrExpr or ConstExpr { Value: false })) return OrExpr.Of(terms.PopArray(mark));
        return new OrExpr(ImmutableCollectionsMarshal.AsImmutableArray(terms.PopArray(mark)));
    }

    private static SyntaxError? ParseUnary(TokenCursor cur, out Expr? result)
    {
        result = null;
        if (cur.PeekKind == TokenKind.Not)
        {
            ref readonly var bang = ref cur.Take();
            if (IsRelationAhead(cur))
                return cur.Error(bang, "'!' before a relation needs parentheses, e.g. !(arp.op == 1)");
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
        ref readonly var t = ref cur.Peek;
        switch (t.Kind)
        {
            case TokenKind.LParen:
                {
                    cur.Skip();
                    var err = ParseExpr(cur, out result);
                    if (err is not null) return err;
                    return cur.Expect(TokenKind.RParen, "')'");
                }
            case TokenKind.Identifier when cur.PeekAt(1).Kind == TokenKind.LParen:
                {
                    string name = t.Text!;
                    cur.Skip();
                    cur.Skip();
                    var err = ParseArgs(cur, out var args);
                    if (err is not null) return err;
                    result = new CallExpr(name, args);
                    return null;
                }
            case TokenKind.Identifier:
                {
                    var name = t.Name;
                    var err = ParseFieldRef(cur, out var field);
                    if (err is not null) return err;
                    if (!IsRelOp(cur.PeekKind))
                    {
                        result = name is not null && ReferenceEquals(field, name.Field) ? name.Bit : new BitExpr(field!);
                        return null;
                    }
                    var op = ToRelOp(cur.Take().Kind);
                    err = ParseValue(cur, out var value);
                    if (err is not null) return err;
                    result = name is not null ? SharedNodes.Comparison(field!, op, value!) : new CmpExpr(field!, op, value!);
                    return null;
                }
            // Exactly "0" or "1" (a one-digit decimal).
            case TokenKind.Integer when t.Format == IntFormat.Decimal && t.Length == 1 && t.Value <= 1 && !IsRelOp(cur.PeekAt(1).Kind):
                result = t.Value == 1 ? Expr.True : Expr.False;
                cur.Skip();
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
        var op1 = ToRelOp(cur.Take().Kind);
        if (cur.PeekKind != TokenKind.Identifier) return cur.Error("expected a field after the relational operator");
        err = ParseFieldRef(cur, out var field);
        if (err is not null) return err;
        if (!IsRelOp(cur.PeekKind))
        {
            result = new CmpExpr(field!, Flip(op1), left!);
            return null;
        }
        ref readonly var op2Tok = ref cur.Take();
        var op2 = ToRelOp(op2Tok.Kind);
        bool ascending = op1 is RelOp.Lt or RelOp.Le && op2 is RelOp.Lt or RelOp.Le;
        bool descending = op1 is RelOp.Gt or RelOp.Ge && op2 is RelOp.Gt or RelOp.Ge;
        if (!ascending && !descending)
            return cur.Error(op2Tok, "a range must use '<'/'<=' on both sides or '>'/'>=' on both sides");
        err = ParseValue(cur, out var right);
        if (err is not null) return err;
        result = AndExpr.Of([new CmpExpr(field!, Flip(op1), left!), new CmpExpr(field!, op2, right!)]);
        return null;
    }

    internal static SyntaxError? ParseFieldRef(TokenCursor cur, out FieldRef? field)
    {
        field = null;
        ref readonly var id = ref cur.Take();
        if (id.Kind != TokenKind.Identifier) return cur.Error(id, "expected a field name");
        // Known names share their references across parses (see LexerName).
        var name = id.Name;
        string text = id.Text!;
        if (cur.PeekKind != TokenKind.LSquare)
        {
            field = name is not null ? name.Field : new FieldRef(text);
            return null;
        }
        cur.Skip();
        ref readonly var lo = ref cur.Take();
        if (lo.Kind != TokenKind.Integer || lo.Format != IntFormat.Decimal || lo.Value > 127)
            return cur.Error(lo, "expected a bit index (0..127)");
        int low = (int)lo.Value, high = low;
        if (cur.Match(TokenKind.Ellipsis))
        {
            ref readonly var hi = ref cur.Take();
            if (hi.Kind != TokenKind.Integer || hi.Format != IntFormat.Decimal || hi.Value > 127)
                return cur.Error(hi, "expected a bit index (0..127)");
            high = (int)hi.Value;
            if (high < low) return cur.Error(hi, $"bit range {low}..{high} is reversed");
        }
        var err = cur.Expect(TokenKind.RSquare, "']'");
        if (err is not null) return err;
        field = name is not null ? name.Range(low, high) : new FieldRef(text, low, high);
        return null;
    }

    internal static SyntaxError? ParseValue(TokenCursor cur, out Operand? value)
    {
        value = null;
        ref readonly var t = ref cur.Peek;
        switch (t.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.MaskedInteger:
                value = TokenCursor.Constant(t);
                cur.Skip();
                return null;
            case TokenKind.String:
                value = cur.String(t);
                cur.Skip();
                return null;
            case TokenKind.AddressSet:
                value = new AddressSetOperand(t.Text!);
                cur.Skip();
                return null;
            case TokenKind.PortGroup:
                value = new PortGroupOperand(t.Text!);
                cur.Skip();
                return null;
            case TokenKind.LCurly:
                {
                    cur.Skip();
                    var items = cur.Operands;
                    int mark = items.Count;
                    while (cur.PeekKind != TokenKind.RCurly)
                    {
                        if (cur.AtEnd) return cur.Error("expected '}' to close the set");
                        if (cur.PeekKind == TokenKind.LCurly) return cur.Error("sets cannot be nested");
                        var err = ParseValue(cur, out var item);
                        if (err is not null) return err;
                        items.Push(item!);
                        cur.Match(TokenKind.Comma);
                    }
                    cur.Skip();
                    if (items.Count == mark) return cur.Error(t, "empty set");
                    value = new SetOperand(ImmutableCollectionsMarshal.AsImmutableArray(items.PopArray(mark)));
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
        if (cur.Match(TokenKind.RParen)) return null;
        var list = cur.Operands;
        int mark = list.Count;
        while (true)
        {
            Operand? arg;
            if (cur.PeekKind == TokenKind.Identifier)
            {
                var err = ParseField(cur, out arg);
                if (err is not null) return err;
            }
            else
            {
                var err = ParseValue(cur, out arg);
                if (err is not null) return err;
            }
            list.Push(arg!);
            if (cur.Match(TokenKind.Comma)) continue;
            var close = cur.Expect(TokenKind.RParen, "',' or ')'");
            if (close is not null) return close;
            args = ImmutableCollectionsMarshal.AsImmutableArray(list.PopArray(mark));
            return null;
        }
    }

    /// <summary>A field as an operand; a known name without a subscript gives its shared operand.</summary>
    internal static SyntaxError? ParseField(TokenCursor cur, out Operand? operand)
    {
        operand = null;
        var name = cur.Peek.Name;
        var err = ParseFieldRef(cur, out var f);
        if (err is not null) return err;
        operand = name is not null && ReferenceEquals(f, name.Field) ? name.Operand : new FieldOperand(f!);
        return null;
    }
}
