using System.Collections.Immutable;

namespace Overlay.Logical.Evaluation;

/// <summary>
/// Turns microflow terms into fixed bits. Equalities and 1-bit tests fix bits directly and queue their
/// prerequisites; anything else (an OR, a set, an inequality) is deferred until either the bits it reads are
/// all fixed (then it is simply evaluated) or exactly one of its alternatives is consistent (then that one is
/// taken). What is left afterwards is ambiguous — the same verdicts as OVN's expr_parse_microflow.
/// </summary>
internal sealed class MicroflowSolver(ExprEvaluator evaluator, IEvaluationContext? context)
{
    private SymbolTable Table => evaluator.Symbols;

    public readonly record struct Outcome(MicroflowConstraints? Constraints, List<Requirement> Deferred, Failure? Failure);

    public Outcome Solve(IEnumerable<Requirement> requirements, MicroflowConstraints constraints)
    {
        var work = new Stack<Requirement>(requirements.Reverse());
        var deferred = new List<Requirement>();
        while (work.Count > 0)
        {
            var failure = Step(work.Pop(), constraints, work, deferred);
            if (failure is not null) return new Outcome(null, deferred, failure);
        }
        return new Outcome(constraints, deferred, null);
    }

    /// <summary>Settles deferred requirements until none can be settled; returns a failure or null.</summary>
    public Failure? Resolve(ref MicroflowConstraints constraints, ref List<Requirement> pending)
    {
        for (bool progress = true; progress && pending.Count > 0;)
        {
            progress = false;
            for (int k = 0; k < pending.Count && !progress; k++)
            {
                var d = pending[k];
                if (Determined(d.Expr, constraints))
                {
                    if (!evaluator.Evaluate(d.Expr, constraints.Build(Table), context ?? AnyPort.Instance))
                        return new Failure(FailureKind.Contradictory, d.Term);
                    pending.RemoveAt(k);
                    progress = true;
                    continue;
                }
                var alternatives = Alternatives(d.Expr);
                if (alternatives.IsDefault) continue;
                var survivors = new List<(MicroflowConstraints C, List<Requirement> D)>();
                foreach (var alt in alternatives)
                {
                    var o = Solve([new Requirement(alt, d.Term)], constraints.Clone());
                    if (o.Failure is { Kind: FailureKind.UnknownPort } unknown) return unknown;
                    if (o.Failure is not null) continue;
                    var c = o.Constraints!;
                    var rest = o.Deferred;
                    if (Resolve(ref c, ref rest) is null) survivors.Add((c, rest));
                }
                if (survivors.Count == 0) return new Failure(FailureKind.Contradictory, d.Term);
                if (survivors.Count > 1) continue;
                constraints = survivors[0].C;
                pending.RemoveAt(k);
                pending.AddRange(survivors[0].D);
                progress = true;
            }
        }
        return null;
    }

    private Failure? Step(Requirement r, MicroflowConstraints c, Stack<Requirement> work, List<Requirement> deferred)
    {
        void Push(Expr? e) { if (e is not null) work.Push(new Requirement(e, r.Term)); }
        switch (r.Expr)
        {
            case ConstExpr k:
                return k.Value ? null : new Failure(FailureKind.Contradictory, r.Term);
            case AndExpr a:
                for (int i = a.Terms.Count - 1; i >= 0; i--) Push(a.Terms[i]);
                return null;
            case NotExpr { Inner: NotExpr inner }:
                Push(inner.Inner);
                return null;
            case NotExpr { Inner: OrExpr o }:
                foreach (var t in o.Terms) Push(new NotExpr(t));
                return null;
            case NotExpr { Inner: CmpExpr cmp }:
                Push(cmp with { Op = Invert(cmp.Op) });
                return null;
            case NotExpr { Inner: BitExpr b } when IsPredicate(b.Field):
                // !tcp is "not (ip.proto == 6 && ip)": it fixes nothing, so it can only be checked once settled.
                Push(evaluator.PrerequisiteOf(b.Field.Name));
                deferred.Add(r);
                return null;
            case NotExpr { Inner: BitExpr b } when IsOneBit(b.Field):
                return Fix(b.Field, 0, UInt128.MaxValue, r, c, work);
            case BitExpr b when IsPredicate(b.Field):
                Push(evaluator.PrerequisiteOf(b.Field.Name));
                Push(evaluator.ExpansionOf(b.Field.Name));
                return null;
            case BitExpr b when IsOneBit(b.Field):
                return Fix(b.Field, 1, UInt128.MaxValue, r, c, work);
            case CmpExpr { Op: RelOp.Eq, Value: StringOperand s } cmp when IsPort(cmp.Field):
                if (context is not null && !context.IsKnownPort(s.Value)) return new Failure(FailureKind.UnknownPort, r.Term, cmp);
                return c.AddPort(cmp.Field.Name, s.Value) ? null : new Failure(FailureKind.Contradictory, r.Term);
            case CmpExpr { Op: RelOp.Eq, Value: IntOperand i } cmp when IsNumeric(cmp.Field):
                return Fix(cmp.Field, i.Value, i.Mask, r, c, work);
            case CmpExpr { Op: RelOp.Ne, Value: IntOperand { IsMasked: false } i } cmp when IsOneBit(cmp.Field):
                return Fix(cmp.Field, i.Value ^ 1, UInt128.MaxValue, r, c, work);
            case CmpExpr { Op: RelOp.Eq, Value: SetOperand { Items.Count: 1 } set } cmp:
                Push(cmp with { Value = set.Items[0] });
                return null;
            default:
                deferred.Add(r);
                return null;
        }
    }

