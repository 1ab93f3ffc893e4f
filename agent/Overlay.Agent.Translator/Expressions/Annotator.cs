using System.Collections.Concurrent;
using System.Collections.Immutable;
using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Agent.Translator.Expressions;

/// <summary>What a match may name on the datapath being translated.</summary>
internal interface INameScope
{
    /// <summary>The key of a port or multicast group of this datapath, or null.</summary>
    uint? KeyOf(string name);

    /// <summary>The member names of a port group, or null if there is no such group.</summary>
    ImmutableArray<string>? PortGroup(string name);

    /// <summary>The entries of an address set, or null if there is no such set.</summary>
    ImmutableArray<string>? AddressSet(string name);

    bool IsChassisResident(string port);

    /// <summary>The keys of port group <paramref name="group"/>'s <paramref name="members"/> that are names of this datapath, in member order.</summary>
    IReadOnlyList<uint> MemberKeys(string group, ImmutableArray<string> members);
}

/// <summary>
/// Annotation (OVN lib/expr.c, as <see cref="ExprEvaluator"/> defines the semantics): negation is pushed down to
/// the relations, each relation is ANDed with its field's prerequisites, predicates expand to their definition
/// (annotated, then negated as a whole),
/// sets, $address_sets and @port_groups (this datapath's members) expand to their elements, port names become
/// keys, inequalities become prefix matches, and <c>f != c</c> becomes one single-bit clause per bit.
/// </summary>
internal sealed class Annotator(INameScope names)
{
    private static readonly ConcurrentDictionary<string, Node> Prerequisites = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, AddressValue?> Addresses = new(StringComparer.Ordinal);
    private static readonly Annotator Bare = new(NoNames.Instance);

    private static SymbolTable Symbols => SymbolTable.Default;

    public Node Annotate(Expr e) => Walk(e, negated: false);

    /// <summary>The prerequisites of <paramref name="symbol"/> (tcp.dst → ip.proto == 6 and ip4 or ip6), or true.</summary>
    public static Node PrerequisiteOf(string symbol) =>
        Prerequisites.GetOrAdd(symbol, s => ExprEvaluator.Default.PrerequisiteOf(s) is { } pre ? Bare.Walk(pre, negated: false) : Node.True);

    private Node Walk(Expr e, bool negated) => e switch
    {
        ConstExpr c => c.Value != negated ? Node.True : Node.False,
        NotExpr n => Walk(n.Inner, !negated),
        AndExpr a => negated ? Node.Or(a.Terms.Select(t => Walk(t, true))) : Conjunction(a.Terms),
        OrExpr o => negated ? Node.And(o.Terms.Select(t => Walk(t, true))) : Node.Or(o.Terms.Select(t => Walk(t, false))),
        CallExpr c => Call(c) != negated ? Node.True : Node.False,
        BitExpr b => Bit(b.Field, negated),
        CmpExpr c => Node.And(Relation(c.Field, negated ? Invert(c.Op) : c.Op, c.Value), PrerequisiteOf(c.Field.Name)),
        _ => throw new TranslationProblem(DiagnosticKind.Unsupported, $"unknown expression {e.GetType().Name}"),
    };

    /// <summary>
    /// <c>Node.And(terms.Select(t => Walk(t, false)))</c>, built in one list: a relation and its prerequisites go
    /// straight in, without an AND node of their own to flatten.
    /// </summary>
    private Node Conjunction(IReadOnlyList<Expr> terms)
    {
        var list = new List<Node>(terms.Count * 2);
        foreach (var t in terms)
        {
            if (t is CmpExpr c)
            {
                if (!Append(list, Relation(c.Field, c.Op, c.Value)) || !Append(list, PrerequisiteOf(c.Field.Name))) return Node.False;
            }
            else if (!Append(list, Walk(t, false))) return Node.False;
        }
        return list.Count switch { 0 => Node.True, 1 => list[0], _ => new AndNode([.. list]) };
    }

