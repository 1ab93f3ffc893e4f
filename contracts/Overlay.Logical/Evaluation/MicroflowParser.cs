namespace Overlay.Logical.Evaluation;

/// <summary>
/// Parses an ovn-trace microflow — a conjunction such as
/// <c>inport == "p1" &amp;&amp; eth.src == 00:00:00:00:00:01 &amp;&amp; ip4 &amp;&amp; tcp.dst == 80</c> — into the one packet it
/// describes. Prerequisites are inferred (tcp.dst → ip.proto == 6 → ip), predicates expand, and unset bits are zero.
/// As in ovn-trace (expr_parse_microflow) the constraints must pin the packet down: <c>tcp.dst == 80</c> alone is
/// ambiguous (ip4 or ip6?), <c>ip4 &amp;&amp; ip6</c> is contradictory. Every error names a column and a token.
/// </summary>
public static class MicroflowParser
{
    /// <param name="context">When given, port names must be known to it.</param>
    public static ParseResult<PacketState> Parse(string microflow, SymbolTable table, IEvaluationContext? context = null)
    {
        var parsed = LogicalSyntax.ParseMatch(microflow, table);
        if (!parsed.Ok) return ParseResult<PacketState>.Fail(parsed.Error!);
        var terms = parsed.Value is AndExpr a ? a.Terms.Items : [parsed.Value!];
        var solver = new MicroflowSolver(ExprEvaluatorFor(table), context);
        var outcome = solver.Solve(terms.Select((t, i) => new Requirement(t, i)), new MicroflowConstraints());
        if (outcome.Failure is Failure f) return ParseResult<PacketState>.Fail(Describe(f, terms[f.Term], terms.Take(f.Term), microflow));

        var constraints = outcome.Constraints!;
        var pending = outcome.Deferred;
        var resolved = solver.Resolve(ref constraints, ref pending);
        if (resolved is Failure rf) return ParseResult<PacketState>.Fail(Describe(rf, terms[rf.Term], terms.Take(rf.Term), microflow));
        if (pending.Count > 0)
        {
            var first = pending[0];
            return ParseResult<PacketState>.Fail(Describe(new Failure(FailureKind.Ambiguous, first.Term, first.Expr), terms[first.Term], terms.Take(first.Term), microflow));
        }
        return ParseResult<PacketState>.Success(constraints.Build(table));
    }

    private static ExprEvaluator ExprEvaluatorFor(SymbolTable table) =>
        ReferenceEquals(table, SymbolTable.Default) ? ExprEvaluator.Default : new ExprEvaluator(table);

    private static SyntaxError Describe(Failure f, Expr term, IEnumerable<Expr> earlier, string source)
    {
        string termText = Formatter.Format(term);
        var (column, token) = Locate(f, term, earlier, source);
        return f.Kind switch
        {
            FailureKind.UnknownPort => new SyntaxError(column, token, $"unknown logical port {token}"),
            FailureKind.Contradictory => new SyntaxError(column, token, $"Constraints are contradictory: '{termText}' conflicts with the rest of the microflow."),
            _ => new SyntaxError(column, token, Ambiguity(termText, f.Detail)),
        };
    }

    private static string Ambiguity(string termText, Expr? pending)
    {
        if (pending is OrExpr or)
        {
            string hint = or.Terms.All(t => t is BitExpr) ? " (" + string.Join(" or ", or.Terms.Select(Formatter.Format)) + "?)" : "";
            return $"Constraints are ambiguous: '{termText}' needs {Formatter.Format(or)}{hint}.";
        }
        if (pending is CmpExpr { Value: SetOperand } set)
            return $"Constraints are ambiguous: '{termText}' allows more than one value of {Formatter.Format(set.Field)}; pick one.";
        return $"Constraints are ambiguous: '{termText}' does not give each field a single value; use == with a constant.";
    }

    /// <summary>
    /// The failing term's first field (or, for an unknown port, its name) and its column: the occurrence after
    /// those in the terms before it, so the second of two <c>tcp.dst</c> terms is the one pointed at.
    /// </summary>
    private static (int Column, string Token) Locate(Failure f, Expr term, IEnumerable<Expr> earlier, string source)
    {
        string token = f.Kind == FailureKind.UnknownPort && f.Detail is CmpExpr { Value: StringOperand s }
            ? Formatter.Format(new StringOperand(s.Value))
            : FirstField(term) ?? Formatter.Format(term);
        int skip = earlier.Sum(t => Occurrences(Formatter.Format(t), token));
        int idx = -1;
        for (int k = 0; k <= skip; k++)
        {
            int next = source.IndexOf(token, idx + 1, StringComparison.Ordinal);
            if (next < 0) break;
            idx = next;
        }
        return (idx < 0 ? 1 : idx + 1, token);
    }

    private static int Occurrences(string text, string token)
    {
        int n = 0;
        for (int i = text.IndexOf(token, StringComparison.Ordinal); i >= 0; i = text.IndexOf(token, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    private static string? FirstField(Expr e) => e switch
    {
        CmpExpr c => Formatter.Format(c.Field),
        BitExpr b => Formatter.Format(b.Field),
        NotExpr n => FirstField(n.Inner),
        AndExpr a => a.Terms.Select(FirstField).FirstOrDefault(x => x is not null),
        OrExpr o => o.Terms.Select(FirstField).FirstOrDefault(x => x is not null),
        _ => null,
    };
}

internal enum FailureKind : byte { Contradictory, Ambiguous, UnknownPort }

/// <summary>Why a microflow was refused; Term indexes the microflow's top-level conjunction.</summary>
internal readonly record struct Failure(FailureKind Kind, int Term, Expr? Detail = null);

/// <summary>A piece of the microflow still to satisfy, and which top-level term it came from.</summary>
internal readonly record struct Requirement(Expr Expr, int Term);
