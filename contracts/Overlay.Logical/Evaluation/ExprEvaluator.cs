using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Overlay.Logical.Evaluation;

/// <summary>
/// Evaluates a checked match against one packet with OVN's semantics (lib/expr.c):
/// negation is pushed down to the relations first (<c>!(tcp.dst == 80)</c> is <c>tcp.dst != 80</c>), and
/// only then is every relation ANDed with its field's prerequisites, so that expression means
/// <c>tcp &amp;&amp; tcp.dst != 80</c>. A predicate is its definition, prerequisites included, negated as a whole
/// (<c>!tcp</c> holds for ARP), ANDed with the predicate's own prerequisite. <c>f == {a, b}</c> holds if any element matches, <c>f != {a, b}</c> if none does.
/// Comparing a port field with a name the context does not know is false whatever the operator.
/// </summary>
public sealed class ExprEvaluator
{
    private readonly FrozenDictionary<string, Expr> prerequisites;
    private readonly FrozenDictionary<string, Expr> expansions;
    private readonly ConcurrentDictionary<string, AddressValue?> addresses = new(StringComparer.Ordinal);

    /// <summary>Parses every symbol's prerequisite and predicate expansion once.</summary>
    public ExprEvaluator(SymbolTable table)
    {
        Symbols = table;
        prerequisites = table.Symbols.Where(s => s.Prerequisite is not null)
            .ToFrozenDictionary(s => s.Name, s => ParseDefinition(s.Name, s.Prerequisite!, table), StringComparer.Ordinal);
        expansions = table.Symbols.Where(s => s.IsPredicate && s.Expansion is not null)
            .ToFrozenDictionary(s => s.Name, s => ParseDefinition(s.Name, s.Expansion!, table), StringComparer.Ordinal);
    }

    public static ExprEvaluator Default { get; } = new(SymbolTable.Default);

    public SymbolTable Symbols { get; }

    /// <summary>The parsed prerequisite of a symbol (tcp.dst → <c>tcp</c>), or null.</summary>
    public Expr? PrerequisiteOf(string symbol) => prerequisites.GetValueOrDefault(symbol);

    /// <summary>The parsed definition of a predicate (ip4 → <c>eth.type == 0x800</c>), or null.</summary>
    public Expr? ExpansionOf(string symbol) => expansions.GetValueOrDefault(symbol);

    public bool Evaluate(Expr match, PacketState packet, IEvaluationContext context) =>
        Eval(match, negated: false, packet, context);

    private static Expr ParseDefinition(string name, string text, SymbolTable table)
    {
        var r = LogicalSyntax.ParseMatch(text, table);
        return r.Ok ? r.Value! : throw new InvalidOperationException($"symbol '{name}': cannot parse '{text}': {r.Error}");
    }

    private bool Eval(Expr e, bool negated, PacketState p, IEvaluationContext ctx) => e switch
    {
        ConstExpr c => c.Value != negated,
        NotExpr n => Eval(n.Inner, !negated, p, ctx),
        // De Morgan: a negated AND is an OR of negated terms, and the other way round.
        AndExpr a => negated ? a.Terms.Any(t => Eval(t, true, p, ctx)) : a.Terms.All(t => Eval(t, false, p, ctx)),
        OrExpr o => negated ? o.Terms.All(t => Eval(t, true, p, ctx)) : o.Terms.Any(t => Eval(t, false, p, ctx)),
        CallExpr c => Call(c, ctx) != negated,
        BitExpr b => Bit(b, negated, p, ctx),
        CmpExpr c => Relation(c.Field, negated ? Invert(c.Op) : c.Op, c.Value, p, ctx) && Prerequisite(c.Field.Name, p, ctx),
        _ => throw new ArgumentException($"unknown expression {e.GetType().Name}", nameof(e)),
    };

    private bool Prerequisite(string symbol, PacketState p, IEvaluationContext ctx) =>
        !prerequisites.TryGetValue(symbol, out var pre) || Eval(pre, false, p, ctx);

