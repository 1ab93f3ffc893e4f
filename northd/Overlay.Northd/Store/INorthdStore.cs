namespace Overlay.Northd.Store;

/// <summary>
/// Durable home of northd's revision log. The store is dumb: it keeps records and snapshots in order and never
/// interprets them; northd replays them into its state. The embedded journal and (later) PostgreSQL implement it,
/// and the same contract tests run against both.
/// </summary>
public interface INorthdStore : IAsyncDisposable
{
    /// <summary>Opens the store once: the latest snapshot and every record after it. Damage at the tail is repaired and reported.</summary>
    Task<StoreContents> OpenAsync(CancellationToken ct = default);

    /// <summary>The last durable revision (0 for an empty store).</summary>
    long Revision { get; }

    /// <summary>Bytes of records written since the last snapshot; northd compacts when this grows large.</summary>
    long BytesSinceSnapshot { get; }

    /// <summary>Durable (fsynced) on return. record.Revision must be Revision + 1, else <see cref="StoreConflictException"/>.</summary>
    Task AppendAsync(StoreRecord record, CancellationToken ct = default);

    /// <summary>Replaces everything up to snapshot.Revision (which must equal Revision) by the snapshot.</summary>
    Task CompactAsync(StoreSnapshot snapshot, CancellationToken ct = default);
}
