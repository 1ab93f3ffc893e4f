using System.Text;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Trace;

[Flags]
public enum TraceFormat
{
    Detailed = 1,
    Summary = 2,
    Minimal = 4,
    All = Detailed | Summary | Minimal,
}

/// <summary>
/// Prints a trace in ovn-trace 23.03's three layouts (ovntrace_node_print_details / _print_summary with the
/// summary and hard prunings). Every format starts with "# " and the packet in OpenFlow syntax; with more than one
/// format each part gets a "# Detailed trace." style header, as ovn-trace --all does.
/// </summary>
public static class TraceRenderer
{
    public static string Render(TraceResult result, TraceFormat format = TraceFormat.Detailed)
    {
        if (!result.Ok) return result.Error + "\n";
        var sb = new StringBuilder();
        sb.Append("# ").Append(result.Flow).Append('\n');
        bool multiple = (format & (format - 1)) != 0;
        if (format.HasFlag(TraceFormat.Detailed))
        {
            if (multiple) sb.Append("# Detailed trace.\n");
            Details(sb, result.Root, 0);
        }
        if (format.HasFlag(TraceFormat.Summary))
        {
            if (multiple) sb.Append("# Summary trace.\n");
            Summary(sb, Prune(result.Root, k => k is TraceNodeKind.Modify or TraceNodeKind.Table), 0);
        }
        if (format.HasFlag(TraceFormat.Minimal))
        {
            if (multiple) sb.Append("# Minimal trace.\n");
            Summary(sb, Prune(result.Root, k => k is TraceNodeKind.Action or TraceNodeKind.Pipeline or TraceNodeKind.Table or TraceNodeKind.Output), 0);
        }
        return sb.ToString();
    }

    /// <summary>
    /// A node is indented one level more than its parent's children unless it is the last of its list (a tail call),
    /// which is why a chain of "next;" stays flat while branches and leaves step in.
    /// </summary>
    private static void Details(StringBuilder sb, ValueArray<TraceNode> nodes, int level)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (n.Kind == TraceNodeKind.Modify) continue;
            int more = i != nodes.Count - 1 || n.AlwaysIndent || IsLeafKind(n.Kind) ? 1 : 0;
            bool title = n.Kind is TraceNodeKind.Pipeline or TraceNodeKind.Transformation;
            if (title) sb.Append('\n');
            sb.Append(' ', (level + more) * 4).Append(n.Text).Append('\n');
            if (title) sb.Append(' ', (level + more) * 4).Append('-', n.Text.Length).Append('\n');
            Details(sb, n.Children, level + 2 * more);
        }
    }

    // ovn-trace's ovntrace_node_type_is_terminal (which returns true for these four, despite its name).
    private static bool IsLeafKind(TraceNodeKind k) =>
        k is TraceNodeKind.Output or TraceNodeKind.Modify or TraceNodeKind.Action or TraceNodeKind.Error;

    private static void Summary(StringBuilder sb, IReadOnlyList<TraceNode> nodes, int level)
    {
        foreach (var n in nodes)
        {
            if (n.Kind == TraceNodeKind.Action && n.Text.StartsWith("next(", StringComparison.Ordinal)) continue;
            sb.Append(' ', level * 4).Append(n.Text);
            if (n.Children.Count > 0)
            {
                sb.Append(" {\n");
                Summary(sb, n.Children, level + 1);
                sb.Append(' ', level * 4).Append('}');
            }
            if (n.Kind != TraceNodeKind.Action) sb.Append(';');
            sb.Append('\n');
        }
    }

    /// <summary>Replaces every node of a removed kind by its (pruned) children, in place.</summary>
    private static List<TraceNode> Prune(IEnumerable<TraceNode> nodes, Func<TraceNodeKind, bool> remove)
    {
        var list = new List<TraceNode>();
        foreach (var n in nodes)
        {
            var children = Prune(n.Children, remove);
            if (remove(n.Kind)) list.AddRange(children);
            else list.Add(n with { Children = children.ToValueArray() });
        }
        return list;
    }
}
