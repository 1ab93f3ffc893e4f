using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Overlay.Contracts.Wire;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;
using Overlay.Northd.Hosting;
using Overlay.Northd.Southbound;
using Overlay.Northd.Store;

namespace Overlay.Northd.State;

/// <summary>
/// The single writer. Every durable change (NB transaction, chassis report, chassis delete) goes through
/// <see cref="CommitAsync"/> under one gate: validated on the current state, appended to the store (fsync),
/// compiled incrementally, turned into the next southbound view and offered to every subscriber, and only
/// then acknowledged. Readers take the immutable state and view without the gate.
/// </summary>
internal sealed class NorthdCore
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly INorthdStore store;
    private readonly NorthdOptions options;
    private readonly NorthdMetrics metrics;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly IncrementalCompiler compiler;
    private NorthdState state;
    private SbRevision current;
    private int compacting;
    private Task compaction = Task.CompletedTask;
    private volatile bool stopping;

    private NorthdCore(INorthdStore store, NorthdOptions options, NorthdMetrics metrics, ILoggerFactory loggers,
        NorthdState state, IncrementalCompiler compiler, SbView view)
    {
        this.store = store;
        this.options = options;
        this.metrics = metrics;
        this.loggers = loggers;
        logger = loggers.CreateLogger("Overlay.Northd");
        this.state = state;
        this.compiler = compiler;
        current = new SbRevision(view, SbChanges.None);
        History = new SbHistory(options.HistoryLength);
        Publisher = new Publisher(metrics, CreateLogger("Overlay.Northd.Southbound"));
        History.Add(current);
    }

    public NorthdState State => Volatile.Read(ref state);

    public SbRevision Current => Volatile.Read(ref current);

    public SbHistory History { get; }

    public Publisher Publisher { get; }

    public InstalledRevisions Installed { get; } = new();

    public ChassisPortNumbers PortNumbers { get; } = new();

    /// <summary>Fires after every commit.</summary>
    public ChangeSignal Committed { get; } = new();

    public NorthdMetrics Metrics => metrics;

    public NorthdOptions Options => options;

    /// <summary>Opens the store, rebuilds the state (snapshot + replay) and compiles it in full.</summary>
    public static async Task<NorthdCore> OpenAsync(INorthdStore store, NorthdOptions options, NorthdMetrics metrics, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Overlay.Northd");
        var contents = await store.OpenAsync(ct).ConfigureAwait(false);
        if (contents.RecoveryNote is { } note) Log.RecoveryNote(logger, note);
        var s = contents.Snapshot is { } snapshot ? NorthdState.FromSnapshot(snapshot) : NorthdState.Empty;
        int replayed = 0;
        foreach (var record in contents.Records)
        {
            if (record.Revision <= s.Revision) continue;
            try
            {
                s = s.Apply(record);
            }
            catch (RecordRefusedException e)
            {
                Log.ReplayRefused(logger, record.Revision, string.Join("; ", e.Problems));
                s = s.Skip(record.Revision);
            }
            replayed++;
        }
        // Transactions are validated incrementally against a valid base; check once that the recovered database is
        // one (a snapshot or journal damaged on disk could hide a problem the incremental checks would never revisit).
        var invalid = NbValidator.Validate(s.Nb);
        if (invalid.Count > 0) Log.RecoveredInvalid(logger, s.Revision, invalid.Count, string.Join("; ", invalid.Take(20)));
        var compiler = new IncrementalCompiler(s.Nb);
        var network = compiler.Network;
        var view = SbViewBuilder.Build(network, s);
        Log.Recovered(logger, s.Revision, contents.Snapshot?.Revision ?? 0, replayed, network.Datapaths.Length, network.Flows.Length, s.Chassis.Length);
        return new NorthdCore(store, options, metrics, loggers, s, compiler, view);
    }

    public ILogger CreateLogger(string category) => loggers.CreateLogger(category);

    /// <summary>Applies an NB transaction (commands as words) atomically; see northbound.proto for the statuses.</summary>
    public async Task<(long Revision, bool Changed, List<string> Output)> TransactAsync(
        IReadOnlyList<IReadOnlyList<string>> words, long expectedRevision, bool dryRun, CancellationToken ct)
    {
        var (commands, problems) = NbCommandBatch.Parse(words);
        if (problems.Count > 0) throw Refused(problems);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var s = State;
            if (expectedRevision != 0 && expectedRevision != s.Revision)
            {
                metrics.Transaction("conflict");
                throw new RpcException(StatusCode.FailedPrecondition,
                    $"expected revision {expectedRevision}, but the database is at revision {s.Revision}; read it again and retry");
            }
            long applying = Stopwatch.GetTimestamp();
            var result = NbTransaction.Apply(s.Nb, commands, NbValidation.IncrementalFromValidBase);
            metrics.Validated(Stopwatch.GetElapsedTime(applying));
            if (!result.Ok) throw Refused(result.Diagnostics);
            var next = result.Database!;
            bool changed = !(next with { Revision = s.Nb.Revision }).Equals(s.Nb);
            var output = Output(words, s.Nb, next);
            if (!changed || dryRun)
            {
                metrics.Transaction(dryRun ? "dry_run" : "unchanged");
                return (s.Revision, dryRun && changed, output);
            }
            var record = new NbTransactionRecord(s.Revision + 1, [.. words.Select(w => w.ToImmutableArray())]);
            await CommitAsync(record, s.WithNb(next, record.Revision), string.Join("; ", words.Select(NbCommandBatch.Format))).ConfigureAwait(false);
            metrics.Transaction("committed");
            return (record.Revision, true, output);
        }
        finally
        {
            gate.Release();
            MaybeCompact();
        }
    }

    /// <summary>A chassis's report (its tunnel IP and the iface-ids on it); written only when it changes something.</summary>
    public async Task<long> ReportBindingsAsync(string chassis, string encapIp, IEnumerable<string> ifaceIds, CancellationToken ct)
    {
        var ids = ifaceIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (Same(State.FindChassis(chassis), encapIp, ids)) return State.Revision;
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var s = State;
            if (Same(s.FindChassis(chassis), encapIp, ids)) return s.Revision;
            var record = new ChassisUpsertRecord(s.Revision + 1, chassis, encapIp, ids);
            await CommitAsync(record, s.Apply(record), $"chassis {chassis} {encapIp}: {ids.Length} iface-ids").ConfigureAwait(false);
            return record.Revision;
        }
        finally
        {
            gate.Release();
            MaybeCompact();
        }

        static bool Same(ChassisEntry? e, string ip, ImmutableArray<string> ids) =>
            e is not null && e.EncapIp == ip && e.IfaceIds.SequenceEqual(ids, StringComparer.Ordinal);
    }

    /// <summary>Forgets a chassis; its ports become unbound. Null when it does not exist.</summary>
    public async Task<long?> DeleteChassisAsync(string chassis, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var s = State;
            if (s.FindChassis(chassis) is null) return null;
            var record = new ChassisDeleteRecord(s.Revision + 1, chassis);
            await CommitAsync(record, s.Apply(record), $"chassis {chassis} deleted").ConfigureAwait(false);
            Installed.Forget(chassis);
            PortNumbers.Forget(chassis);
            return record.Revision;
        }
        finally
        {
            gate.Release();
            MaybeCompact();
        }
    }

    /// <summary>Registers a subscription at the current revision; every later revision is offered to it.</summary>
    public async Task<(Subscription Subscription, SbRevision Start)> SubscribeAsync(string chassis, CancellationToken ct)
    {
        if (stopping) throw new RpcException(StatusCode.Unavailable, "overlay-northd is stopping");
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var sub = new Subscription(chassis, options.SubscriberQueueLimit, History, metrics, CreateLogger("Overlay.Northd.Southbound"));
            Publisher.Add(sub);
            if (stopping) sub.Queue.Complete();
            metrics.SubscriberAdded();
            return (sub, Current);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Unsubscribe(Subscription sub)
    {
        Publisher.Remove(sub);
        metrics.SubscriberRemoved();
        Installed.Changed.Fire();
    }

    /// <summary>The compiled network and the state and view it belongs to, taken together.</summary>
    public async Task<(Overlay.Logical.LogicalNetwork Network, NorthdState State, SbView View)> SnapshotAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return (compiler.Network, State, Current.View);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ends every subscription so the server can stop; new ones are refused.</summary>
    public void BeginShutdown()
    {
        stopping = true;
        Publisher.CompleteAll();
    }

    private async Task CommitAsync(StoreRecord record, NorthdState next, string summary)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            await store.AppendAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.StoreWriteFailed(logger, record.Revision, e);
            throw new RpcException(StatusCode.Unavailable, $"the store could not write revision {record.Revision}: {e.Message}");
        }
        var previous = State;
        LogicalFlowDiff? diff = ReferenceEquals(previous.Nb, next.Nb) ? null : compiler.Update(next.Nb);
        var view = SbViewBuilder.Next(Current.View, previous, next, diff, out var changes);
        var entry = new SbRevision(view, changes);
        Volatile.Write(ref state, next);
        History.Add(entry);
        Volatile.Write(ref current, entry);
        Publisher.Publish(entry);
        Committed.Fire();
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Commit(elapsed);
        if (logger.IsEnabled(LogLevel.Information))
            Log.Committed(logger, record.Revision, KindOf(record), elapsed.TotalMilliseconds, Trim(summary));
    }

    private void MaybeCompact()
    {
        if (store.BytesSinceSnapshot < options.CompactionThresholdBytes || stopping) return;
        if (Interlocked.CompareExchange(ref compacting, 1, 0) != 0) return;
        compaction = Task.Run(async () =>
        {
            long revision = 0;
            try
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    long started = Stopwatch.GetTimestamp();
                    var snapshot = State.ToSnapshot();
                    revision = snapshot.Revision;
                    await store.CompactAsync(snapshot).ConfigureAwait(false);
                    Log.Compacted(logger, revision, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                finally
                {
                    gate.Release();
                }
            }
            catch (Exception e)
            {
                Log.CompactionFailed(logger, revision, e);
            }
            finally
            {
                Volatile.Write(ref compacting, 0);
            }
        });
    }

    /// <summary>Waits for a compaction in progress (so a stop does not cut it short).</summary>
    public async Task DrainAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        gate.Release();
        await compaction.ConfigureAwait(false);
    }

    private RpcException Refused(IReadOnlyList<NbDiagnostic> problems)
    {
        metrics.Transaction("refused");
        Log.Refused(logger, problems.Count, problems.Count > 0 ? problems[0].ToString() : "");
        return new RpcException(StatusCode.InvalidArgument, string.Join("\n", problems.Select(p => p.ToString())));
    }

    private static List<string> Output(IReadOnlyList<IReadOnlyList<string>> words, NbDatabase before, NbDatabase after)
    {
        var lines = words.Select(NbCommandBatch.Format).ToList();
        foreach (var sw in after.Switches.Values)
            if (!before.Switches.ContainsKey(sw.Name)) lines.Add($"created ls {sw.Name} (tunnel key {sw.TunnelKey})");
        foreach (var lr in after.Routers.Values)
            if (!before.Routers.ContainsKey(lr.Name)) lines.Add($"created lr {lr.Name} (tunnel key {lr.TunnelKey})");
        return lines;
    }

    private static string KindOf(StoreRecord r) => r switch
    {
        NbTransactionRecord => "nb",
        ChassisUpsertRecord => "chassis",
        ChassisDeleteRecord => "chassis-delete",
        _ => r.GetType().Name,
    };

    private static string Trim(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
