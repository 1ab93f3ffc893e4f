namespace Overlay.Northd.Southbound;

/// <summary>
/// One subscriber's pending revisions, bounded. The commit path only ever enqueues (never waits); when the
/// subscriber falls <c>limit</c> revisions behind, the queue is dropped and the subscriber is told to resync
/// with a full update of the newest revision.
/// </summary>
internal sealed class UpdateQueue(int limit)
{
    private readonly object gate = new();
    private readonly Queue<SbRevision> items = new();
    private TaskCompletionSource? waiter;
    private bool resync;
    private bool completed;

    /// <summary>Queues a revision; true when this overflowed the queue (the subscriber now owes a resync).</summary>
    public bool Offer(SbRevision entry)
    {
        TaskCompletionSource? wake;
        bool overflowed = false;
        lock (gate)
        {
            if (completed) return false;
            if (items.Count >= limit)
            {
                items.Clear();
                overflowed = !resync;
                resync = true;
            }
            items.Enqueue(entry);
            wake = waiter;
            waiter = null;
        }
        wake?.TrySetResult();
        return overflowed;
    }

    /// <summary>Ends the subscription (northd is stopping): the reader sees Completed.</summary>
    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (gate)
        {
            completed = true;
            wake = waiter;
            waiter = null;
        }
        wake?.TrySetResult();
    }

    /// <summary>
    /// Waits up to <paramref name="idle"/> for revisions. Returns what is queued (empty after an idle timeout), whether
    /// the queue overflowed since the last take (then only the newest entry matters), and whether the queue is completed.
    /// </summary>
    public async Task<(SbRevision[] Items, bool Resync, bool Completed)> TakeAsync(TimeSpan idle, CancellationToken ct)
    {
        Task wait;
        lock (gate)
        {
            if (items.Count > 0 || completed) return Drain();
            waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = waiter.Task;
        }
        try
        {
            await wait.WaitAsync(idle, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        lock (gate) return Drain();
    }

    private (SbRevision[], bool, bool) Drain()
    {
        var taken = items.ToArray();
        items.Clear();
        bool r = resync;
        resync = false;
        return (taken, r, completed);
    }
}
