using System.Collections.Frozen;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Flows;

/// <summary>Every stage's priority-0 flow (<c>match=(1)</c>), from <see cref="Stage.DefaultActions"/>, parsed once.</summary>
internal static class StageDefaults
{
    public const string MatchAll = "1";

    private static readonly FrozenDictionary<string, ActionList> ByStage = Stages.Declared.ToFrozenDictionary(
        s => s.Name,
        s => new ActionList([.. LogicalSyntax.ParseActions(s.DefaultActions).Unwrap($"default actions of {s.Name}")]),
        StringComparer.Ordinal);

    public static ActionList Of(Stage stage) => ByStage[stage.Name];

    /// <summary>Adds the default flow of each stage of one datapath kind, except <paramref name="skip"/>.</summary>
    public static void AddAll(FlowSink sink, DatapathKind kind, Stage? skip = null)
    {
        foreach (var stage in Stages.Declared)
        {
            if (stage.Kind != kind || stage == skip) continue;
            sink.Add(stage, 0, MatchAll, Of(stage).Text);
        }
    }
}
