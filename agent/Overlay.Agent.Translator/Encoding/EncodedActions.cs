using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Expressions;
using Overlay.OpenFlow.Actions;

namespace Overlay.Agent.Translator.Encoding;

/// <summary>
/// A flow's actions as OpenFlow, and the prerequisites of the fields they touch (ANDed into its match). It depends
/// only on the stage and the action text unless the actions name a port, so it is shared by every flow with both.
/// </summary>
internal sealed class EncodedActions(ActionList actions, Node prerequisites)
{
    public ActionList Actions { get; } = actions;

    /// <summary>True, or the AND of the touched fields' prerequisites in field-name order.</summary>
    public Node Prerequisites { get; } = prerequisites;

    /// <summary>Encodes <paramref name="actions"/>; the list is <paramref name="shared"/>'s instance of it when there is one.</summary>
    public static EncodedActions Of(ActionEncoder encoder, IReadOnlyList<Overlay.Logical.LAction> actions, FlowInterner? shared)
    {
        var list = new ActionList(encoder.Encode(actions));
        if (shared is not null) list = shared.Actions(list);
        return new EncodedActions(list, PrerequisitesOf(encoder.Touched));
    }

    /// <summary>True, or the AND of the <paramref name="touched"/> fields' prerequisites in field-name order.</summary>
    public static Node PrerequisitesOf(HashSet<string> touched)
    {
        if (touched.Count == 0) return Node.True;
        var names = touched.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var prerequisites = new Node[names.Length];
        for (int i = 0; i < names.Length; i++) prerequisites[i] = Annotator.PrerequisiteOf(names[i]);
        return Node.And(prerequisites);
    }
}
