using Overlay.Northd.Store;

namespace Overlay.Northd.Tests.Store;

/// <summary>
/// What every <see cref="INorthdStore"/> must do, whatever keeps the bytes. A concrete subclass supplies stores that
/// all open the same underlying location (a directory, a database), so a second <see cref="Create"/> is a reopen.
/// </summary>
public abstract class StoreContractTests
{
    /// <summary>A new store object over this test's location; not yet opened.</summary>
    protected abstract INorthdStore Create();

    private async Task<(INorthdStore Store, StoreContents Contents)> OpenAsync()
    {
        var store = Create();
        var contents = await store.OpenAsync();
        return (store, contents);
    }

    private static async Task<List<StoreRecord>> AppendAsync(INorthdStore store, long from, long to, string salt = "")
    {
        var written = new List<StoreRecord>();
        for (var r = from; r <= to; r++)
        {
            var record = StoreModel.Record(r, salt);
            await store.AppendAsync(record);
            written.Add(record);
        }
        return written;
    }

    [Fact]
    public async Task Empty_store_opens_empty_and_reopens_empty()
    {
        var (store, contents) = await OpenAsync();
        await using (store)
        {
            Assert.Null(contents.Snapshot);
            Assert.Empty(contents.Records);
            Assert.Null(contents.RecoveryNote);
            Assert.Equal(0, store.Revision);
            Assert.Equal(0, store.BytesSinceSnapshot);
        }
        var (again, reopened) = await OpenAsync();
        await using (again)
        {
            Assert.Null(reopened.Snapshot);
            Assert.Empty(reopened.Records);
            Assert.Equal(0, again.Revision);
        }
    }

    [Fact]
    public async Task Appended_records_come_back_in_order_after_reopen()
    {
        List<StoreRecord> written;
        var (store, _) = await OpenAsync();
        await using (store)
        {
            written = await AppendAsync(store, 1, 25);
            Assert.Equal(25, store.Revision);
            Assert.True(store.BytesSinceSnapshot > 0);
        }
        var (again, contents) = await OpenAsync();
        await using (again)
        {
            Assert.Null(contents.Snapshot);
            Assert.Null(contents.RecoveryNote);
            Assert.Equal(written, contents.Records);
            Assert.Equal(25, again.Revision);
            Assert.True(again.BytesSinceSnapshot > 0);
            // The records replay into a state (checks the mix is meaningful, not only byte-equal).
            Assert.Equal(25, StoreModel.From(contents).Revision);
        }
    }

    [Fact]
    public async Task Append_with_wrong_revision_is_a_conflict_and_writes_nothing()
    {
        var (store, _) = await OpenAsync();
        await using (store)
        {
            var gap = await Assert.ThrowsAsync<StoreConflictException>(() => store.AppendAsync(StoreModel.Record(2)));
            Assert.Equal(1, gap.Expected);
            Assert.Equal(2, gap.Actual);
            await store.AppendAsync(StoreModel.Record(1));
            var replay = await Assert.ThrowsAsync<StoreConflictException>(() => store.AppendAsync(StoreModel.Record(1, "x")));
            Assert.Equal(2, replay.Expected);
            Assert.Equal(1, store.Revision);
        }
        var (again, contents) = await OpenAsync();
        await using (again)
            Assert.Equal([StoreModel.Record(1)], contents.Records);
    }

