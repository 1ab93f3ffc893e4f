using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Assembly;

/// <summary>
/// A conjunctive match's identity before ids are handed out: term <see cref="Term"/> of logical flow
/// <see cref="FlowId"/> on <see cref="Datapath"/>. <see cref="Clause"/> 0 is the <c>conj_id</c> head, 1..n the clauses.
/// </summary>
internal readonly record struct ConjRef(ulong FlowId, uint Datapath, int Term, byte Clause, byte Clauses)
{
    public (ulong, uint, int) Key => (FlowId, Datapath, Term);
}

/// <summary>
/// A flow before assembly: conjunction ids not yet assigned, duplicates not yet merged. <see cref="Sequence"/>
/// orders a logical flow's drafts; <see cref="Datapath"/> (0 for physical flows) scopes conjunction ids.
/// </summary>
internal sealed record Draft(byte Table, ushort Priority, Match Match, ActionList Actions, ValueArray<FlowOrigin> Origins, uint Datapath, int Sequence, ConjRef? Conj = null)
{
    /// <summary>What the draft was made from (<see cref="Origins"/> holds just it, one list shared by a logical flow's drafts).</summary>
    public FlowOrigin Origin => Origins[0];

    public (byte, ushort, uint) Scope => (Table, Priority, Datapath);
}
