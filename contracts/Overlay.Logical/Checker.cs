namespace Overlay.Logical;

/// <summary>
/// Type checks parsed matches and actions against a <see cref="SymbolTable"/>: names exist, bit ranges
/// fit, constants fit their field, nominal fields use only == and !=, strings go with port fields,
/// $address_set with integer fields, @port_group with port fields. Returns every problem found.
/// </summary>
public static class Checker
{
    /// <summary>Function calls allowed in matches, with their argument count.</summary>
    public static readonly IReadOnlyDictionary<string, int> MatchFunctions = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["is_chassis_resident"] = 1,
    };

    public static IReadOnlyList<SyntaxError> CheckMatch(Expr e, SymbolTable table, string source = "")
    {
        var errors = new List<SyntaxError>();
        CheckExpr(e, table, source, errors);
        return errors;
    }

    public static IReadOnlyList<SyntaxError> CheckActions(IEnumerable<LAction> actions, SymbolTable table, string source = "")
    {
        var errors = new List<SyntaxError>();
        foreach (var a in actions) CheckAction(a, table, source, errors);
        return errors;
    }

    // The first problem only, as LogicalSyntax reports it, collected on the parse's reusable list (checking runs once
    // per parsed flow, and almost every flow has no problem). The list is left empty.
    internal static SyntaxError? FirstMatchError(Expr e, SymbolTable table, string source, List<SyntaxError> errors)
    {
        CheckExpr(e, table, source, errors);
        return First(errors);
    }

    internal static SyntaxError? FirstActionError(IReadOnlyList<LAction> actions, SymbolTable table, string source, List<SyntaxError> errors)
    {
        for (int i = 0; i < actions.Count; i++) CheckAction(actions[i], table, source, errors);
        return First(errors);
    }

    private static SyntaxError? First(List<SyntaxError> errors)
    {
        var first = errors.Count == 0 ? null : errors[0];
        errors.Clear();
        return first;
    }

    private static SyntaxError At(string source, string token, string message)
    {
        int idx = source.Length == 0 || token.Length == 0 ? -1 : source.IndexOf(token, StringComparison.Ordinal);
        return new SyntaxError(idx < 0 ? 1 : idx + 1, token, message);
    }

    /// <summary>Resolves a field reference to its symbol and the width of the selected bits.</summary>
    public static (Symbol? Symbol, int Width, string? Error) Resolve(FieldRef f, SymbolTable table)
    {
        var sym = table.Find(f.Name);
        if (sym is null) return (null, 0, $"unknown field '{f.Name}'");
        if (!f.HasRange) return (sym, sym.Width, null);
        if (sym.IsPredicate || sym.IsString) return (sym, 0, $"'{f.Name}' cannot be subscripted");
        if (f.High >= sym.Width) return (sym, 0, $"bit {f.High} is beyond the {sym.Width}-bit field '{f.Name}'");
        return (sym, f.High!.Value - f.Low!.Value + 1, null);
    }

    private static void CheckExpr(Expr e, SymbolTable t, string src, List<SyntaxError> errors)
    {
        switch (e)
        {
            case ConstExpr:
                return;
            case NotExpr n:
                CheckExpr(n.Inner, t, src, errors);
                return;
            case AndExpr a:
                foreach (var x in a.Terms) CheckExpr(x, t, src, errors);
                return;
            case OrExpr o:
                foreach (var x in o.Terms) CheckExpr(x, t, src, errors);
                return;
            case CallExpr c:
                if (!MatchFunctions.TryGetValue(c.Name, out int argc))
                    errors.Add(At(src, c.Name, $"unknown function '{c.Name}'"));
                else if (c.Args.Count != argc || !AllStrings(c.Args))
                    errors.Add(At(src, c.Name, $"'{c.Name}' takes {argc} string argument(s)"));
                return;
            case BitExpr b:
                {
                    var (sym, width, err) = Resolve(b.Field, t);
                    if (err is not null) { errors.Add(At(src, b.Field.Name, err)); return; }
                    if (!sym!.IsPredicate && width != 1)
                        errors.Add(At(src, b.Field.Name, $"'{Formatter.Format(b.Field)}' is {width} bits wide; compare it explicitly (e.g. {Formatter.Format(b.Field)} != 0)"));
                    return;
                }
            case CmpExpr c:
                CheckCmp(c, t, src, errors);
                return;
        }
    }

    private static void CheckCmp(CmpExpr c, SymbolTable t, string src, List<SyntaxError> errors)
    {
        var (sym, width, err) = Resolve(c.Field, t);
        if (err is not null) { errors.Add(At(src, c.Field.Name, err)); return; }
        if (sym!.IsPredicate)
        {
            errors.Add(At(src, c.Field.Name, $"'{c.Field.Name}' is a predicate; use it alone, not in a comparison"));
            return;
        }
        bool ordinal = sym.Ordinal || c.Field.HasRange;
        if (!ordinal && c.Op is not (RelOp.Eq or RelOp.Ne))
        {
            errors.Add(At(src, c.Field.Name, $"'{c.Field.Name}' is nominal; only == and != apply"));
            return;
        }
        if (c.Value is SetOperand set)
            foreach (var v in set.Items.Items) CheckValue(c, sym, width, v, src, errors);
        else
            CheckValue(c, sym, width, c.Value, src, errors);
        if (c.Op is not (RelOp.Eq or RelOp.Ne) && c.Value is SetOperand or AddressSetOperand or PortGroupOperand)
            errors.Add(At(src, c.Field.Name, "only == and != may compare against a set"));
    }

    private static bool AllStrings(ValueArray<Operand> args)
    {
        foreach (var a in args.Items)
            if (a is not StringOperand) return false;
        return true;
    }

    private static void CheckValue(CmpExpr c, Symbol sym, int width, Operand v, string src, List<SyntaxError> errors)
    {
        // The field's text only goes into error messages: format it only when there is one.
        switch (v)
        {
            case StringOperand s when !sym.IsString:
                errors.Add(At(src, "\"" + s.Value + "\"", $"'{Formatter.Format(c.Field)}' is an integer field; a string cannot be compared with it"));
                break;
            case PortGroupOperand p when !sym.IsString:
                errors.Add(At(src, "@" + p.Name, $"port group @{p.Name} can only be compared with inport or outport"));
                break;
            case AddressSetOperand a when sym.IsString:
                errors.Add(At(src, "$" + a.Name, $"address set ${a.Name} cannot be compared with '{Formatter.Format(c.Field)}'"));
                break;
            case IntOperand i when sym.IsString:
                errors.Add(At(src, Formatter.Format(i), $"'{Formatter.Format(c.Field)}' is a logical port; compare it with a port name in quotes"));
                break;
            case IntOperand i:
                {
                    UInt128 limit = width >= 128 ? UInt128.MaxValue : (((UInt128)1 << width) - 1);
                    if ((i.Value & ~limit) != 0 || (i.IsMasked && (i.Mask & ~limit) != 0 && i.Format is IntFormat.Decimal or IntFormat.Hex))
                        errors.Add(At(src, Formatter.Format(i), $"constant {Formatter.Format(i)} does not fit in {width}-bit field '{Formatter.Format(c.Field)}'"));
                    else if (i.IsMasked && c.Op != RelOp.Eq && c.Op != RelOp.Ne)
                        errors.Add(At(src, Formatter.Format(i), "a masked constant only applies to == and !="));
                    break;
                }
        }
    }

    private static readonly HashSet<string> KnownCalls = new(StringComparer.Ordinal)
    {
        "get_arp", "put_arp", "lookup_arp", "lookup_arp_ip", "get_nd", "put_nd", "lookup_nd", "lookup_nd_ip",
        "get_fdb", "put_fdb", "lookup_fdb", "check_in_port_sec", "check_out_port_sec", "handle_svc_check",
        "ct_lb_mark", "ct_lb", "ct_dnat", "ct_snat", "ct_dnat_in_czone", "ct_snat_in_czone", "log",
        "check_pkt_larger", "set_queue", "chk_lb_hairpin", "chk_lb_hairpin_reply",
    };

    private static void CheckAction(LAction a, SymbolTable t, string src, List<SyntaxError> errors)
    {
        switch (a)
        {
            case NextAction or OutputAction or DropAction or DecrementTtlAction:
                return;
            case NestedAction n:
                foreach (var x in n.Body) CheckAction(x, t, src, errors);
                return;
            case CallAction c:
                if (!KnownCalls.Contains(c.Name) && !ActionParser.BareActionNames.Contains(c.Name))
                    errors.Add(At(src, c.Name, $"unknown action '{c.Name}'"));
                if (c.Result is not null) CheckDestination(c.Result, t, src, errors, out _);
                foreach (var arg in c.Args)
                    if (arg is FieldOperand f && Resolve(f.Field, t).Error is string e) errors.Add(At(src, f.Field.Name, e));
                return;
            case ExchangeAction x:
                {
                    CheckDestination(x.Left, t, src, errors, out var lw);
                    CheckDestination(x.Right, t, src, errors, out var rw);
                    if (lw > 0 && rw > 0 && lw != rw)
                        errors.Add(At(src, x.Right.Name, $"cannot exchange {lw}-bit '{Formatter.Format(x.Left)}' with {rw}-bit '{Formatter.Format(x.Right)}'"));
                    return;
                }
            case AssignAction s:
                {
                    var sym = CheckDestination(s.Destination, t, src, errors, out var width);
                    if (sym is null) return;
                    switch (s.Source)
                    {
                        case FieldOperand f:
                            {
                                var (ssym, sw, err) = Resolve(f.Field, t);
                                if (err is not null) errors.Add(At(src, f.Field.Name, err));
                                else if (ssym!.IsPredicate) errors.Add(At(src, f.Field.Name, $"'{f.Field.Name}' is a predicate, not a field"));
                                else if (sw != width || ssym.IsString != sym.IsString)
                                    errors.Add(At(src, f.Field.Name, $"cannot assign {sw}-bit '{Formatter.Format(f.Field)}' to {width}-bit '{Formatter.Format(s.Destination)}'"));
                                break;
                            }
                        case StringOperand str when !sym.IsString:
                            errors.Add(At(src, "\"" + str.Value + "\"", $"'{Formatter.Format(s.Destination)}' takes an integer, not a string"));
                            break;
                        case IntOperand i when sym.IsString:
                            errors.Add(At(src, Formatter.Format(i), $"'{s.Destination.Name}' takes a port name in quotes"));
                            break;
                        case IntOperand i:
                            {
                                UInt128 limit = width >= 128 ? UInt128.MaxValue : (((UInt128)1 << width) - 1);
                                if ((i.Value & ~limit) != 0)
                                    errors.Add(At(src, Formatter.Format(i), $"constant {Formatter.Format(i)} does not fit in {width}-bit '{Formatter.Format(s.Destination)}'"));
                                break;
                            }
                    }
                    return;
                }
        }
    }

    private static Symbol? CheckDestination(FieldRef f, SymbolTable t, string src, List<SyntaxError> errors, out int width)
    {
        var (sym, w, err) = Resolve(f, t);
        width = w;
        if (err is not null) { errors.Add(At(src, f.Name, err)); return null; }
        if (sym!.IsPredicate) { errors.Add(At(src, f.Name, $"'{f.Name}' is a predicate and cannot be assigned")); return null; }
        if (!sym.Writable) { errors.Add(At(src, f.Name, $"'{f.Name}' is read-only")); return null; }
        return sym;
    }
}

/// <summary>Parse and check in one step: what the compiler, validator and tools call.</summary>
public static class LogicalSyntax
{
    public static ParseResult<Expr> ParseMatch(string text, SymbolTable? table = null)
    {
        var cur = TokenCursor.Rent(text);
        try
        {
            var r = ExprParser.Parse(text, cur);
            if (!r.Ok) return r;
            var error = Checker.FirstMatchError(r.Value!, table ?? SymbolTable.Default, text, cur.Errors);
            return error is null ? r : ParseResult<Expr>.Fail(error);
        }
        finally
        {
            cur.Return();
        }
    }

    public static ParseResult<IReadOnlyList<LAction>> ParseActions(string text, SymbolTable? table = null)
    {
        var cur = TokenCursor.Rent(text);
        try
        {
            var r = ActionParser.Parse(text, cur);
            if (!r.Ok) return r;
            var error = Checker.FirstActionError(r.Value!, table ?? SymbolTable.Default, text, cur.Errors);
            return error is null ? r : ParseResult<IReadOnlyList<LAction>>.Fail(error);
        }
        finally
        {
            cur.Return();
        }
    }
}
