using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>A flow that is the same on every datapath of a kind, formatted once from typed values.</summary>
internal sealed record FixedFlow(Stage Stage, int Priority, string Match, string Actions)
{
    public static FixedFlow Of(Stage stage, int priority, Expr match, ActionList actions) =>
        new(stage, priority, Formatter.Format(match), actions.Text);

    public static void AddAll(FlowSink sink, IReadOnlyList<FixedFlow> flows)
    {
        foreach (var f in flows) sink.Add(f.Stage, f.Priority, f.Match, f.Actions);
    }
}
