using System.Collections.Concurrent;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Assembly;

/// <summary>
/// Shares equal parts between the flows of one translation: match fields (every flow of a datapath matches the
/// same metadata), action lists (<c>resubmit(,T+1)</c> ends most flows of a stage on every datapath) and the
/// one-origin list of each logical flow's flows. Equal values only, so the flows are unchanged. Thread-safe.
/// </summary>
internal sealed class FlowInterner(int capacity = int.MaxValue)
{
    private MatchInterner matches = new();
    private readonly ConcurrentDictionary<ActionList, ActionList> actions = new();
    private readonly ConcurrentDictionary<FlowOrigin, ValueArray<FlowOrigin>> origins = new(ReferenceEqualityComparer.Instance);
    private readonly Budget matchBudget = new(capacity);
    private readonly Budget actionBudget = new(capacity);
    private readonly Budget originBudget = new(capacity);

    public Match Match(Match match)
    {
        // Kept across translations by a cache: start over rather than grow without bound.
        if (matchBudget.Spend()) matches = new MatchInterner();
        return matches.Intern(match);
    }

    public ActionList Actions(ActionList list)
    {
        if (actions.TryGetValue(list, out var known)) return known;
        if (actionBudget.Spend()) actions.Clear();
        return actions.GetOrAdd(list, list);
    }

    public ValueArray<FlowOrigin> Origin(FlowOrigin origin)
    {
        if (origins.TryGetValue(origin, out var known)) return known;
        if (originBudget.Spend()) origins.Clear();
        return origins.GetOrAdd(origin, static o => ValueArray.Create(o));
    }
}
