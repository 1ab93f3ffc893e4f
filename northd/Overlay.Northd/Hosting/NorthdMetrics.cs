using System.Diagnostics.Metrics;

namespace Overlay.Northd.Hosting;

/// <summary>The "Overlay.Northd" meter: transactions, commit latency, subscribers, updates sent, resyncs.</summary>
public sealed class NorthdMetrics : IDisposable
{
    public const string MeterName = "Overlay.Northd";

    private readonly Meter meter;
    private readonly Counter<long> transactions;
    private readonly Histogram<double> commitLatency;
    private readonly Histogram<double> validateLatency;
    private readonly UpDownCounter<long> subscribers;
    private readonly Counter<long> updates;
    private readonly Counter<long> resyncs;
    private long resyncTotal;

    public NorthdMetrics(IMeterFactory factory)
    {
        meter = factory.Create(MeterName);
        transactions = meter.CreateCounter<long>("overlay.northd.transactions", "{transaction}", "NB transactions by outcome (committed, unchanged, dry_run, refused, conflict)");
        commitLatency = meter.CreateHistogram<double>("overlay.northd.commit.duration", "ms", "Validate, write (fsync), compile and publish one revision");
        validateLatency = meter.CreateHistogram<double>("overlay.northd.validate.duration", "ms", "Apply and validate one NB transaction on the current database (before it is written)");
        subscribers = meter.CreateUpDownCounter<long>("overlay.northd.subscribers", "{subscriber}", "Open southbound subscriptions");
        updates = meter.CreateCounter<long>("overlay.northd.updates", "{update}", "Southbound updates written, by kind (full, delta)");
        resyncs = meter.CreateCounter<long>("overlay.northd.resyncs", "{resync}", "Subscribers that overflowed their queue and were sent a full update");
    }

    /// <summary>Resyncs since start (for tests and logs).</summary>
    public long Resyncs => Interlocked.Read(ref resyncTotal);

    public void Transaction(string outcome) => transactions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Commit(TimeSpan elapsed) => commitLatency.Record(elapsed.TotalMilliseconds);

    public void Validated(TimeSpan elapsed) => validateLatency.Record(elapsed.TotalMilliseconds);

    public void SubscriberAdded() => subscribers.Add(1);

    public void SubscriberRemoved() => subscribers.Add(-1);

    public void UpdateSent(bool full) => updates.Add(1, new KeyValuePair<string, object?>("kind", full ? "full" : "delta"));

    public void Resync()
    {
        Interlocked.Increment(ref resyncTotal);
        resyncs.Add(1);
    }

    public void Dispose() => meter.Dispose();
}
