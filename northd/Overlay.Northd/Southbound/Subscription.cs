using Microsoft.Extensions.Logging;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Hosting;

namespace Overlay.Northd.Southbound;

/// <summary>
/// One agent's update stream. The commit path offers each revision to its queue; this task turns them into
/// updates for the agent's relevant datapaths and writes them at the agent's pace. A stalled agent only fills
/// its own queue; on overflow it gets a full update of the newest revision once it reads again.
/// </summary>
internal sealed class Subscription(string chassis, int queueLimit, SbHistory history, NorthdMetrics metrics, ILogger logger)
{
    public string Chassis { get; } = chassis;

    public UpdateQueue Queue { get; } = new(queueLimit);

    public async Task RunAsync(SbRevision start, long lastRevision, IServerStreamWriter<Update> writer, TimeSpan heartbeat, CancellationToken ct)
    {
        var view = start.View;
        var relevant = Relevance.Of(view, Chassis);
        Update first;
        if (lastRevision > 0 && history.TrySince(lastRevision, start, out var held, out var changes))
        {
            first = UpdateBuilder.Delta(held!, Relevance.Of(held!, Chassis), view, relevant, changes!);
            Log.SubscriptionResumed(logger, Chassis, lastRevision, view.Revision);
        }
        else
        {
            first = UpdateBuilder.Full(view, relevant);
            Log.SubscriptionFull(logger, Chassis, lastRevision, view.Revision, relevant.Count);
        }
        await SendAsync(writer, first, ct).ConfigureAwait(false);

        while (true)
        {
            var (items, resync, completed) = await Queue.TakeAsync(heartbeat, ct).ConfigureAwait(false);
            if (completed) return;
            if (items.Length == 0)
            {
                await SendAsync(writer, new Update { Revision = view.Revision, Heartbeat = true }, ct).ConfigureAwait(false);
                continue;
            }
            if (resync)
            {
                var latest = items[^1];
                view = latest.View;
                relevant = Relevance.Of(view, Chassis);
                Log.SubscriberResync(logger, Chassis, view.Revision);
                await SendAsync(writer, UpdateBuilder.Full(view, relevant), ct).ConfigureAwait(false);
                continue;
            }
            foreach (var entry in items)
            {
                if (entry.Revision <= view.Revision) continue;
                var step = entry.Revision == view.Revision + 1 ? entry.Changes
                    : history.TrySince(view.Revision, entry, out _, out var span) ? span! : null;
                Update update;
                HashSet<uint> next;
                if (step is null)
                {
                    next = Relevance.Of(entry.View, Chassis);
                    update = UpdateBuilder.Full(entry.View, next);
                }
                else
                {
                    next = step.MayChangeRelevance(Chassis) ? Relevance.Of(entry.View, Chassis) : relevant;
                    update = UpdateBuilder.Delta(view, relevant, entry.View, next, step);
                }
                await SendAsync(writer, update, ct).ConfigureAwait(false);
                view = entry.View;
                relevant = next;
            }
        }
    }

    private async Task SendAsync(IServerStreamWriter<Update> writer, Update update, CancellationToken ct)
    {
        await writer.WriteAsync(update, ct).ConfigureAwait(false);
        metrics.UpdateSent(update.Full);
    }
}

/// <summary>The live subscriptions: the commit path offers every revision to each of them.</summary>
internal sealed class Publisher(NorthdMetrics metrics, ILogger logger)
{
    private readonly object gate = new();
    private readonly List<Subscription> subscriptions = [];
    private Subscription[] snapshot = [];

    public int Count => Volatile.Read(ref snapshot).Length;

    public void Add(Subscription s)
    {
        lock (gate)
        {
            subscriptions.Add(s);
            snapshot = [.. subscriptions];
        }
    }

    public void Remove(Subscription s)
    {
        lock (gate)
        {
            subscriptions.Remove(s);
            snapshot = [.. subscriptions];
        }
    }

    public bool IsConnected(string chassis)
    {
        foreach (var s in Volatile.Read(ref snapshot))
            if (s.Chassis == chassis) return true;
        return false;
    }

    public void Publish(SbRevision entry)
    {
        foreach (var s in Volatile.Read(ref snapshot))
            if (s.Queue.Offer(entry))
            {
                metrics.Resync();
                Log.SubscriberOverflow(logger, s.Chassis, entry.Revision);
            }
    }

    public void CompleteAll()
    {
        foreach (var s in Volatile.Read(ref snapshot)) s.Queue.Complete();
    }
}
