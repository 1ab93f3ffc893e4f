using System.Diagnostics;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Tests.Support;

namespace Overlay.Northd.Tests;

/// <summary>
/// SIGKILLs the real daemon at random moments (fixed seed) while writers commit transactions, restarts it, and
/// checks that every acknowledged write is there and no transaction is half-applied.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Writers = 4;
    private const int Kills = 50;

    /// <summary>One writer's knowledge: switches it knows exist (acknowledged), and the one write it is unsure of.</summary>
    private sealed class WriterState(int id)
    {
        public int Id { get; } = id;
        public SortedSet<string> Present { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Attempted { get; } = new(StringComparer.Ordinal);
        public (string Switch, bool Create)? Uncertain { get; set; }
        public int Next { get; set; }
        public int Acked { get; set; }
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_SIGKILL_and_no_transaction_is_half_applied()
    {
        string dir = Path.Combine(Path.GetTempPath(), "overlay-northd-crash-" + Guid.NewGuid().ToString("n")[..12]);
        // Snapshot often so kills also land during compaction.
        // Workstation GC and no PGO instrumentation start the 51 daemons faster; neither changes what is tested.
        var env = new Dictionary<string, string>
        {
            ["OVERLAY_NORTHD__COMPACTIONTHRESHOLDBYTES"] = "16384",
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_TieredPGO"] = "0",
        };
        var rng = new Random(20261121);
        var writers = Enumerable.Range(0, Writers).Select(i => new WriterState(i)).ToArray();
        long lastAcked = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan startup = TimeSpan.Zero, writing = TimeSpan.Zero;
        try
        {
            for (int cycle = 0; cycle <= Kills; cycle++)
            {
                long t0 = Stopwatch.GetTimestamp();
                using var daemon = await NorthdProcess.StartAsync(dir, env);
                startup += Stopwatch.GetElapsedTime(t0);
                using var channel = new GrpcChannel(daemon.Address);
                var nb = new NorthboundClient(channel);

                var db = await nb.GetDatabaseAsync(new GetDatabaseRequest(), TimeSpan.FromSeconds(10));
                Assert.True(db.Revision >= lastAcked, $"cycle {cycle}: revision {db.Revision} is behind the last acknowledged {lastAcked}");
                foreach (var w in writers) Verify(w, db, cycle);
                if (cycle == Kills) break;

                using var stop = new CancellationTokenSource();
                // Kill after a random number of acknowledged writes (the signal), plus a random few milliseconds,
                // so kills land anywhere in the write stream: mid-append, mid-fsync, mid-compaction, between writes.
                int target = rng.Next(1, 12), cycleAcks = 0;
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                void OnAck(long revision)
                {
                    InterlockedMax(ref lastAcked, revision);
                    if (Interlocked.Increment(ref cycleAcks) >= target) enough.TrySetResult();
                }
                var running = writers.Select(w => Task.Run(() => WriteUntilFailureAsync(nb, w, rng.Next(), stop.Token, OnAck))).ToArray();
                int extraDelay = rng.Next(0, 25);
                long t1 = Stopwatch.GetTimestamp();
                await enough.Task.WaitAsync(TimeSpan.FromSeconds(30));
                writing += Stopwatch.GetElapsedTime(t1);
                if (extraDelay > 0) await Task.Delay(extraDelay);
                daemon.Kill();
                stop.CancelAfter(TimeSpan.FromSeconds(10));
                await Task.WhenAll(running);
            }
            int acked = writers.Sum(w => w.Acked);
            Assert.True(acked >= Kills, $"only {acked} writes were acknowledged in {Kills} runs");
            // Runtime is dominated by daemon start-up (about 1 s each on a quiet machine); reported, not asserted.
            Console.WriteLine($"crash safety: {Kills} kills, {acked} acknowledged writes, {clock.Elapsed.TotalSeconds:0.0} s " +
                $"(daemon start-up {startup.TotalSeconds:0.0} s, writing until the kill {writing.TotalSeconds:0.0} s)");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task SIGTERM_stops_the_daemon_cleanly_and_the_data_stays()
    {
        string dir = Path.Combine(Path.GetTempPath(), "overlay-northd-term-" + Guid.NewGuid().ToString("n")[..12]);
        try
        {
            long revision;
            using (var daemon = await NorthdProcess.StartAsync(dir))
            {
                using var channel = new GrpcChannel(daemon.Address);
                var nb = new NorthboundClient(channel);
                var request = new TransactRequest();
                request.Commands.Add(TestNorthd.Cmd("ls-add", "sw0"));
                revision = (await nb.TransactAsync(request, TimeSpan.FromSeconds(10))).Revision;
                // An open subscription must not hold the stop up.
                var sb = new SouthboundClient(channel);
                var sub = sb.SubscribeAsync(new Overlay.Contracts.Sb.SubscribeRequest { Chassis = "hv1", EncapIp = "192.0.2.1" }).GetAsyncEnumerator();
                Assert.True(await sub.MoveNextAsync());
                Assert.Equal(0, daemon.Terminate(TimeSpan.FromSeconds(15)));
                Assert.Contains("overlay-northd stopping", daemon.Output, StringComparison.Ordinal);
                await sub.DisposeAsync();
            }
            using var again = await NorthdProcess.StartAsync(dir);
            using var channel2 = new GrpcChannel(again.Address);
            var db = await new NorthboundClient(channel2).GetDatabaseAsync(new GetDatabaseRequest(), TimeSpan.FromSeconds(10));
            Assert.Equal(revision + 1, db.Revision); // the subscription's chassis report is revision 2
            Assert.Equal(["sw0"], db.Switches.Select(s => s.Name));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    /// <summary>Checks one writer's switches against the database, then resolves its uncertain write from what is there.</summary>
    private static void Verify(WriterState w, Database db, int cycle)
    {
        string prefix = $"w{w.Id}-";
        var mine = db.Switches.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(s => s.Name);
        foreach (var (name, sw) in mine)
        {
            Assert.True(w.Attempted.Contains(name), $"cycle {cycle}: {name} exists but was never written");
            // Atomicity: a switch and its two ports were created in one transaction.
            Assert.Equal([$"{name}-a", $"{name}-b"], sw.Ports.Select(p => p.Name).Order(StringComparer.Ordinal));
        }
        foreach (var name in w.Present)
            if (w.Uncertain?.Switch != name)
                Assert.True(mine.ContainsKey(name), $"cycle {cycle}: acknowledged {name} is missing");
        foreach (var name in mine.Keys)
            if (!w.Present.Contains(name) && w.Uncertain?.Switch != name)
                Assert.Fail($"cycle {cycle}: {name} was acknowledged deleted but exists");
        if (w.Uncertain is { } u)
        {
            if (mine.ContainsKey(u.Switch)) w.Present.Add(u.Switch);
            else w.Present.Remove(u.Switch);
            w.Uncertain = null;
        }
    }

    private static async Task WriteUntilFailureAsync(NorthboundClient nb, WriterState w, int seed, CancellationToken ct, Action<long> acked)
    {
        var rng = new Random(seed);
        while (!ct.IsCancellationRequested)
        {
            bool delete = w.Present.Count > 3 && rng.Next(4) == 0;
            string name = delete ? w.Present.ElementAt(rng.Next(w.Present.Count)) : $"w{w.Id}-{w.Next++}";
            var request = new TransactRequest();
            if (delete)
            {
                request.Commands.Add(TestNorthd.Cmd("ls-del", name));
            }
            else
            {
                w.Attempted.Add(name);
                request.Commands.Add(TestNorthd.Cmd("ls-add", name));
                request.Commands.Add(TestNorthd.Cmd("lsp-add", name, $"{name}-a"));
                request.Commands.Add(TestNorthd.Cmd("lsp-add", name, $"{name}-b"));
                request.Commands.Add(TestNorthd.Cmd("lsp-set-addresses", $"{name}-a", $"02:00:00:{w.Id:x2}:{w.Next >> 8 & 0xff:x2}:{w.Next & 0xff:x2}"));
            }
            w.Uncertain = (name, !delete);
            try
            {
                var reply = await nb.TransactAsync(request, TimeSpan.FromSeconds(5), ct);
                Assert.True(reply.Changed);
                if (delete) w.Present.Remove(name);
                else w.Present.Add(name);
                w.Uncertain = null;
                w.Acked++;
                acked(reply.Revision);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                // The daemon died under this write: whether it committed is decided after the restart.
                return;
            }
        }
    }
}