    /// <summary>
    /// Pushes the clauses <see cref="Annotate"/> would give <paramref name="e"/> onto the clause stack, in the same
    /// order, when every term of the conjunction annotates to clauses alone: a comparison of a field with one constant
    /// or of a port field with one name (==), a bit, a predicate whose definition and prerequisites are clauses, true
    /// (with <see cref="GatherDimension"/>, also one set of constants, predicate OR or port group: the dimension, and
    /// beside it ORs for the caller to find settled: <see cref="Implied"/>);
    /// a false term stops the walk with <paramref name="never"/>, as annotation stops at it. False for any other
    /// expression, having evaluated no term past the first one that is not plain, so a problem a later term has is
    /// raised by the full annotation, in the same order. A problem with a plain term is thrown as annotation throws it.
    /// </summary>
    public bool TryGather(Expr e, out bool never)
    {
        never = false;
        switch (e)
        {
            case ConstExpr c:
                never = !c.Value;
                return true;
            case AndExpr a:
                foreach (var t in a.Terms)
                {
                    if (!TryGather(t, out never)) return false;
                    if (never) return true;
                }
                return true;
            case CmpExpr { Op: RelOp.Eq } c:
                {
                    var sym = Symbol(c.Field);
                    Clause clause;
                    if (sym.IsString)
                    {
                        var storage = FieldMap.Find(sym.Storage)!;
                        if (c.Value is PortGroupOperand g)
                        {
                            // A port group: its members on this datapath, as annotation lists them; two or more are the one dimension.
                            if (!gatherDimension || Dimension is not null) return false;
                            var members = new List<Clause>();
                            foreach (uint k in PortKeys(g)) members.Add(new Clause(storage, k, Clause.Ones(storage.Width)));
                            if (members.Count == 0)
                            {
                                never = true;
                                return true;
                            }
                            if (members.Count == 1) Push(members[0]);
                            else Dimension = members;
                            return TryGather(PrerequisiteOf(c.Field.Name), this, out never);
                        }
                        if (c.Value is not StringOperand s) return false;
                        uint key = names.KeyOf(s.Value) ?? throw new TranslationProblem(DiagnosticKind.UnknownName, $"no logical port or multicast group \"{s.Value}\" on this datapath");
                        clause = new Clause(storage, key, Clause.Ones(storage.Width));
                    }
                    else if (c.Value is SetOperand { Items.Count: >= 2 } set)
                    {
                        // A set of constants: the one dimension a gather may take (see Dimension).
                        if (!gatherDimension || Dimension is not null) return false;
                        foreach (var item in set.Items)
                            if (item is not IntOperand) return false;
                        var (storage, offset, width) = Bits(sym, c.Field);
                        UInt128 ones = Clause.Ones(width);
                        var values = new List<Clause>(set.Items.Count);
                        foreach (IntOperand x in set.Items)
                            values.Add(Clause.Of(storage, (x.Value & x.Mask & ones) << offset, (x.Mask & ones) << offset));
                        Dimension = values;
                        return TryGather(PrerequisiteOf(c.Field.Name), gatherDimension ? this : null, out never);
                    }
                    else
                    {
                        if ((c.Value is SetOperand { Items: [IntOperand one] } ? one : c.Value) is not IntOperand single) return false;
                        var (storage, offset, width) = Bits(sym, c.Field);
                        UInt128 ones = Clause.Ones(width);
                        clause = Clause.Of(storage, (single.Value & single.Mask & ones) << offset, (single.Mask & ones) << offset);
                    }
                    Push(clause);
                    return TryGather(PrerequisiteOf(c.Field.Name), gatherDimension ? this : null, out never);
                }
            case BitExpr b:
                {
                    var sym = Symbol(b.Field);
                    if (sym.IsPredicate)
                    {
                        if (Definition(sym.Name) is not { } definition) return false;
                        var dims = gatherDimension ? this : null;
                        return TryGather(definition, dims, out never) && (never || TryGather(PrerequisiteOf(sym.Name), dims, out never));
                    }
                    var (storage, offset, _) = Bits(sym, b.Field);
                    UInt128 bit = UInt128.One << offset;
                    Push(new Clause(storage, bit, bit));
                    return TryGather(PrerequisiteOf(sym.Name), gatherDimension ? this : null, out never);
                }
            default:
                return false;
        }
    }

