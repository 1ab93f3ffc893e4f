using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Overlay.Northd.Store;

/// <summary>
/// The embedded store: a directory holding a snapshot file and a journal of checksummed, length-prefixed records
/// (layout in <see cref="JournalFormat"/>). Appends are serialized and fsynced before they return. Opening drops a
/// torn or corrupt tail (what a crash mid-append leaves) and says so in <see cref="StoreContents.RecoveryNote"/>.
/// Compaction writes the new snapshot and a fresh journal each by temp file + fsync + rename + directory fsync, so a
/// crash at any point leaves files that open to the same state. One process at a time: the directory is locked.
/// </summary>
public sealed partial class JournalStore(string directory, ILogger<JournalStore>? logger = null) : INorthdStore
{
    public const string SnapshotFileName = "snapshot";
    public const string JournalFileName = "journal";
    private const string TempSuffix = ".tmp";

    private readonly ILogger log = logger ?? NullLogger<JournalStore>.Instance;
    private readonly SemaphoreSlim gate = new(1, 1);
    private DirectoryLock? dirLock;
    private FileStream? journal;
    private bool opened;
    private bool disposed;
    private string? faulted;
    private long revision;
    private long bytesSinceSnapshot;

    public string Directory { get; } = Path.GetFullPath(directory);

    private string SnapshotPath => Path.Combine(Directory, SnapshotFileName);
    private string JournalPath => Path.Combine(Directory, JournalFileName);

    public long Revision => Volatile.Read(ref revision);

    public long BytesSinceSnapshot => Volatile.Read(ref bytesSinceSnapshot);

    public async Task<StoreContents> OpenAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (opened) throw new InvalidOperationException($"store {Directory} is already open");
            if (!System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.CreateDirectory(Directory);
                // The new directory's own entry must be durable too, or a power cut could lose the whole store.
                FileSync.Directory(Path.GetDirectoryName(Directory) ?? Directory);
            }
            dirLock = DirectoryLock.Acquire(Directory);
            try
            {
                var contents = Load();
                opened = true;
                return contents;
            }
            catch
            {
                journal?.Dispose();
                journal = null;
                dirLock.Dispose();
                dirLock = null;
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task AppendAsync(StoreRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var payload = RecordCodec.Encode(record);
        if (payload.Length > JournalFormat.MaxPayload)
            throw new ArgumentException($"record at revision {record.Revision} is {payload.Length} bytes, over the limit of {JournalFormat.MaxPayload}", nameof(record));
        var frame = JournalFormat.Frame(payload);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var stream = Writable();
            if (record.Revision != revision + 1)
                throw new StoreConflictException(revision + 1, record.Revision);
            var end = stream.Length;
            try
            {
                stream.Position = end;
                stream.Write(frame);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception e)
            {
                // Never leave a half-written record behind a live store: the next append would follow garbage.
                Rollback(stream, end, e);
                throw;
            }
            Volatile.Write(ref revision, record.Revision);
            Volatile.Write(ref bytesSinceSnapshot, bytesSinceSnapshot + frame.Length);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task CompactAsync(StoreSnapshot snapshot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var file = JournalFormat.SnapshotFile(RecordCodec.Encode(snapshot));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var stream = Writable();
            if (snapshot.Revision != revision)
                throw new StoreConflictException(revision, snapshot.Revision);
            // 1. The snapshot replaces the old one atomically. From here on the old journal's records are all at or
            //    below the snapshot revision and are skipped on open.
            WriteDurably(SnapshotPath, file);
            // 2. A fresh journal replaces the old one atomically.
            stream.Dispose();
            journal = null;
            try
            {
                WriteDurably(JournalPath, JournalFormat.JournalHeader(snapshot.Revision));
            }
            finally
            {
                journal = OpenJournalForAppend();
            }
            Volatile.Write(ref bytesSinceSnapshot, 0);
            LogCompacted(log, Directory, snapshot.Revision, file.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && journal is null)
        {
            faulted = $"compaction failed and the journal could not be reopened: {e.Message}";
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (disposed) return;
            disposed = true;
            journal?.Dispose();
            journal = null;
            dirLock?.Dispose();
            dirLock = null;
        }
        finally
        {
            gate.Release();
        }
    }

    private FileStream Writable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!opened) throw new InvalidOperationException($"store {Directory} is not open: call OpenAsync first");
        if (faulted is not null) throw new IOException($"store {Directory} refuses writes: {faulted}");
        return journal ?? throw new InvalidOperationException($"store {Directory} has no journal open");
    }