    [Fact]
    public async Task Concurrent_appenders_are_serialized_without_gaps()
    {
        var (store, _) = await OpenAsync();
        await using (store)
        {
            var committed = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var done = 0; done < 5;)
                {
                    try
                    {
                        await store.AppendAsync(StoreModel.Record(store.Revision + 1, $"w{w}-"));
                        done++;
                        Interlocked.Increment(ref committed);
                    }
                    catch (StoreConflictException)
                    {
                        // Another writer took that revision: read the new one and try again.
                    }
                }
            })));
            Assert.Equal(40, committed);
            Assert.Equal(40, store.Revision);
        }
        var (again, contents) = await OpenAsync();
        await using (again)
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), contents.Records.Select(r => r.Revision));
    }

    [Fact]
    public async Task Compaction_replaces_records_by_the_snapshot()
    {
        StoreModel model;
        var (store, _) = await OpenAsync();
        await using (store)
        {
            var written = await AppendAsync(store, 1, 12);
            model = written.Aggregate(StoreModel.Empty, (m, r) => m.Apply(r));
            await store.CompactAsync(model.ToSnapshot());
            Assert.Equal(12, store.Revision);
            Assert.Equal(0, store.BytesSinceSnapshot);
        }
        var (again, contents) = await OpenAsync();
        await using (again)
        {
            Assert.Equal(model.ToSnapshot(), contents.Snapshot);
            Assert.Empty(contents.Records);
            Assert.Null(contents.RecoveryNote);
            Assert.Equal(12, again.Revision);
            Assert.Equal(model, StoreModel.From(contents));
        }
    }

    [Fact]
    public async Task Records_after_a_snapshot_follow_it_across_reopens_and_compactions()
    {
        var model = StoreModel.Empty;
        var (store, _) = await OpenAsync();
        await using (store)
        {
            model = (await AppendAsync(store, 1, 6)).Aggregate(model, (m, r) => m.Apply(r));
            await store.CompactAsync(model.ToSnapshot());
            model = (await AppendAsync(store, 7, 9)).Aggregate(model, (m, r) => m.Apply(r));
            Assert.True(store.BytesSinceSnapshot > 0);
        }
        var (second, contents) = await OpenAsync();
        await using (second)
        {
            Assert.Equal(6, contents.Snapshot!.Revision);
            Assert.Equal([7L, 8, 9], contents.Records.Select(r => r.Revision));
            Assert.Equal(model, StoreModel.From(contents));
            Assert.Equal(9, second.Revision);
            Assert.True(second.BytesSinceSnapshot > 0);
            // Compact again on top of the reopened store, then keep writing.
            await second.CompactAsync(model.ToSnapshot());
            model = (await AppendAsync(second, 10, 11)).Aggregate(model, (m, r) => m.Apply(r));
        }
        var (third, last) = await OpenAsync();
        await using (third)
        {
            Assert.Equal(9, last.Snapshot!.Revision);
            Assert.Equal([10L, 11], last.Records.Select(r => r.Revision));
            Assert.Equal(model, StoreModel.From(last));
        }
    }

    [Fact]
    public async Task Compaction_at_a_stale_revision_is_a_conflict()
    {
        var (store, _) = await OpenAsync();
        await using (store)
        {
            await AppendAsync(store, 1, 3);
            var stale = StoreModel.Empty.Apply(StoreModel.Record(1)).ToSnapshot();
            await Assert.ThrowsAsync<StoreConflictException>(() => store.CompactAsync(stale));
        }
        var (again, contents) = await OpenAsync();
        await using (again)
        {
            Assert.Null(contents.Snapshot);
            Assert.Equal(3, contents.Records.Count);
        }
    }

    [Fact]
    public async Task Writes_before_open_are_refused()
    {
        await using var store = Create();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(StoreModel.Record(1)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CompactAsync(StoreModel.Empty.ToSnapshot()));
    }

    [Fact]
    public async Task A_store_opens_once_and_refuses_writes_after_dispose()
    {
        var store = Create();
        await store.OpenAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.OpenAsync());
        await store.AppendAsync(StoreModel.Record(1));
        await store.DisposeAsync();
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(StoreModel.Record(2)));
        var (again, contents) = await OpenAsync();
        await using (again)
            Assert.Single(contents.Records);
    }

    [Fact]
    public async Task Compaction_of_an_empty_store_keeps_revision_zero()
    {
        var (store, _) = await OpenAsync();
        await using (store)
            await store.CompactAsync(StoreModel.Empty.ToSnapshot());
        var (again, contents) = await OpenAsync();
        await using (again)
        {
            Assert.Equal(0, contents.Snapshot!.Revision);
            Assert.Equal(0, again.Revision);
            await again.AppendAsync(StoreModel.Record(1));
        }
    }
}
