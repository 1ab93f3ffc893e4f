using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow;

public sealed partial class OpenFlowConnection
{
    private const int BundleChunkBytes = 256 * 1024;

    /// <summary>
    /// Applies <paramref name="flowMods"/> as one OpenFlow bundle: open, add every flow mod,
    /// barrier, then commit (or discard if any add was refused). With
    /// <see cref="BundleFlags.Atomic"/> either all take effect at once or none do. A failure
    /// returns the switch's error for the flow mod that caused it (found by xid), not an
    /// exception; lost connections and timeouts still throw.
    /// </summary>
    public Task<BundleResult> SendBundleAsync(
        IReadOnlyList<FlowMod> flowMods,
        BundleFlags flags = BundleFlags.Atomic | BundleFlags.Ordered,
        CancellationToken cancellationToken = default) =>
        SendBundleAsync(
            flowMods.Count,
            (w, bundleId, i, xid) => BundleAddMessage.WriteFrame(w, bundleId, flags, flowMods[i], xid, OfpVersion.OpenFlow15),
            (i, xid) => flowMods[i] with { Xid = xid },
            flags,
            cancellationToken);

    /// <summary>
    /// The same bundle from flow entries and their commands: each add is encoded straight from its
    /// <see cref="BundledFlowMod.Flow"/>, without a <see cref="FlowMod"/> object per message.
    /// </summary>
    public Task<BundleResult> SendBundleAsync(
        IReadOnlyList<BundledFlowMod> flowMods,
        BundleFlags flags = BundleFlags.Atomic | BundleFlags.Ordered,
        CancellationToken cancellationToken = default) =>
        SendBundleAsync(
            flowMods.Count,
            (w, bundleId, i, xid) => BundleAddMessage.WriteFrame(w, bundleId, flags, flowMods[i], xid, OfpVersion.OpenFlow15),
            (i, xid) => flowMods[i].ToFlowMod() with { Xid = xid },
            flags,
            cancellationToken);

    /// <param name="count">How many adds the bundle holds.</param>
    /// <param name="writeAdd">Writes the whole bundle-add frame for add #i (bundle id, index, xid).</param>
    /// <param name="sentAs">The flow mod of add #i as sent with its xid (only called on failure).</param>
    private async Task<BundleResult> SendBundleAsync(
        int count, Action<OfpWriter, uint, int, uint> writeAdd, Func<int, uint, FlowMod> sentAs, BundleFlags flags, CancellationToken cancellationToken)
    {
        if (count == 0)
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

        // One block of consecutive xids for all the adds, watched as a range: no per-message registration.
        var watch = new ErrorWatch();
        uint firstXid = ReserveXids(count);
        var range = new WatchedRange(firstXid, count, watch);
        lock (_watchedRanges)
        {
            _watchedRanges.Add(range);
        }

        // All adds are encoded back to back into pooled chunks of ~BundleChunkBytes, each handed to the
        // write loop whole: no array, wrapper record or xid copy of the flow mod per message.
        OfpWriter chunk = OfpWriter.Pooled(BundleChunkBytes + 4096);
        try
        {
            for (int i = 0; i < count; i++)
            {
                writeAdd(chunk, bundleId, i, unchecked(firstXid + (uint)i));
                if (chunk.Position >= BundleChunkBytes)
                {
                    (byte[] buffer, int length) = chunk.DetachPooled();
                    Enqueue(new OutgoingBytes(buffer, length, Pooled: true));
                }
            }

            if (chunk.Position > 0)
            {
                (byte[] buffer, int length) = chunk.DetachPooled();
                Enqueue(new OutgoingBytes(buffer, length, Pooled: true));
            }

            chunk.ReturnPooled();

            // A refused add is simply left out of the bundle, so never commit without
            // first hearing about every add (OVS's own ovs-ofctl --bundle does the same).
            await BarrierAsync(cancellationToken).ConfigureAwait(false);
            if (watch.Snapshot().Count > 0)
            {
                await DiscardQuietlyAsync(bundleId, flags, cancellationToken).ConfigureAwait(false);
                return Failure(watch, sentAs, firstXid, null);
            }

            try
            {
                await RequestAsync(new BundleControl(bundleId, BundleControlType.CommitRequest, flags), cancellationToken).ConfigureAwait(false);
                return BundleResult.Success;
            }
            catch (OpenFlowErrorException ex)
            {
                return Failure(watch, sentAs, firstXid, ex.Error);
            }
        }
        finally
        {
            lock (_watchedRanges)
            {
                _watchedRanges.Remove(range);
            }
        }
    }

    /// <summary><paramref name="count"/> consecutive xids (modulo 2^32) no other request gets; returns the first.</summary>
    private uint ReserveXids(int count) => unchecked((uint)Interlocked.Add(ref _nextXid, count) - (uint)count + 1);

    /// <summary>The bundle add (its index in the bundle and its watch) that was sent with <paramref name="xid"/>, if any.</summary>
    private bool TryFindWatched(uint xid, out ErrorWatch watch, out int index)
    {
        lock (_watchedRanges)
        {
            foreach (WatchedRange r in _watchedRanges)
            {
                uint offset = unchecked(xid - r.First);
                if (offset < (uint)r.Count)
                {
                    (watch, index) = (r.Watch, (int)offset);
                    return true;
                }
            }
        }

        (watch, index) = (null!, 0);
        return false;
    }

    /// <summary>The xids <see cref="First"/> .. First+Count-1 of one bundle's adds.</summary>
    private sealed record WatchedRange(uint First, int Count, ErrorWatch Watch);

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

    private static BundleResult Failure(ErrorWatch watch, Func<int, uint, FlowMod> sentAs, uint firstXid, ErrorMessage? controlError)
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
            // The failed flow mod as it was sent, with its xid (only built on failure).
            return new BundleResult(false, error, index, sentAs(index, unchecked(firstXid + (uint)index))) { Errors = [.. all] };
        }

        return new BundleResult(false, controlError, null, null) { Errors = [.. all] };
    }
}