    private static bool Call(CallExpr c, IEvaluationContext ctx) =>
        c.Name == "is_chassis_resident" && c.Args.Count == 1 && c.Args[0] is StringOperand s && ctx.IsChassisResident(s.Value);

    private bool Bit(BitExpr b, bool negated, PacketState p, IEvaluationContext ctx)
    {
        var sym = Symbols.Find(b.Field.Name) ?? throw new ArgumentException($"unknown field '{b.Field.Name}'", nameof(b));
        // A predicate's definition is annotated with its own prerequisites and only then negated as a whole
        // (OVN expr_annotate_cmp), so !tcp holds for ARP; the predicate's prerequisite stays positive.
        if (sym.IsPredicate)
            return Eval(expansions[sym.Name], false, p, ctx) != negated && Prerequisite(sym.Name, p, ctx);
        bool set = p.Get(b.Field) != 0;
        return set != negated && Prerequisite(sym.Name, p, ctx);
    }

    private static RelOp Invert(RelOp op) => op switch
    {
        RelOp.Eq => RelOp.Ne,
        RelOp.Ne => RelOp.Eq,
        RelOp.Lt => RelOp.Ge,
        RelOp.Ge => RelOp.Lt,
        RelOp.Le => RelOp.Gt,
        _ => RelOp.Le,
    };

    private bool Relation(FieldRef field, RelOp op, Operand value, PacketState p, IEvaluationContext ctx)
    {
        var sym = Symbols.Find(field.Name) ?? throw new ArgumentException($"unknown field '{field.Name}'", nameof(field));
        if (value is SetOperand or AddressSetOperand or PortGroupOperand)
        {
            var items = Elements(value, ctx).ToList();
            return op switch
            {
                RelOp.Eq => items.Any(i => Single(sym, field, RelOp.Eq, i, p, ctx)),
                RelOp.Ne => items.All(i => Single(sym, field, RelOp.Ne, i, p, ctx)),
                _ => false,
            };
        }
        return Single(sym, field, op, value, p, ctx);
    }

    /// <summary>A set's elements with $address_sets and @port_groups replaced by their members.</summary>
    private IEnumerable<object> Elements(Operand value, IEvaluationContext ctx)
    {
        switch (value)
        {
            case SetOperand s:
                foreach (var item in s.Items)
                    foreach (var e in Elements(item, ctx)) yield return e;
                break;
            case AddressSetOperand a:
                foreach (var text in ctx.AddressSet(a.Name) ?? [])
                    if (Address(text) is AddressValue v) yield return v;
                break;
            case PortGroupOperand g:
                foreach (var name in ctx.PortGroup(g.Name) ?? []) yield return new StringOperand(name);
                break;
            default:
                yield return value;
                break;
        }
    }

    private AddressValue? Address(string text) =>
        addresses.GetOrAdd(text, t => AddressValue.TryParse(t, out var v) ? v : null);

    private static bool Single(Symbol sym, FieldRef field, RelOp op, object value, PacketState p, IEvaluationContext ctx)
    {
        if (sym.IsString)
        {
            if (value is not StringOperand s || !ctx.IsKnownPort(s.Value)) return false;
            bool same = p.GetPort(field) == s.Value;
            return op switch { RelOp.Eq => same, RelOp.Ne => !same, _ => false };
        }
        int width = field.HasRange ? field.High!.Value - field.Low!.Value + 1 : sym.Width;
        UInt128 actual = p.Get(field);
        switch (value)
        {
            case AddressValue a:
                return op == RelOp.Eq ? a.Matches(actual, width) : op == RelOp.Ne && !a.Matches(actual, width);
            case IntOperand i:
                {
                    UInt128 mask = i.Mask & Bits.Ones(width);
                    return op switch
                    {
                        RelOp.Eq => (actual & mask) == (i.Value & mask),
                        RelOp.Ne => (actual & mask) != (i.Value & mask),
                        RelOp.Lt => actual < i.Value,
                        RelOp.Le => actual <= i.Value,
                        RelOp.Gt => actual > i.Value,
                        _ => actual >= i.Value,
                    };
                }
            default:
                return false;
        }
    }
}
