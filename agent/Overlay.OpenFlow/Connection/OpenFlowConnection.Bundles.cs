using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow;

public sealed partial class OpenFlowConnection
{
    /// <summary>
    /// Applies <paramref name="flowMods"/> as one OpenFlow bundle: open, add every flow mod,
    /// barrier, then commit (or discard if any add was refused). With
    /// <see cref="BundleFlags.Atomic"/> either all take effect at once or none do. A failure
    /// returns the switch's error for the flow mod that caused it (found by xid), not an
    /// exception; lost connections and timeouts still throw.
    /// </summary>
    public async Task<BundleResult> SendBundleAsync(
        IReadOnlyList<FlowMod> flowMods,
        BundleFlags flags = BundleFlags.Atomic | BundleFlags.Ordered,
        CancellationToken cancellationToken = default)
    {
        if (flowMods.Count == 0)
        {
            return BundleResult.Success;
        }

        uint bundleId = (uint)Interlocked.Increment(ref _nextBundleId);
        try
        {
            await RequestAsync(new BundleControl(bundleId, BundleControlType.OpenRequest, flags), cancellationToken).ConfigureAwait(false);
        }
        catch (OpenFlowErrorException ex)
        {
            return new BundleResult(false, ex.Error, null, null) { Errors = [ex.Error] };
        }

        var watch = new ErrorWatch();
        var sent = new FlowMod[flowMods.Count];
        try
        {
            for (int i = 0; i < flowMods.Count; i++)
            {
                uint xid = NextXid();
                sent[i] = flowMods[i] with { Xid = xid };
                _watched[xid] = (watch, i);
                Enqueue(new BundleAddMessage(bundleId, flags, sent[i]) { Xid = xid });
            }

            // A refused add is simply left out of the bundle, so never commit without
            // first hearing about every add (OVS's own ovs-ofctl --bundle does the same).
            await BarrierAsync(cancellationToken).ConfigureAwait(false);
            if (watch.Snapshot().Count > 0)
            {
                await DiscardQuietlyAsync(bundleId, flags, cancellationToken).ConfigureAwait(false);
                return Failure(watch, sent, null);
            }

            try
            {
                await RequestAsync(new BundleControl(bundleId, BundleControlType.CommitRequest, flags), cancellationToken).ConfigureAwait(false);
                return BundleResult.Success;
            }
            catch (OpenFlowErrorException ex)
            {
                return Failure(watch, sent, ex.Error);
            }
        }
        finally
        {
            foreach (FlowMod f in sent)
            {
                if (f is not null)
                {
                    _watched.TryRemove(f.Xid, out _);
                }
            }
        }
    }

    private async Task DiscardQuietlyAsync(uint bundleId, BundleFlags flags, CancellationToken cancellationToken)
    {
        try
        {
            await RequestAsync(new BundleControl(bundleId, BundleControlType.DiscardRequest, flags), cancellationToken).ConfigureAwait(false);
        }
        catch (OpenFlowErrorException)
        {
            // The bundle is gone either way.
        }
    }

    private static BundleResult Failure(ErrorWatch watch, FlowMod[] sent, ErrorMessage? controlError)
    {
        IReadOnlyList<(int Index, ErrorMessage Error)> errors = watch.Snapshot();
        List<ErrorMessage> all = [.. errors.Select(e => e.Error)];
        if (controlError is not null)
        {
            all.Add(controlError);
        }

        if (errors.Count > 0)
        {
            (int index, ErrorMessage error) = errors.MinBy(e => e.Index);
            return new BundleResult(false, error, index, sent[index]) { Errors = [.. all] };
        }

        return new BundleResult(false, controlError, null, null) { Errors = [.. all] };
    }
}
