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
    public Clause Clause { get; } = clause;
}

internal sealed class AndNode(Node[] terms) : Node
{
    public Node[] Terms { get; } = terms;
}

internal sealed class OrNode(Node[] terms) : Node
{
    public Node[] Terms { get; } = terms;
}
