namespace Overlay.Agent.Translator.Expressions;

/// <summary>A match after annotation: clauses under AND/OR, negation already pushed into the clauses.</summary>
internal abstract class Node
{
    public static readonly Node True = new ConstNode(true);
    public static readonly Node False = new ConstNode(false);

    public static Node And(IEnumerable<Node> terms)
    {
        var list = new List<Node>();
        foreach (var t in terms)
        {
            switch (t)
            {
                case ConstNode { Value: true }:
                    continue;
                case ConstNode { Value: false }:
                    return False;
                case AndNode a:
                    list.AddRange(a.Terms);
                    break;
                default:
                    list.Add(t);
                    break;
            }
        }
        return list.Count switch { 0 => True, 1 => list[0], _ => new AndNode([.. list]) };
    }

    /// <summary>As <c>And([a, b])</c>, without the intermediate collections.</summary>
    public static Node And(Node a, Node b)
    {
        if (a is ConstNode { Value: false } || b is ConstNode { Value: false }) return False;
        if (a is ConstNode { Value: true }) return b is AndNode bb ? Flat(bb) : b;
        if (b is ConstNode { Value: true }) return a is AndNode ab ? Flat(ab) : a;
        var at = a is AndNode x ? x.Terms : null;
        var bt = b is AndNode y ? y.Terms : null;
        var terms = new Node[(at?.Length ?? 1) + (bt?.Length ?? 1)];
        int n = 0;
        if (at is null) terms[n++] = a;
        else { at.CopyTo(terms, n); n += at.Length; }
        if (bt is null) terms[n] = b;
        else bt.CopyTo(terms, n);
        return terms.Length switch { 0 => True, 1 => terms[0], _ => new AndNode(terms) };
    }

    /// <summary>What <c>And([a])</c> gives for an AND node: its terms under a new node (or the only one).</summary>
    private static Node Flat(AndNode a) => a.Terms.Length switch { 0 => True, 1 => a.Terms[0], _ => new AndNode([.. a.Terms]) };

    public static Node Or(IEnumerable<Node> terms)
    {
        var list = new List<Node>();
        foreach (var t in terms)
        {
            switch (t)
            {
                case ConstNode { Value: false }:
                    continue;
                case ConstNode { Value: true }:
                    return True;
                case OrNode o:
                    list.AddRange(o.Terms);
                    break;
                default:
                    list.Add(t);
                    break;
            }
        }
        return list.Count switch { 0 => False, 1 => list[0], _ => new OrNode([.. list]) };
    }
}

internal sealed class ConstNode(bool value) : Node
{
    public bool Value { get; } = value;
}

internal sealed class ClauseNode(Clause clause) : Node
{
    private Term[]? terms;

    public Clause Clause { get; } = clause;

    /// <summary>The clause as the one term of its normal form, made once: terms are immutable, and prerequisite nodes are shared by every flow.</summary>
    public IReadOnlyList<Term> Terms => terms ??= [new Term([Clause], [])];
}

internal sealed class AndNode(Node[] terms) : Node
{
    public Node[] Terms { get; } = terms;
}

internal sealed class OrNode(Node[] terms) : Node
{
    public Node[] Terms { get; } = terms;
}
