using Microsoft.Extensions.Logging;

namespace Overlay.Northd.Hosting;

/// <summary>northd's log messages with stable event ids (1xx start/stop, 2xx NB, 3xx southbound, 4xx store).</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "overlay-northd listening on {Address} (store {Store} in {DataDir})")]
    public static partial void Listening(ILogger logger, string address, string store, string dataDir);

    [LoggerMessage(101, LogLevel.Information, "Recovered revision {Revision}: snapshot at {SnapshotRevision}, {Records} records replayed, {Datapaths} datapaths, {Flows} logical flows, {Chassis} chassis")]
    public static partial void Recovered(ILogger logger, long revision, long snapshotRevision, int records, int datapaths, int flows, int chassis);

    [LoggerMessage(102, LogLevel.Warning, "Store recovery: {Note}")]
    public static partial void RecoveryNote(ILogger logger, string note);

    [LoggerMessage(103, LogLevel.Error, "Record {Revision} could not be replayed and was skipped: {Problems}")]
    public static partial void ReplayRefused(ILogger logger, long revision, string problems);

    [LoggerMessage(109, LogLevel.Error, "The recovered NB database at revision {Revision} has {Count} validation problem(s); it is served as is, fix it with NB commands: {Problems}")]
    public static partial void RecoveredInvalid(ILogger logger, long revision, int count, string problems);

    [LoggerMessage(104, LogLevel.Information, "overlay-northd stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(200, LogLevel.Information, "Committed revision {Revision} ({Kind}) in {Milliseconds:0.00} ms: {Summary}")]
    public static partial void Committed(ILogger logger, long revision, string kind, double milliseconds, string summary);

    [LoggerMessage(201, LogLevel.Information, "Transaction refused with {Count} problem(s): {First}")]
    public static partial void Refused(ILogger logger, int count, string first);

    [LoggerMessage(202, LogLevel.Error, "Store write of revision {Revision} failed")]
    public static partial void StoreWriteFailed(ILogger logger, long revision, Exception exception);

    [LoggerMessage(300, LogLevel.Information, "Chassis {Chassis} subscribed from {Peer} (held revision {LastRevision})")]
    public static partial void Subscribed(ILogger logger, string chassis, string peer, long lastRevision);

    [LoggerMessage(301, LogLevel.Information, "Chassis {Chassis} unsubscribed")]
    public static partial void Unsubscribed(ILogger logger, string chassis);

    [LoggerMessage(302, LogLevel.Debug, "Chassis {Chassis}: full update at revision {Revision} (held {LastRevision}), {Datapaths} relevant datapaths")]
    public static partial void SubscriptionFull(ILogger logger, string chassis, long lastRevision, long revision, int datapaths);

    [LoggerMessage(303, LogLevel.Debug, "Chassis {Chassis}: resumed from revision {LastRevision} to {Revision} with a delta")]
    public static partial void SubscriptionResumed(ILogger logger, string chassis, long lastRevision, long revision);

    [LoggerMessage(304, LogLevel.Information, "Chassis {Chassis} reads again; resyncing it with a full update at revision {Revision}")]
    public static partial void SubscriberResync(ILogger logger, string chassis, long revision);

    [LoggerMessage(306, LogLevel.Warning, "Chassis {Chassis} is not reading its updates; dropped its queue at revision {Revision}, it will get a full update when it reads again")]
    public static partial void SubscriberOverflow(ILogger logger, string chassis, long revision);

    [LoggerMessage(305, LogLevel.Debug, "Chassis {Chassis} installed revision {Revision}")]
    public static partial void Installed(ILogger logger, string chassis, long revision);

    [LoggerMessage(400, LogLevel.Information, "Compacted the store at revision {Revision} in {Milliseconds:0} ms")]
    public static partial void Compacted(ILogger logger, long revision, double milliseconds);

    [LoggerMessage(401, LogLevel.Error, "Compaction at revision {Revision} failed")]
    public static partial void CompactionFailed(ILogger logger, long revision, Exception exception);
}
