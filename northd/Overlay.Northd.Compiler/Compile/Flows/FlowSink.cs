using System.Text;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Flows;

/// <summary>
/// Collects the flows of one compile unit: typed match and actions in, <see cref="LogicalFlow"/>s out.
/// Text is produced by <see cref="Formatter"/> into one reused buffer. One sink per thread.
/// </summary>
internal sealed class FlowSink
{
    private readonly StringBuilder text = new(256);
    private readonly List<LogicalFlow> flows = new(64);
    private uint datapath;
    private string source = "";

    public void Begin(uint datapathKey, string sourceName)
    {
        flows.Clear();
        datapath = datapathKey;
        source = sourceName;
    }

    public void Add(Stage stage, int priority, Expr match, ActionList actions) =>
        Add(stage, priority, FormatMatch(match), actions.Text);

    public void Add(Stage stage, int priority, Expr match, params ReadOnlySpan<LAction> actions) =>
        Add(stage, priority, FormatMatch(match), FormatActions(actions));

    /// <summary>Adds a flow whose text was formatted before (a cached ACL, a default flow).</summary>
    public void Add(Stage stage, int priority, string match, string actions) =>
        flows.Add(LogicalFlow.Create(datapath, stage, priority, match, actions, source));

    /// <summary>As above, naming a more precise source than the unit's (one ACL of a list).</summary>
    public void Add(Stage stage, int priority, string match, string actions, string flowSource) =>
        flows.Add(LogicalFlow.Create(datapath, stage, priority, match, actions, flowSource));

    public string FormatMatch(Expr match)
    {
        text.Clear();
        Formatter.Write(text, match);
        return text.ToString();
    }

    /// <summary>As <see cref="Formatter.WriteActions"/>: each action in turn, separated by one space.</summary>
    public string FormatActions(ReadOnlySpan<LAction> actions)
    {
        text.Clear();
        for (int i = 0; i < actions.Length; i++)
        {
            if (i > 0) text.Append(' ');
            Formatter.Write(text, actions[i]);
        }
        return text.ToString();
    }

    public LogicalFlow[] Take()
    {
        var result = flows.Count == 0 ? [] : flows.ToArray();
        flows.Clear();
        return result;
    }
}
