using System.Collections.Concurrent;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Assembly;

/// <summary>
/// Shares equal parts between the flows of one translation: match fields (every flow of a datapath matches the
/// same metadata) and action lists (<c>resubmit(,T+1)</c> ends most flows of a stage on every datapath). Equal values
/// only, so the flows are unchanged. Thread-safe. <c>expected</c>: about how many distinct fields and action lists
/// the caller will share (one translation: its logical flows), so the tables do not grow step by step.
/// </summary>
internal sealed class FlowInterner(int capacity = int.MaxValue, int expected = 0)
{
    private readonly ConcurrentDictionary<ActionList, ActionList> actions = new(Environment.ProcessorCount, Math.Max(Math.Min(expected, capacity), 31));
    private readonly Budget actionBudget = new(capacity);

    /// <summary>
    /// The shared match fields, bounded like the rest (kept across translations by a cache: it starts over rather than
    /// grow without bound). Matches built on it (<see cref="Expressions.MatchBuilding"/>) come out shared already.
    /// </summary>
    public MatchInterner Fields { get; } = new(capacity, expected);

    public Match Match(Match match) => Fields.Intern(match);

    public ActionList Actions(ActionList list)
    {
        if (actions.TryGetValue(list, out var known)) return known;
        if (actionBudget.Spend()) actions.Clear();
        return actions.GetOrAdd(list, list);
    }
}