    private Failure? Fix(FieldRef field, UInt128 value, UInt128 mask, Requirement r, MicroflowConstraints c, Stack<Requirement> work)
    {
        var sym = Table.Find(field.Name)!;
        int offset = sym.Offset + (field.Low ?? 0);
        int width = field.HasRange ? field.High!.Value - field.Low!.Value + 1 : sym.Width;
        UInt128 m = (mask & Bits.Ones(width)) << offset;
        if (!c.AddBits(sym.Storage, (value << offset) & m, m)) return new Failure(FailureKind.Contradictory, r.Term);
        if (evaluator.PrerequisiteOf(sym.Name) is Expr pre) work.Push(new Requirement(pre, r.Term));
        return null;
    }

    /// <summary>The ways an unsettled requirement can hold, or default if it is not a choice.</summary>
    private static ImmutableArray<Expr> Alternatives(Expr e) => e switch
    {
        OrExpr o => o.Terms.Items,
        NotExpr { Inner: AndExpr a } => a.Terms.Select(t => (Expr)new NotExpr(t)).ToImmutableArray(),
        CmpExpr { Op: RelOp.Eq, Value: SetOperand s } c when s.Items.All(i => i is IntOperand or StringOperand) =>
            s.Items.Select(i => (Expr)new CmpExpr(c.Field, RelOp.Eq, i)).ToImmutableArray(),
        _ => default,
    };

    /// <summary>True when every bit <paramref name="e"/> reads (prerequisites included) is fixed.</summary>
    private bool Determined(Expr e, MicroflowConstraints c) => e switch
    {
        ConstExpr or CallExpr => true,
        NotExpr n => Determined(n.Inner, c),
        AndExpr a => a.Terms.All(t => Determined(t, c)),
        OrExpr o => o.Terms.All(t => Determined(t, c)),
        BitExpr b => FieldDetermined(b.Field, c),
        CmpExpr cmp => FieldDetermined(cmp.Field, c),
        _ => false,
    };

    private bool FieldDetermined(FieldRef field, MicroflowConstraints c)
    {
        var sym = Table.Find(field.Name);
        if (sym is null) return false;
        if (evaluator.PrerequisiteOf(sym.Name) is Expr pre && !Determined(pre, c)) return false;
        if (sym.IsPredicate) return Determined(evaluator.ExpansionOf(sym.Name)!, c);
        if (sym.IsString) return c.HasPort(sym.Name);
        int offset = sym.Offset + (field.Low ?? 0);
        int width = field.HasRange ? field.High!.Value - field.Low!.Value + 1 : sym.Width;
        return c.Covers(sym.Storage, Bits.Ones(width) << offset);
    }

    private bool IsPredicate(FieldRef f) => Table.Find(f.Name)?.IsPredicate == true;

    private bool IsPort(FieldRef f) => Table.Find(f.Name)?.IsString == true && !f.HasRange;

    private bool IsNumeric(FieldRef f) => Table.Find(f.Name) is { IsPredicate: false, IsString: false };

    private bool IsOneBit(FieldRef f) =>
        IsNumeric(f) && (f.HasRange ? f.High == f.Low : Table.Find(f.Name)!.Width == 1);

    internal static RelOp Invert(RelOp op) => op switch
    {
        RelOp.Eq => RelOp.Ne,
        RelOp.Ne => RelOp.Eq,
        RelOp.Lt => RelOp.Ge,
        RelOp.Ge => RelOp.Lt,
        RelOp.Le => RelOp.Gt,
        _ => RelOp.Le,
    };

    /// <summary>Without a context every port name counts as known, so port sets can still be settled.</summary>
    private sealed class AnyPort : IEvaluationContext
    {
        public static readonly AnyPort Instance = new();
        public bool IsKnownPort(string name) => true;
        public ImmutableArray<string>? AddressSet(string name) => null;
        public ImmutableArray<string>? PortGroup(string name) => null;
        public bool IsChassisResident(string port) => true;
    }
}