    /// <summary>Pushes an annotated node's clauses when it is true, false (<paramref name="never"/>), a clause or an AND of clauses.</summary>
    public static bool TryGather(Node node, out bool never) => TryGather(node, null, out never);

    /// <summary>As <see cref="TryGather(Node, out bool)"/>; with <paramref name="dims"/>, an OR of clauses on one storage may be its <see cref="Dimension"/>.</summary>
    public static bool TryGather(Node node, Annotator? dims, out bool never)
    {
        never = false;
        switch (node)
        {
            case ConstNode c:
                never = !c.Value;
                return true;
            case ClauseNode c:
                Push(c.Clause);
                return true;
            case OrNode o:
                return dims is not null && dims.TryDimension(o);
            case AndNode a:
                OrNode? or = null;
                List<Clause>? orValues = null;
                foreach (var t in a.Terms)
                {
                    if (t is ClauseNode) continue;
                    if (t is not OrNode x || dims is null || Normalizer.OneStorage(x) is not { } values) return false;
                    // The same OR again in this AND (ip, the prerequisite of both ip.ttl and icmp4.type) adds nothing.
                    if (orValues is not null)
                    {
                        if (!SameExactAlternatives(orValues, values)) return false;
                        continue;
                    }
                    or = x;
                    orValues = values;
                }
                if (or is not null && !dims!.TryDimension(or)) return false;
                foreach (var t in a.Terms)
                    if (t is ClauseNode k) Push(k.Clause);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// With <see cref="GatherDimension"/> on, the one OR of two or more clauses on one storage (a set of constants, a
    /// predicate such as <c>ip</c>) a gather met, its clauses in order; the conjunction is then one term with one
    /// dimension. Null when there was none.
    /// </summary>
    public List<Clause>? Dimension { get; private set; }

    private bool gatherDimension;

    /// <summary>Lets the next gathers take one dimension (see <see cref="Dimension"/>), forgetting any taken before.</summary>
    public void GatherDimension()
    {
        gatherDimension = true;
        Dimension = null;
        Implied = null;
    }

    private bool TryDimension(OrNode o)
    {
        if (Normalizer.OneStorage(o) is not { } values) return false;
        if (Dimension is null)
        {
            Dimension = values;
            return true;
        }
        if (SameExactAlternatives(Dimension, values)) return true;
        // Another OR beside the dimension: it may only be one a clause of the conjunction settles (ip beside ip4).
        (Implied ??= []).Add(values);
        return true;
    }

    /// <summary>
    /// ORs met beside the <see cref="Dimension"/> (<c>ip</c>, the prerequisite of <c>tcp.dst</c>, beside a set of
    /// ports), each to be implied by a clause of the conjunction (<c>ip4</c>'s <c>eth.type == 0x800</c>): the general
    /// normalization merges such an OR away. The gather's caller checks them (<see cref="AllImplied"/>).
    /// </summary>
    public List<List<Clause>>? Implied { get; private set; }

    /// <summary>True when every OR of <see cref="Implied"/> has an alternative one of <paramref name="clauses"/> implies.</summary>
    public bool AllImplied(ReadOnlySpan<Clause> clauses)
    {
        if (Implied is null) return true;
        foreach (var or in Implied)
        {
            bool implied = false;
            foreach (var c in clauses)
            {
                foreach (var v in or)
                    if (v.ImpliedBy(c)) { implied = true; break; }
                if (implied) break;
            }
            if (!implied) return false;
        }
        return true;
    }

    /// <summary>
    /// True when an OR met again (<c>ip</c>, the prerequisite of both <c>udp.src</c> and <c>udp.dst</c>) is the one taken:
    /// exact alternatives ANDed with themselves are themselves, so it adds nothing (only for values on one mask with no
    /// bits outside it, where that holds whatever the order).
    /// </summary>
    private static bool SameExactAlternatives(List<Clause> taken, List<Clause> again)
    {
        if (taken.Count != again.Count) return false;
        for (int i = 0; i < taken.Count; i++)
        {
            var c = taken[i];
            if (c != again[i] || c.Mask != taken[0].Mask || (c.Value & ~c.Mask) != 0) return false;
        }
        return true;
    }

    private static void Push(Clause c)
    {
        if (c.Mask != 0) Normalizer.ClauseStack.Push(c);
    }

    /// <summary>
    /// A predicate's definition, annotated once (it names no port, so no datapath changes it); null when it is not
    /// one the bare annotator can read, and the full annotation then does it.
    /// </summary>
    private static Node? Definition(string predicate) =>
        Definitions.GetOrAdd(predicate, static p =>
        {
            if (ExprEvaluator.Default.ExpansionOf(p) is not { } expansion) return null;
            try { return Bare.Walk(expansion, negated: false); }
            catch (TranslationProblem) { return null; }
        });

    private static readonly ConcurrentDictionary<string, Node?> Definitions = new(StringComparer.Ordinal);

    /// <summary>Adds a conjunct as <see cref="Node.And(IEnumerable{Node})"/> would (flattened, true dropped); false for false.</summary>
    private static bool Append(List<Node> list, Node node)
    {
        switch (node)
        {
            case ConstNode { Value: true }:
                return true;
            case ConstNode { Value: false }:
                return false;
            case AndNode a:
                list.AddRange(a.Terms);
                return true;
            default:
                list.Add(node);
                return true;
        }
    }

    private bool Call(CallExpr c) =>
        c.Name == "is_chassis_resident" && c.Args.Count == 1 && c.Args[0] is StringOperand s
            ? names.IsChassisResident(s.Value)
            : throw new TranslationProblem(DiagnosticKind.Unsupported, $"function '{c.Name}' cannot be evaluated on the chassis");

    private Node Bit(FieldRef field, bool negated)
    {
        var sym = Symbol(field);
        if (sym.IsPredicate)
        {
            var expansion = ExprEvaluator.Default.ExpansionOf(sym.Name)
                ?? throw new TranslationProblem(DiagnosticKind.Unsupported, $"predicate '{sym.Name}' has no definition");
            // OVN annotates a predicate's definition with its prerequisites first and then negates it whole, so
            // !tcp holds for ARP; the predicate's own prerequisite stays positive.
            var definition = Walk(expansion, negated: false);
            return Node.And(negated ? Not(definition) : definition, PrerequisiteOf(sym.Name));
        }
        var (storage, offset, _) = Bits(sym, field);
        UInt128 bit = UInt128.One << offset;
        return Node.And(new ClauseNode(new Clause(storage, negated ? 0 : bit, bit)), PrerequisiteOf(sym.Name));
    }

    private Node Relation(FieldRef field, RelOp op, Operand value)
    {
        var sym = Symbol(field);
        if (sym.IsString) return PortRelation(sym, op, value);
        var (storage, offset, width) = Bits(sym, field);
        UInt128 ones = Clause.Ones(width);
        switch (op)
        {
            case RelOp.Eq or RelOp.Ne when (value is SetOperand { Items: [IntOperand one] } ? one : value) is IntOperand single:
                {
                    // One constant: what the general case below gives for a one-element operand, without its collections.
                    Node positive = new ClauseNode(Clause.Of(storage, (single.Value & single.Mask & ones) << offset, (single.Mask & ones) << offset));
                    return op == RelOp.Eq ? positive : Negate(positive);
                }
            case RelOp.Eq or RelOp.Ne:
                {
                    var parts = new List<Node>();
                    foreach (var element in Elements(value, ones))
                    {
                        Node positive = element is { } x
                            ? new ClauseNode(Clause.Of(storage, (x.Value & ones) << offset, (x.Mask & ones) << offset))
                            : Node.False; // an address wider than the field never matches it
                        parts.Add(op == RelOp.Eq ? positive : Negate(positive));
                    }
                    return op == RelOp.Eq ? Node.Or(parts) : Node.And(parts);
                }
            default:
                {
                    if (value is not IntOperand i)
                        throw new TranslationProblem(DiagnosticKind.Unsupported, "only a constant can bound an inequality");
                    UInt128 c = i.Value & ones;
                    var (low, high, empty) = op switch
                    {
                        RelOp.Lt => (UInt128.Zero, c - 1, c == 0),
                        RelOp.Le => (UInt128.Zero, c, false),
                        RelOp.Gt => (c + 1, ones, c == ones),
                        _ => (c, ones, false),
                    };
                    return empty ? Node.False : Prefixes(storage, offset, low, high, width);
                }
        }
    }

    /// <summary>An OR of the prefix clauses covering [low, high] (its own method: a lambda capturing the relation's
    /// locals would cost every relation a closure).</summary>
    private static Node Prefixes(StorageMapping storage, int offset, UInt128 low, UInt128 high, int width) =>
        Node.Or(Ranges.Prefixes(low, high, width).Select(p => (Node)new ClauseNode(new Clause(storage, p.Value << offset, p.Mask << offset))));

    private Node PortRelation(Symbol sym, RelOp op, Operand value)
    {
        var storage = FieldMap.Find(sym.Storage)!;
        if (value is StringOperand s && op is RelOp.Eq or RelOp.Ne)
        {
            // One name: what the general case below gives for it, without its collections.
            uint key = names.KeyOf(s.Value) ?? throw new TranslationProblem(DiagnosticKind.UnknownName, $"no logical port or multicast group \"{s.Value}\" on this datapath");
            Node one = new ClauseNode(new Clause(storage, key, Clause.Ones(storage.Width)));
            return op == RelOp.Eq ? one : Negate(one);
        }
        var parts = new List<Node>();
        foreach (uint key in PortKeys(value))
        {
            Node positive = new ClauseNode(new Clause(storage, key, Clause.Ones(storage.Width)));
            parts.Add(op == RelOp.Eq ? positive : Negate(positive));
        }
        return op switch
        {
            RelOp.Eq => Node.Or(parts),
            RelOp.Ne => Node.And(parts),
            _ => Node.False,
        };
    }

    private IEnumerable<uint> PortKeys(Operand value)
    {
        switch (value)
        {
            case StringOperand s:
                yield return names.KeyOf(s.Value) ?? throw new TranslationProblem(DiagnosticKind.UnknownName, $"no logical port or multicast group \"{s.Value}\" on this datapath");
                break;
            case PortGroupOperand g:
                var members = names.PortGroup(g.Name) ?? throw new TranslationProblem(DiagnosticKind.UnknownName, $"no port group @{g.Name}");
                // A port group spans datapaths; here it means its members on this one.
                foreach (uint k in names.MemberKeys(g.Name, members)) yield return k;
                break;
            case SetOperand set:
                foreach (var item in set.Items)
                    foreach (uint k in PortKeys(item)) yield return k;
                break;
            default:
                throw new TranslationProblem(DiagnosticKind.Unsupported, $"'{value}' is not a port name");
        }
    }

    /// <summary>The (value, mask) elements of a numeric operand; null for an address that cannot fit the field.</summary>
    private IEnumerable<(UInt128 Value, UInt128 Mask)?> Elements(Operand value, UInt128 ones)
    {
        switch (value)
        {
            case IntOperand i:
                yield return (i.Value & i.Mask, i.Mask);
                break;
            case SetOperand set:
                foreach (var item in set.Items)
                    foreach (var e in Elements(item, ones)) yield return e;
                break;
            case AddressSetOperand a:
                var entries = names.AddressSet(a.Name) ?? throw new TranslationProblem(DiagnosticKind.UnknownName, $"no address set ${a.Name}");
                foreach (var text in entries)
                    if (Address(text) is { } v) yield return (v.Value & ~ones) == 0 ? (v.Value, v.Mask) : null;
                break;
            default:
                throw new TranslationProblem(DiagnosticKind.Unsupported, $"'{value}' cannot be compared with a numeric field");
        }
    }

    /// <summary>
    /// The alternatives <c>field == $set</c> gathers for <paramref name="entries"/> on the field's bits, as
    /// <see cref="Relation"/> annotates them (an entry that does not parse is left out, one wider than the field never
    /// matches), minimized as a gathered OR is without a flow limit: null when <see cref="Normalizer.Minimal"/> leaves
    /// it to the general way, empty when nothing matches. <paramref name="count"/>: how many alternatives went in.
    /// </summary>
    public static Clause[]? AddressSetAlternatives(ImmutableArray<string> entries, StorageMapping storage, int offset, int width, out int count)
    {
        UInt128 ones = Clause.Ones(width);
        var values = new List<Clause>(entries.Length);
        foreach (var text in entries)
            if (Address(text) is { } v && (v.Value & ~ones) == 0)
                values.Add(Clause.Of(storage, (v.Value & ones) << offset, (v.Mask & ones) << offset));
        count = values.Count;
        return values.Count == 0 ? [] : Normalizer.Minimal(values, int.MaxValue);
    }

    /// <summary>An address set entry parsed (once per text), or null when it does not parse.</summary>
    private static AddressValue? Address(string text) => Addresses.GetOrAdd(text, t => AddressValue.TryParse(t, out var v) ? v : null);

    /// <summary>De Morgan over an annotated tree; clauses negate bit by bit.</summary>
    private static Node Not(Node node) => node switch
    {
        ConstNode c => c.Value ? Node.False : Node.True,
        ClauseNode => Negate(node),
        AndNode a => Node.Or(a.Terms.Select(Not)),
        OrNode o => Node.And(o.Terms.Select(Not)),
        _ => throw new InvalidOperationException($"unexpected node {node.GetType().Name}"),
    };

    /// <summary>The negation of a clause: one single-bit clause per masked bit, each with the bit flipped.</summary>
    private static Node Negate(Node positive)
    {
        if (positive is not ClauseNode { Clause: var c }) return positive is ConstNode k ? (k.Value ? Node.False : Node.True) : throw new InvalidOperationException();
        var bits = new List<Node>();
        for (int b = 0; b < 128; b++)
        {
            UInt128 bit = UInt128.One << b;
            if ((c.Mask & bit) != 0) bits.Add(new ClauseNode(new Clause(c.Storage, ~c.Value & bit, bit)));
        }
        return Node.Or(bits);
    }

    /// <summary>Where a comparison of <paramref name="field"/> with one constant puts its bits; throws as annotation does.</summary>
    public static (StorageMapping Storage, int Offset, int Width, bool IsString) FieldBits(FieldRef field)
    {
        var sym = Symbol(field);
        if (sym.IsString) return (FieldMap.Find(sym.Storage)!, 0, 0, true);
        var (storage, offset, width) = Bits(sym, field);
        return (storage, offset, width, false);
    }

    private static Symbol Symbol(FieldRef field) =>
        Symbols.Find(field.Name) ?? throw new TranslationProblem(DiagnosticKind.Syntax, $"unknown field '{field.Name}'");

    private static (StorageMapping Storage, int Offset, int Width) Bits(Symbol sym, FieldRef field)
    {
        var storage = FieldMap.Find(sym.Storage)
            ?? throw new TranslationProblem(DiagnosticKind.Unsupported,
                FieldMap.Unsupported.TryGetValue(sym.Storage, out var why) ? why : $"field '{sym.Name}' has no OpenFlow field");
        int offset = sym.Offset + (field.Low ?? 0);
        int width = field.HasRange ? field.High!.Value - field.Low!.Value + 1 : sym.Width;
        return (storage, offset, width);
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

    /// <summary>
    /// A datapath without names: every lookup finds nothing, so a port name, port group or address set is reported.
    /// Prerequisites and the shared part of a flow template are annotated in it.
    /// </summary>
    internal sealed class NoNames : INameScope
    {
        public static readonly NoNames Instance = new();

        public uint? KeyOf(string name) => null;

        public ImmutableArray<string>? PortGroup(string name) => null;

        public IReadOnlyList<uint> MemberKeys(string group, ImmutableArray<string> members) => [];

        public ImmutableArray<string>? AddressSet(string name) => null;

        public bool IsChassisResident(string port) => false;
    }
}
