using System.Collections.Immutable;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.Agent.Sync;

/// <summary>A flow whose key stays but whose payload (actions, cookie, options) changes.</summary>
public sealed record FlowChange(FlowEntry Before, FlowEntry After)
{
    /// <summary>
    /// An OpenFlow 1.5 modify never changes the cookie (OVS keeps the old one), so a changed cookie or
    /// flow-mod option needs an add, which replaces the flow with the same key in place; a change of
    /// actions alone is a strict modify, which also keeps the flow's counters.
    /// </summary>
    public bool ActionsOnly =>
        Before.Cookie == After.Cookie && Before.IdleTimeout == After.IdleTimeout && Before.HardTimeout == After.HardTimeout
        && Before.Importance == After.Importance && Before.Flags == After.Flags;

    public FlowMod ToFlowMod() => ActionsOnly ? FlowMod.ModifyStrict(After) : FlowMod.Add(After);
}

/// <summary>
/// What turns an installed flow set into a desired one: flows to delete, to change in place and to add.
/// Pure. <see cref="ToFlowMods"/> orders them deletes, then modifies, then adds, for one ordered bundle.
/// </summary>
public sealed record FlowDiff(ImmutableArray<FlowEntry> Deletes, ImmutableArray<FlowChange> Modifies, ImmutableArray<FlowEntry> Adds)
{
    public static FlowDiff None { get; } = new([], [], []);

    public bool IsEmpty => Deletes.IsEmpty && Modifies.IsEmpty && Adds.IsEmpty;

    public int Count => Deletes.Length + Modifies.Length + Adds.Length;

    public static FlowDiff Compute(FlowSet installed, FlowSet desired)
    {
        if (desired.DiffFrom(installed) is { } known)
            return known; // Derived from what is installed: the difference is already known.
        var deletes = ImmutableArray.CreateBuilder<FlowEntry>();
        foreach (FlowEntry f in installed.Flows)
        {
            if (!desired.Contains(FlowSet.KeyOf(f)))
            {
                deletes.Add(f);
            }
        }

        var modifies = ImmutableArray.CreateBuilder<FlowChange>();
        var adds = ImmutableArray.CreateBuilder<FlowEntry>();
        foreach (FlowEntry f in desired.Flows)
        {
            if (!installed.TryGet(FlowSet.KeyOf(f), out FlowEntry before))
            {
                adds.Add(f);
            }
            else if (before != f)
            {
                modifies.Add(new FlowChange(before, f));
            }
        }

        return new FlowDiff(deletes.ToImmutable(), modifies.ToImmutable(), adds.ToImmutable());
    }

    /// <summary>Flow mods for one atomic, ordered bundle: strict deletes, then modifies, then adds.</summary>
    public ImmutableArray<FlowMod> ToFlowMods()
    {
        var mods = ImmutableArray.CreateBuilder<FlowMod>(Count);
        foreach (FlowEntry f in Deletes)
        {
            mods.Add(FlowMod.DeleteStrict(f));
        }

        foreach (FlowChange c in Modifies)
        {
            mods.Add(c.ToFlowMod());
        }

        foreach (FlowEntry f in Adds)
        {
            mods.Add(FlowMod.Add(f));
        }

        return mods.MoveToImmutable();
    }

    /// <summary>
    /// The full-replacement bundle used when what the switch holds is unknown (after a failed read-back):
    /// delete every flow in every table, then add all of <paramref name="desired"/>. Inside one atomic
    /// bundle the switch never forwards with an empty table.
    /// </summary>
    public static ImmutableArray<FlowMod> Replace(FlowSet desired)
    {
        var mods = ImmutableArray.CreateBuilder<FlowMod>(desired.Count + 1);
        mods.Add(FlowMod.Delete());
        foreach (FlowEntry f in desired.Flows)
        {
            mods.Add(FlowMod.Add(f));
        }

        return mods.MoveToImmutable();
    }

    public override string ToString() => $"{Deletes.Length} deletes, {Modifies.Length} modifies, {Adds.Length} adds";
}
