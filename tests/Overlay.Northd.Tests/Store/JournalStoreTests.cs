using System.Buffers.Binary;
using System.Diagnostics;
using Overlay.Northd.Store;

namespace Overlay.Northd.Tests.Store;

/// <summary>What only the embedded journal must do: survive crashes and damage, and keep other processes out.</summary>
public sealed class JournalStoreTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private static string JournalOf(string dir) => Path.Combine(dir, JournalStore.JournalFileName);

    private static string SnapshotOf(string dir) => Path.Combine(dir, JournalStore.SnapshotFileName);

    private static async Task<List<StoreRecord>> WriteAsync(string dir, int count)
    {
        var records = Enumerable.Range(1, count).Select(i => StoreModel.Record(i)).ToList();
        await using var store = new JournalStore(dir);
        await store.OpenAsync();
        foreach (var r in records)
            await store.AppendAsync(r);
        return records;
    }

    private static async Task<StoreContents> ReopenAsync(string dir)
    {
        await using var store = new JournalStore(dir);
        return await store.OpenAsync();
    }

    /// <summary>Offsets where each record frame starts, plus the file end.</summary>
    private static List<int> FrameStarts(byte[] journal)
    {
        var starts = new List<int>();
        var pos = 20;
        while (pos < journal.Length)
        {
            starts.Add(pos);
            pos += 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(journal.AsSpan(pos));
        }
        Assert.Equal(journal.Length, pos);
        starts.Add(pos);
        return starts;
    }

    private string WithJournal(string name, byte[] journal)
    {
        var dir = temp.Sub(name);
        File.WriteAllBytes(JournalOf(dir), journal);
        return dir;
    }

    /// <summary>After recovery, the store accepts the next revision and a reopen shows it with nothing more to repair.</summary>
    private static async Task AssertAppendsContinueAsync(string dir, IReadOnlyList<StoreRecord> kept)
    {
        var next = StoreModel.Record(kept.Count + 1, "after");
        await using (var store = new JournalStore(dir))
        {
            await store.OpenAsync();
            await store.AppendAsync(next);
        }
        var contents = await ReopenAsync(dir);
        Assert.Null(contents.RecoveryNote);
        Assert.Equal([.. kept, next], contents.Records);
    }

    [Fact]
    public async Task Torn_last_record_is_dropped_at_every_byte_offset_and_appends_continue()
    {
        var src = temp.Sub("src");
        var records = await WriteAsync(src, 4);
        var bytes = File.ReadAllBytes(JournalOf(src));
        var starts = FrameStarts(bytes);
        var (last, end) = (starts[^2], starts[^1]);
        for (var cut = last; cut < end; cut++)
        {
            var dir = WithJournal($"cut{cut}", bytes[..cut]);
            var contents = await ReopenAsync(dir);
            Assert.Equal(records[..3], contents.Records);
            if (cut == last)
                Assert.Null(contents.RecoveryNote);
            else
                Assert.Contains($"dropped {cut - last} byte(s) from offset {last}, after revision 3", contents.RecoveryNote);
            Assert.Equal(last, new FileInfo(JournalOf(dir)).Length);
            await AssertAppendsContinueAsync(dir, records[..3]);
        }
    }

    [Fact]
    public async Task Any_flipped_byte_in_the_last_record_drops_exactly_that_record()
    {
        var src = temp.Sub("src");
        var records = await WriteAsync(src, 4);
        var bytes = File.ReadAllBytes(JournalOf(src));
        var starts = FrameStarts(bytes);
        for (var at = starts[^2]; at < starts[^1]; at++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x5A;
            var dir = WithJournal($"flip{at}", damaged);
            var contents = await ReopenAsync(dir);
            Assert.Equal(records[..3], contents.Records);
            Assert.NotNull(contents.RecoveryNote);
            await AssertAppendsContinueAsync(dir, records[..3]);
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(100, false)]
    [InlineData(4096, false)]
    [InlineData(4096, true)]
    public async Task Garbage_after_the_last_record_is_dropped(int length, bool zeros)
    {
        var src = temp.Sub("src");
        var records = await WriteAsync(src, 3);
        var bytes = File.ReadAllBytes(JournalOf(src));
        var garbage = new byte[length];
        if (!zeros) new Random(length).NextBytes(garbage);
        var dir = WithJournal("garbage", [.. bytes, .. garbage]);
        var contents = await ReopenAsync(dir);
        Assert.Equal(records, contents.Records);
        Assert.Contains($"dropped {length} byte(s) from offset {bytes.Length}", contents.RecoveryNote);
        Assert.Equal(bytes.Length, new FileInfo(JournalOf(dir)).Length);
        await AssertAppendsContinueAsync(dir, records);
    }

    [Fact]
    public async Task Damage_in_the_middle_truncates_there_and_says_what_was_lost()
    {
        var src = temp.Sub("src");
        var records = await WriteAsync(src, 6);
        var bytes = File.ReadAllBytes(JournalOf(src));
        var starts = FrameStarts(bytes);
        bytes[starts[1] + 10] ^= 0xFF;   // inside record 2's payload
        var dir = WithJournal("middle", bytes);
        var contents = await ReopenAsync(dir);
        Assert.Equal(records[..1], contents.Records);
        Assert.Contains("record checksum mismatch", contents.RecoveryNote);
        Assert.Contains("in the middle: 4 intact record(s) after it (revisions 3..6) were dropped too", contents.RecoveryNote);
        await AssertAppendsContinueAsync(dir, records[..1]);
    }

    [Theory]
    [InlineData(new long[] { 1, 2, 4 }, 2, "expected 3, found 4")]
    [InlineData(new long[] { 1, 2, 2 }, 2, "expected 3, found 2")]
    [InlineData(new long[] { 2, 3 }, 0, "expected 1, found 2")]
    public async Task Revision_gap_ends_the_journal(long[] revisions, int kept, string problem)
    {
        var journal = new List<byte>(JournalFormat.JournalHeader(0));
        foreach (var r in revisions)
            journal.AddRange(JournalFormat.Frame(RecordCodec.Encode(StoreModel.Record(r))));
        var dir = WithJournal("gap", [.. journal]);
        var contents = await ReopenAsync(dir);
        Assert.Equal(revisions[..kept], contents.Records.Select(r => r.Revision));
        Assert.Contains("revision gap: " + problem, contents.RecoveryNote);
    }

    [Fact]
    public async Task Payload_that_passes_the_checksum_but_does_not_decode_is_dropped()
    {
        var src = temp.Sub("src");
        var records = await WriteAsync(src, 2);
        var junk = JournalFormat.Frame([0xFF, 0xFF, 0xFF]);
        var dir = WithJournal("junk", [.. File.ReadAllBytes(JournalOf(src)), .. junk]);
        var contents = await ReopenAsync(dir);
        Assert.Equal(records, contents.Records);
        Assert.Contains("does not decode", contents.RecoveryNote);
    }

    /// <summary>
    /// Compaction writes snapshot.tmp, renames it over snapshot, then writes journal.tmp and renames it over journal.
    /// Every set of files a crash can leave behind must open to the same state, and take further appends.
    /// </summary>
    [Fact]
    public async Task Every_intermediate_state_of_a_compaction_opens_to_the_same_state()
    {
        var live = temp.Sub("live");
        var model = StoreModel.Empty;
        byte[] beforeSnapshot, beforeJournal, afterSnapshot, afterJournal;
        await using (var store = new JournalStore(live))
        {
            await store.OpenAsync();
            for (var r = 1; r <= 4; r++)
            {
                var record = StoreModel.Record(r);
                await store.AppendAsync(record);
                model = model.Apply(record);
            }
            await store.CompactAsync(model.ToSnapshot());
            for (var r = 5; r <= 8; r++)
            {
                var record = StoreModel.Record(r);
                await store.AppendAsync(record);
                model = model.Apply(record);
            }
            beforeSnapshot = File.ReadAllBytes(SnapshotOf(live));
            beforeJournal = File.ReadAllBytes(JournalOf(live));
            await store.CompactAsync(model.ToSnapshot());
            afterSnapshot = File.ReadAllBytes(SnapshotOf(live));
            afterJournal = File.ReadAllBytes(JournalOf(live));
        }
        var tornOldJournal = beforeJournal[..(FrameStarts(beforeJournal)[^2] + 3)];

        var states = new (string Name, byte[]? Snapshot, byte[]? Journal, byte[]? SnapshotTmp, byte[]? JournalTmp)[]
        {
            ("snapshot.tmp half written", beforeSnapshot, beforeJournal, afterSnapshot[..(afterSnapshot.Length / 2)], null),
            ("snapshot.tmp empty", beforeSnapshot, beforeJournal, [], null),
            ("snapshot.tmp complete, not renamed", beforeSnapshot, beforeJournal, afterSnapshot, null),
            ("snapshot renamed, old journal", afterSnapshot, beforeJournal, null, null),
            ("snapshot renamed, old journal torn", afterSnapshot, tornOldJournal, null, null),
            ("journal.tmp half written", afterSnapshot, beforeJournal, null, afterJournal[..10]),
            ("journal.tmp complete, not renamed", afterSnapshot, beforeJournal, null, afterJournal),
            ("done", afterSnapshot, afterJournal, null, null),
        };
        var i = 0;
        foreach (var (name, snapshot, journal, snapshotTmp, journalTmp) in states)
        {
            var dir = temp.Sub($"state{i++}");
            void Put(string file, byte[]? content)
            {
                if (content is not null) File.WriteAllBytes(Path.Combine(dir, file), content);
            }
            Put("snapshot", snapshot);
            Put("journal", journal);
            Put("snapshot.tmp", snapshotTmp);
            Put("journal.tmp", journalTmp);

            var next = StoreModel.Record(9);
            await using (var store = new JournalStore(dir))
            {
                var contents = await store.OpenAsync();
                Assert.True(model.Equals(StoreModel.From(contents)), name);
                Assert.Equal(8, store.Revision);
                Assert.False(File.Exists(Path.Combine(dir, "snapshot.tmp")), name);
                Assert.False(File.Exists(Path.Combine(dir, "journal.tmp")), name);
                await store.AppendAsync(next);
            }
            var reopened = await ReopenAsync(dir);
            Assert.True(model.Apply(next).Equals(StoreModel.From(reopened)), name);
            Assert.Null(reopened.RecoveryNote);
        }
    }

    [Fact]
    public async Task Snapshot_keeps_a_real_network_with_its_tunnel_keys()
    {
        var nb = NbProtoTests.TwoTier();
        var dir = temp.Sub("db");
        var snapshot = new StoreSnapshot(1, nb, [new ChassisEntry("hv1", "192.168.0.1", ["sw0-port1", "sw1-port2"])]);
        await using (var store = new JournalStore(dir))
        {
            await store.OpenAsync();
            await store.AppendAsync(new NbTransactionRecord(1, [["ls-add", "sw0"]]));
            await store.CompactAsync(snapshot);
        }
        var contents = await ReopenAsync(dir);
        Assert.Equal(snapshot, contents.Snapshot);
        Assert.Equal(nb.Switches["sw1"].Ports["sw1-port2"].TunnelKey, contents.Snapshot!.Nb.Switches["sw1"].Ports["sw1-port2"].TunnelKey);
    }

    [Fact]
    public async Task Damaged_snapshot_refuses_to_open_and_names_the_file()
    {
        var dir = temp.Sub("db");
        await using (var store = new JournalStore(dir))
        {
            await store.OpenAsync();
            await store.AppendAsync(StoreModel.Record(1));
            await store.CompactAsync(StoreModel.Empty.Apply(StoreModel.Record(1)).ToSnapshot());
        }
        var bytes = File.ReadAllBytes(SnapshotOf(dir));
        bytes[^1] ^= 1;
        File.WriteAllBytes(SnapshotOf(dir), bytes);
        var e = await Assert.ThrowsAsync<StoreCorruptException>(() => ReopenAsync(dir));
        Assert.Contains(SnapshotOf(dir), e.Message);
        Assert.Contains("checksum mismatch", e.Message);
        // A failed open releases the directory: the next attempt reports the same damage, not a lock.
        await Assert.ThrowsAsync<StoreCorruptException>(() => ReopenAsync(dir));
    }

    [Fact]
    public async Task Damaged_journal_header_refuses_to_open()
    {
        var dir = temp.Sub("db");
        await WriteAsync(dir, 2);
        var bytes = File.ReadAllBytes(JournalOf(dir));
        bytes[9] ^= 1;   // inside the base revision
        File.WriteAllBytes(JournalOf(dir), bytes);
        var e = await Assert.ThrowsAsync<StoreCorruptException>(() => ReopenAsync(dir));
        Assert.Contains("header checksum mismatch", e.Message);
    }

    [Fact]
    public async Task Journal_after_a_missing_snapshot_refuses_to_open()
    {
        var dir = temp.Sub("db");
        await using (var store = new JournalStore(dir))
        {
            await store.OpenAsync();
            await store.AppendAsync(StoreModel.Record(1));
            await store.CompactAsync(StoreModel.Empty.Apply(StoreModel.Record(1)).ToSnapshot());
            await store.AppendAsync(StoreModel.Record(2));
        }
        File.Delete(SnapshotOf(dir));
        var e = await Assert.ThrowsAsync<StoreCorruptException>(() => ReopenAsync(dir));
        Assert.Contains("starts after revision 1 but the snapshot is at revision 0", e.Message);
    }

    [Fact]
    public async Task Second_open_of_a_directory_is_refused_with_the_holder()
    {
        var dir = temp.Sub("db");
        await using (var first = new JournalStore(dir))
        {
            await first.OpenAsync();
            await using var second = new JournalStore(dir);
            var e = await Assert.ThrowsAsync<StoreLockedException>(() => second.OpenAsync());
            Assert.Contains(dir, e.Message);
            Assert.Contains($"pid {Environment.ProcessId}", e.Message);
            await first.AppendAsync(StoreModel.Record(1));
        }
        // Released on dispose.
        var contents = await ReopenAsync(dir);
        Assert.Single(contents.Records);
    }

    [Fact]
    public async Task Lock_held_by_another_process_is_respected()
    {
        var dir = temp.Sub("db");
        await WriteAsync(dir, 1);
        // flock(1) takes the same kind of lock (flock LOCK_EX) on the lock file as a northd would. The shell becomes
        // the sleep, so the one process we start is the one holding the lock, and its exit releases it.
        var psi = new ProcessStartInfo("sh", ["-c", "exec 9>\"$1\" && flock -x 9 && echo held && exec sleep 60", "sh", Path.Combine(dir, "LOCK")])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        using var holder = Process.Start(psi)!;
        try
        {
            var line = holder.StandardOutput.ReadLineAsync();
            Assert.Same(line, await Task.WhenAny(line, Task.Delay(TimeSpan.FromSeconds(20))));
            Assert.Equal("held", await line);
            var e = await Assert.ThrowsAsync<StoreLockedException>(() => ReopenAsync(dir));
            Assert.Contains(dir, e.Message);
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        Assert.Single((await ReopenAsync(dir)).Records);
    }

    [Fact]
    public async Task Bytes_since_snapshot_count_the_journal_records_after_it()
    {
        var dir = temp.Sub("db");
        await WriteAsync(dir, 3);
        await using var store = new JournalStore(dir);
        await store.OpenAsync();
        Assert.Equal(new FileInfo(JournalOf(dir)).Length - 20, store.BytesSinceSnapshot);
        await store.AppendAsync(StoreModel.Record(4));
        Assert.Equal(new FileInfo(JournalOf(dir)).Length - 20, store.BytesSinceSnapshot);
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        // The CRC catalogue's check value for CRC-32C over "123456789".
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(Crc32C.Compute("123456789"u8), Crc32C.Append(Crc32C.Compute("1234"u8), "56789"u8));
    }
}
