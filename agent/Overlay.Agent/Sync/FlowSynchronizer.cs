using System.Collections.Immutable;
using System.Diagnostics;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.Agent.Sync;

/// <summary>How one attempt to bring the switch to a desired flow set ended.</summary>
public sealed record SyncOutcome(bool Committed, FlowDiff Diff, bool Replaced, TimeSpan Duration, BundleResult? Bundle)
{
    public bool NothingToDo => Committed && Bundle is null;

    /// <summary>The flow mod the switch refused, when the error names one.</summary>
    public FlowMod? FailedFlowMod => Bundle?.FailedFlowMod;
}

/// <summary>
/// Keeps one OpenFlow session's view of what the switch holds (<see cref="Installed"/>) and moves it to a
/// desired set with one atomic, ordered bundle of just the difference: deletes, then in-place changes,
/// then adds. Nothing is deleted ahead of its replacement because the switch applies the whole bundle at
/// once or not at all. When the installed set is unknown (a read-back failed), the bundle is delete-all
/// followed by every desired flow — still one atomic step. Not thread-safe: one loop owns it.
/// </summary>
public sealed class FlowSynchronizer(OpenFlowConnection connection)
{
    /// <summary>What the switch holds as far as this session knows; null when unknown.</summary>
    public FlowSet? Installed { get; private set; }

    /// <summary>Reads every installed flow back (all tables) and makes it the known state.</summary>
    public async Task<FlowSet> ReadInstalledAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<FlowStats> dump = await connection.DumpFlowsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Installed = FlowSet.Of(dump.Select(s => s.Flow));
        return Installed;
    }

    /// <summary>Forgets the installed state, so the next apply replaces everything.</summary>
    public void AssumeUnknown() => Installed = null;

    public async Task<SyncOutcome> ApplyAsync(FlowSet desired, CancellationToken cancellationToken)
    {
        bool replace = Installed is null;
        FlowDiff diff = replace ? new FlowDiff([], [], desired.Flows) : FlowDiff.Compute(Installed!, desired);
        if (!replace && diff.IsEmpty)
            return new SyncOutcome(true, diff, false, TimeSpan.Zero, null);

        IReadOnlyList<BundledFlowMod> mods = replace ? FlowDiff.ReplaceBundle(desired) : diff.ToBundle();
        long start = Stopwatch.GetTimestamp();
        BundleResult result = await connection.SendBundleAsync(mods, BundleFlags.Atomic | BundleFlags.Ordered, cancellationToken).ConfigureAwait(false);
        if (result.Committed)
        {
            // The commit reply already means applied; the barrier makes "installed" mean barrier-confirmed.
            await connection.BarrierAsync(cancellationToken).ConfigureAwait(false);
            Installed = desired;
        }

        return new SyncOutcome(result.Committed, diff, replace, Stopwatch.GetElapsedTime(start), result);
    }
}