    private void Rollback(FileStream stream, long end, Exception cause)
    {
        try
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            faulted = $"a failed append ({cause.Message}) could not be rolled back ({e.Message}); restart to recover";
            LogFaulted(log, Directory, faulted);
        }
    }

    private StoreContents Load()
    {
        var notes = new List<string>();
        foreach (var temp in new[] { SnapshotPath + TempSuffix, JournalPath + TempSuffix })
            if (File.Exists(temp))
            {
                // A leftover temp file is an unfinished compaction step: the renamed files still hold the whole state.
                File.Delete(temp);
                LogTempRemoved(log, temp);
            }

        var snapshot = ReadSnapshot();
        var snapshotRevision = snapshot?.Revision ?? 0;

        if (!File.Exists(JournalPath))
        {
            WriteDurably(JournalPath, JournalFormat.JournalHeader(snapshotRevision));
            revision = snapshotRevision;
            journal = OpenJournalForAppend();
            return new StoreContents(snapshot, [], null);
        }

        var scan = JournalScan.Read(JournalPath, snapshotRevision);
        if (scan.Damage is { } damage)
        {
            using (var fix = new FileStream(JournalPath, FileMode.Open, FileAccess.Write, FileShare.Read))
            {
                fix.SetLength(scan.GoodLength);
                fix.Flush(flushToDisk: true);
            }
            notes.Add(damage);
            LogRecovered(log, Directory, damage);
        }

        var records = scan.Records.Where(r => r.Revision > snapshotRevision).ToList();
        if (scan.LastRevision < snapshotRevision)
        {
            // The journal ends before the snapshot (its tail was dropped, or it predates the snapshot): later
            // appends must follow the snapshot revision without a gap, so the journal starts afresh after it.
            WriteDurably(JournalPath, JournalFormat.JournalHeader(snapshotRevision));
            revision = snapshotRevision;
            bytesSinceSnapshot = 0;
        }
        else
        {
            revision = scan.LastRevision;
            bytesSinceSnapshot = scan.BytesAfter;
        }
        journal = OpenJournalForAppend();
        return new StoreContents(snapshot, records, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    private StoreSnapshot? ReadSnapshot()
    {
        if (!File.Exists(SnapshotPath)) return null;
        var bytes = File.ReadAllBytes(SnapshotPath);
        if (!JournalFormat.TryReadSnapshotFile(bytes, out var payload, out var problem))
            throw new StoreCorruptException(
                $"snapshot {SnapshotPath} is damaged ({problem}); snapshots are replaced atomically, so this is disk corruption, not a crash: restore the directory from a backup");
        try
        {
            return RecordCodec.DecodeSnapshot(payload);
        }
        catch (Exception e) when (e is FormatException or Google.Protobuf.InvalidProtocolBufferException)
        {
            throw new StoreCorruptException($"snapshot {SnapshotPath} passed its checksum but does not decode: {e.Message}", e);
        }
    }

    private FileStream OpenJournalForAppend()
    {
        var stream = new FileStream(JournalPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    /// <summary>temp file, fsync, rename over the target, fsync the directory: the target is either old or new, never partial.</summary>
    private void WriteDurably(string path, byte[] content)
    {
        var temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        FileSync.Directory(Directory);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "store {Directory}: recovered by truncating the journal: {Note}")]
    private static partial void LogRecovered(ILogger logger, string directory, string note);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "store: removed unfinished compaction file {Path}")]
    private static partial void LogTempRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "store {Directory}: compacted at revision {Revision} (snapshot {Bytes} bytes)")]
    private static partial void LogCompacted(ILogger logger, string directory, long revision, long bytes);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Critical, Message = "store {Directory}: {Problem}")]
    private static partial void LogFaulted(ILogger logger, string directory, string problem);
}
