using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd;

namespace Overlay.Benchmarks.Northd;

/// <summary>
/// In-process overlay-northd on loopback with the 10,000-port tenant topology and 100 simulated agents
/// (agent i bound to tenant i's 100 VIFs, so each holds its tenant's 5 datapaths). Measures one-port change →
/// every agent has the update, initial snapshot time, and the process's memory.
/// Options: <c>northd --help</c>.
/// </summary>
public static class NorthdBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int tenants = 100, agents = 100, changes = 200, warmup = 20;
        string? dataDir = null;
        var options = new BenchOptions("northd",
                "Starts overlay-northd in this process on loopback with the tenant topology and simulated agents (agent i\n" +
                "bound to tenant i's VIFs), then measures one-port changes until every agent has them, the initial\n" +
                "snapshot, and the process's memory.")
            .Int("--tenants", tenants, 1, "topology size, 100 VIFs per tenant", v => tenants = v)
            .Int("--agents", agents, 1, "simulated agents (at most one per tenant)", v => agents = v)
            .Int("--changes", changes, 1, "one-port changes measured", v => changes = v)
            .Int("--warmup", warmup, 0, "changes before measuring", v => warmup = v)
            .Text("--data-dir", "DIR", "northd's store (default: a new directory under the temp directory)", v => dataDir = v);
        if (options.Parse(args, Console.Out, Console.Error) is { } exit) return exit;
        agents = Math.Min(agents, tenants);
        string dir = dataDir ?? Path.Combine(Path.GetTempPath(), "overlay-northd-bench-" + Guid.NewGuid().ToString("n")[..8]);
        Console.WriteLine($"# northd: {tenants} tenants ({tenants * TenantTopology.SwitchesPerTenant * TenantTopology.PortsPerSwitch:N0} VIFs), {agents} agents, " +
            $"{changes} changes after {warmup} warm-up, {Machine.Describe()}, data dir {dir}, load average {Machine.LoadAverage()}");

        var db = TenantTopology.Build(tenants);
        var server = await NorthdServer.StartAsync(new NorthdOptions { Listen = "127.0.0.1:0", DataDir = dir, LogLevel = LogLevel.Warning });
        var agentList = new List<Agent>();
        try
        {
            using var channel = new GrpcChannel(server.Address);
            var nb = new NorthboundClient(channel);
            long loadStart = Stopwatch.GetTimestamp();
            foreach (var tx in TopologyCommands.PerTenant(db, tenants))
            {
                var request = new TransactRequest();
                foreach (var c in tx)
                {
                    var command = new Command();
                    command.Args.AddRange(c);
                    request.Commands.Add(command);
                }
                await nb.TransactAsync(request, TimeSpan.FromMinutes(2));
            }
            Console.Error.WriteLine($"  loaded {tenants} tenant transactions in {Stopwatch.GetElapsedTime(loadStart).TotalSeconds:F1} s");
            var sbState = await nb.GetSouthboundAsync(new GetSouthboundRequest(), TimeSpan.FromMinutes(2));
            Console.WriteLine($"# {sbState.Datapaths.Count:N0} datapaths, {sbState.PortBindings.Count:N0} port bindings, {sbState.LogicalFlows.Count:N0} logical flows");

            // 100 agents, each on its own connection, subscribed with its share of the VIFs.
            var pending = new ConcurrentDictionary<long, Arrival>();
            long subscribeStart = Stopwatch.GetTimestamp();
            for (int a = 0; a < agents; a++)
            {
                var vifs = VifsOf(a);
                agentList.Add(new Agent(server.Address, $"hv{a}", $"10.255.{a / 250}.{a % 250 + 1}", vifs, pending));
            }
            await Task.WhenAll(agentList.Select(a => a.StartAsync()));
            double allSubscribedMs = Stopwatch.GetElapsedTime(subscribeStart).TotalMilliseconds;
            Console.Error.WriteLine($"  {agents} agents subscribed and hold their snapshots after {allSubscribedMs:F0} ms");

            // Initial snapshot for one more agent (its bindings already known: no commit, only the snapshot).
            var tenantSnapshot = await SnapshotTimesAsync(server.Address, "hv0", VifsOf(0), 20);
            // And for an agent with a VIF in every tenant: every datapath is relevant.
            var everywhere = Enumerable.Range(0, tenants).Select(t => $"vif-t{t}-s0-p24").ToArray();
            var wholeSnapshot = await SnapshotTimesAsync(server.Address, "hv-all", everywhere, 5);

            // One-port changes: from the Transact call until every subscribed agent has that revision's update.
            // Server side of each commit (store append with fsync, compile, publish), from northd's own meter.
            // The commit metric is recorded right after the revision is offered to every subscriber: its callback
            // time starts the fan-out measurement.
            var commits = new ConcurrentQueue<double>();
            var validates = new ConcurrentQueue<double>();
            using var listener = new System.Diagnostics.Metrics.MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Overlay.Northd.Hosting.NorthdMetrics.MeterName
                    && instrument.Name is "overlay.northd.commit.duration" or "overlay.northd.validate.duration")
                    l.EnableMeasurementEvents(instrument);
            };
            bool recording = false;
            Arrival? current = null;
            listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            {
                if (instrument.Name == "overlay.northd.validate.duration")
                {
                    if (Volatile.Read(ref recording)) validates.Enqueue(value);
                    return;
                }
                Volatile.Read(ref current)?.Published(Stopwatch.GetTimestamp());
                if (Volatile.Read(ref recording)) commits.Enqueue(value);
            });
            listener.Start();
            var fanOut = new List<double>(changes);

            var rng = new Random(42);
            var propagate = new List<double>(changes);
            var ack = new List<double>(changes);
            long revision = server.Revision;
            for (int i = 0; i < warmup + changes; i++)
            {
                int t = rng.Next(agents), s = rng.Next(TenantTopology.SwitchesPerTenant), p = rng.Next(TenantTopology.PortsPerSwitch);
                string port = $"vif-t{t}-s{s}-p{p}";
                string address = $"{TenantTopology.VifMac(t, s, p)} 10.0.{s}.{100 + i % 150}";
                var arrival = new Arrival(agents, agentList[t], port);
                pending[revision + 1] = arrival;
                Volatile.Write(ref current, arrival);
                var request = new TransactRequest();
                var command = new Command();
                command.Args.AddRange(["lsp-set-addresses", port, address]);
                request.Commands.Add(command);
                Volatile.Write(ref recording, i >= warmup);
                long start = Stopwatch.GetTimestamp();
                var reply = await nb.TransactAsync(request, TimeSpan.FromSeconds(30));
                double ackMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (reply.Revision != revision + 1) throw new InvalidOperationException($"expected revision {revision + 1}, got {reply.Revision}");
                revision = reply.Revision;
                await arrival.All.Task.WaitAsync(TimeSpan.FromSeconds(30));
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                pending.TryRemove(revision, out _);
                if (!arrival.OwnerSawPort) throw new InvalidOperationException($"{agentList[t].Name} got revision {revision} without port {port}");
                if (i >= warmup)
                {
                    propagate.Add(ms);
                    ack.Add(ackMs);
                    fanOut.Add(arrival.FanOutMs);
                }
            }
            foreach (var a in agentList)
                if (a.Failure is not null) throw new InvalidOperationException($"{a.Name} failed", a.Failure);

            var prop = Stats.Of(propagate);
            var acks = Stats.Of(ack);
            var tenantSnap = Stats.Of(tenantSnapshot);
            var wholeSnap = Stats.Of(wholeSnapshot);
            GC.Collect();
            double rss = RssMiB();
            double managed = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            Console.WriteLine("| measure | median | p99 | min | max |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            Row($"one-port change → all {agents} agents have the update", prop);
            Row("one-port change → Transact acknowledged (fsync)", acks);
            Row("  of which: parse, apply and validate the whole NB (NbTransaction.Apply)", Stats.Of(validates.ToArray()));
            Row("  of which: commit (journal append + fsync, incremental compile, publish)", Stats.Of(commits.ToArray()));
            Row($"  fan-out: revision published → all {agents} agents have it", Stats.Of(fanOut));
            Row($"initial snapshot, one agent ({tenantSnapshot.Count} runs; its tenant's 5 datapaths)", tenantSnap);
            Row($"initial snapshot, agent bound in every tenant ({wholeSnapshot.Count} runs; all {sbState.Datapaths.Count} datapaths)", wholeSnap);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# all {agents} agents subscribed with snapshots in {allSubscribedMs:F0} ms; process RSS {rss:F0} MiB (northd + {agents} loopback clients), managed heap {managed:F0} MiB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
            Console.WriteLine(prop.P99 <= 20 ? "# target met: p99 ≤ 20 ms" : $"# target missed: p99 {prop.P99:F1} ms > 20 ms");
            return 0;
        }
        finally
        {
            foreach (var a in agentList) await a.DisposeAsync();
            await server.StopAsync();
            if (dataDir is null && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] VifsOf(int tenant) =>
        [.. from s in Enumerable.Range(0, TenantTopology.SwitchesPerTenant)
            from p in Enumerable.Range(0, TenantTopology.PortsPerSwitch)
            select $"vif-t{tenant}-s{s}-p{p}"];

    private static async Task<List<double>> SnapshotTimesAsync(Uri address, string chassis, string[] vifs, int runs)
    {
        var times = new List<double>(runs);
        using var channel = new GrpcChannel(address);
        var client = new SouthboundClient(channel);
        var request = new SubscribeRequest { Chassis = chassis, EncapIp = "10.254.0.1" };
        request.IfaceIds.AddRange(vifs);
        // The first subscription may write the chassis report; time the ones after.
        for (int i = 0; i <= runs; i++)
        {
            using var cts = new CancellationTokenSource();
            long start = Stopwatch.GetTimestamp();
            await using var e = client.SubscribeAsync(request, cts.Token).GetAsyncEnumerator(cts.Token);
            if (!await e.MoveNextAsync() || !e.Current.Full) throw new InvalidOperationException("expected a full update");
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i > 0) times.Add(ms);
            cts.Cancel();
        }
        return times;
    }

    private static void Row(string what, Stats s) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {s.Median:F2} ms | {s.P99:F2} ms | {s.Min:F2} ms | {s.Max:F2} ms |"));

    private static double RssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return double.NaN;
    }

    /// <summary>Counts agents that received one revision; completes when all have.</summary>
    private sealed class Arrival(int agents, Agent owner, string port)
    {
        private int remaining = agents;

        public TaskCompletionSource All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private long published;
        private long last;

        public bool OwnerSawPort { get; private set; }

        public double FanOutMs => Stopwatch.GetElapsedTime(Interlocked.Read(ref published), Interlocked.Read(ref last)).TotalMilliseconds;

        public void Published(long timestamp) => Interlocked.CompareExchange(ref published, timestamp, 0);

        public void Received(Agent agent, Update u)
        {
            if (agent == owner) OwnerSawPort = u.PortBindings.Any(p => p.Name == port);
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                Interlocked.Exchange(ref last, Stopwatch.GetTimestamp());
                All.TrySetResult();
            }
        }
    }

    /// <summary>A simulated agent: its own connection and a subscription read in the background.</summary>
    private sealed class Agent(Uri address, string name, string encapIp, string[] vifs, ConcurrentDictionary<long, Arrival> pending) : IAsyncDisposable
    {
        private readonly GrpcChannel channel = new(address);
        private readonly CancellationTokenSource stop = new();
        private readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task? reader;

        public string Name { get; } = name;

        public Exception? Failure { get; private set; }

        public Task StartAsync()
        {
            var request = new SubscribeRequest { Chassis = Name, EncapIp = encapIp };
            request.IfaceIds.AddRange(vifs);
            var client = new SouthboundClient(channel);
            reader = Task.Run(async () =>
            {
                try
                {
                    await foreach (var u in client.SubscribeAsync(request, stop.Token))
                    {
                        first.TrySetResult();
                        if (!u.Heartbeat && pending.TryGetValue(u.Revision, out var arrival)) arrival.Received(this, u);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    Failure = e;
                    first.TrySetException(e);
                }
            });
            return first.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            if (reader is not null) await reader;
            channel.Dispose();
            stop.Dispose();
        }
    }
}
