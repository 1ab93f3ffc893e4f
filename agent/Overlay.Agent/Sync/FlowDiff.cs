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

    public FlowMod ToFlowMod() => ToBundled().ToFlowMod();

    /// <summary>The flow mod as a command on <see cref="After"/>, for the bundle.</summary>
    public BundledFlowMod ToBundled() => ActionsOnly ? BundledFlowMod.ModifyStrict(After) : BundledFlowMod.Add(After);
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
        // Nothing installed (a fresh session) or nothing desired: no lookups, and the set's own array is the list.
        if (installed.Count == 0)
            return new FlowDiff([], [], desired.Flows);
        if (desired.Count == 0)
            return new FlowDiff(installed.Flows, [], []);
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
    public ImmutableArray<FlowMod> ToFlowMods() => [.. ToBundle().Select(m => m.ToFlowMod())];

    /// <summary>
    /// <see cref="ToFlowMods"/> as commands on this diff's flow entries, made as the bundle is encoded: no array or
    /// <see cref="FlowMod"/> object per flow.
    /// </summary>
    public IReadOnlyList<BundledFlowMod> ToBundle() => new BundleOrder(false, Deletes, Modifies, Adds);

    /// <summary>
    /// The full-replacement bundle used when what the switch holds is unknown (after a failed read-back):
    /// delete every flow in every table, then add all of <paramref name="desired"/>. Inside one atomic
    /// bundle the switch never forwards with an empty table.
    /// </summary>
    public static ImmutableArray<FlowMod> Replace(FlowSet desired) => [.. ReplaceBundle(desired).Select(m => m.ToFlowMod())];

    /// <summary><see cref="Replace"/> as commands on the desired set's flow entries.</summary>
    public static IReadOnlyList<BundledFlowMod> ReplaceBundle(FlowSet desired) => new BundleOrder(true, [], [], desired.Flows);

    /// <summary>A bundle's flow mods in order — a delete-all first if asked, deletes, modifies, adds — made per index on demand.</summary>
    private sealed class BundleOrder(bool deleteAll, ImmutableArray<FlowEntry> deletes, ImmutableArray<FlowChange> modifies, ImmutableArray<FlowEntry> adds)
        : IReadOnlyList<BundledFlowMod>
    {
        private readonly int _first = deleteAll ? 1 : 0;

        public int Count => _first + deletes.Length + modifies.Length + adds.Length;

        public BundledFlowMod this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                int i = index - _first;
                if (i < 0)
                    return BundledFlowMod.DeleteAll;
                if (i < deletes.Length)
                    return BundledFlowMod.DeleteStrict(deletes[i]);
                i -= deletes.Length;
                if (i < modifies.Length)
                    return modifies[i].ToBundled();
                i -= modifies.Length;
                return BundledFlowMod.Add(adds[i]);
            }
        }

        public IEnumerator<BundledFlowMod> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
                yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public override string ToString() => $"{Deletes.Length} deletes, {Modifies.Length} modifies, {Adds.Length} adds";
}
