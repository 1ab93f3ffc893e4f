using System.Diagnostics;
using System.Runtime;
using Overlay.Agent.Translator;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Benchmarks;

/// <summary>
/// What one host's translation measured. Times in milliseconds, memory in bytes. <see cref="Mode"/> "cold" is a
/// translation from scratch (<c>Translator.Translate(view)</c>); "warm" is one with a <see cref="TranslationCache"/>
/// kept from the previous translation of the same host, each measured call following a one-VIF binding change.
/// </summary>
public sealed record HostResult(
    string Host, string Mode, int LocalPorts, int Datapaths, int LogicalFlows, int OpenFlowFlows, int Diagnostics, Stats Wall, Stats Cpu,
    Stats GcPause, double AllocatedBytes, long RetainedBytes, long CacheBytes)
{
    public double LogicalPerSecond => LogicalFlows / (Wall.Median / 1000);

    public double OpenFlowPerSecond => OpenFlowFlows / (Wall.Median / 1000);

    public double BytesPerFlow => (double)RetainedBytes / OpenFlowFlows;
}

/// <summary>
/// Stage 2 on the tenant topology: the VIFs are spread over <see cref="Chassis"/> hosts (port p of a tenant's
/// switch on chassis (tenant + p mod 4) mod 100, so a tenant spans 4 hosts and each host holds 100 VIFs), and
/// <see cref="Translator.Translate"/> runs for one host of them (given the whole network, and given what northd sends
/// it: its own datapaths only), for a host with one VIF on every switch, and for a host with every VIF. Logical flows
/// counted are those on the datapaths the host translates.
/// </summary>
public static class TranslateBenchmark
{
    public const int Chassis = 100;

    public static IReadOnlyList<HostResult> Run(int tenants, int warmup, int reps, Action<string> log)
    {
        var db = TenantTopology.Build(tenants);
        var network = NorthdCompiler.Compile(db);
        log($"{tenants} tenants: {network.Flows.Length:N0} logical flows");
        var remotes = Enumerable.Range(0, Chassis).Select(c => new RemoteChassis(ChassisName(c), EncapIp(c))).ToList();
        return
        [
            .. Measure("1 of 100 hosts", ChassisName(0), network, remotes, SpreadBindings(tenants, _ => false), warmup, reps, log),
            .. Measure("1 of 100 hosts, as sent", ChassisName(0), AsSentTo(ChassisName(0), network, remotes, SpreadBindings(tenants, _ => false)), remotes,
                SpreadBindings(tenants, _ => false), warmup, reps, log),
            .. Measure("1 VIF on every switch", "hv-every", network, [.. remotes, new RemoteChassis("hv-every", "10.254.0.1")],
                SpreadBindings(tenants, p => p == 0), warmup, reps, log),
            .. Measure("every VIF", "hv-all", network, [.. remotes, new RemoteChassis("hv-all", "10.254.0.2")],
                SpreadBindings(tenants, _ => true), warmup, reps, log),
        ];
    }

    /// <summary>
    /// What northd sends <paramref name="host"/>: the datapaths it translates (those with a VIF bound to it, closed over
    /// patch links) with their ports, multicast groups and logical flows, and every address set and port group.
    /// </summary>
    private static LogicalNetwork AsSentTo(string host, LogicalNetwork network, List<RemoteChassis> remotes, List<(string Port, string Chassis, bool Moved)> spread)
    {
        var view = HostView.Create(host, remotes.First(r => r.Name == host).EncapIp, remotes, network,
            spread.Select(b => (b.Port, b.Chassis, b.Chassis == host ? (uint?)1 : null)));
        var relevant = Translator.Translate(view).Datapaths.ToHashSet();
        return network with
        {
            Datapaths = [.. network.Datapaths.Where(d => relevant.Contains(d.Key))],
            Ports = [.. network.Ports.Where(p => relevant.Contains(p.Datapath))],
            MulticastGroups = [.. network.MulticastGroups.Where(g => relevant.Contains(g.Datapath))],
            Flows = [.. network.Flows.Where(f => relevant.Contains(f.Datapath))],
        };
    }

    /// <summary>(port, chassis) for every VIF; ports for which <paramref name="moved"/> holds go to the measured host instead.</summary>
    private static List<(string Port, string Chassis, bool Moved)> SpreadBindings(int tenants, Func<int, bool> moved)
    {
        var bindings = new List<(string, string, bool)>(tenants * TenantTopology.SwitchesPerTenant * TenantTopology.PortsPerSwitch);
        for (int t = 0; t < tenants; t++)
            for (int s = 0; s < TenantTopology.SwitchesPerTenant; s++)
                for (int p = 0; p < TenantTopology.PortsPerSwitch; p++)
                    bindings.Add(($"vif-t{t}-s{s}-p{p}", ChassisName((t + p % 4) % Chassis), moved(p)));
        return bindings;
    }

    private static IEnumerable<HostResult> Measure(string label, string host, LogicalNetwork network, List<RemoteChassis> remotes,
        List<(string Port, string Chassis, bool Moved)> spread, int warmup, int reps, Action<string> log)
    {
        uint ofport = 1;
        var bindings = new List<(string, string, uint?)>(spread.Count);
        foreach (var (port, chassis, here) in spread)
        {
            string on = here ? host : chassis;
            bindings.Add((port, on, on == host ? ofport++ : null));
        }
        var view = HostView.Create(host, remotes.First(r => r.Name == host).EncapIp, remotes, network, bindings);
        // The same host after one binding change: its first VIF moves to another chassis.
        int first = bindings.FindIndex(b => b.Item2 == host);
        var changed = bindings.ToList();
        changed[first] = (changed[first].Item1, host == ChassisName(1) ? ChassisName(2) : ChassisName(1), null);
        var moved = HostView.Create(host, view.EncapIp, remotes, network, changed);

        log($"{label}: {warmup} warm-up (at least {MinWarmUp.TotalSeconds:0} s, and until the JIT is quiet) + {reps} runs, cold then warm");
        if (Environment.GetEnvironmentVariable("OVERLAY_BENCH_ALLOCATIONS") == "1")
        {
            using var listener = new AllocationListener();
            Translator.Translate(view);
            listener.Dump(30, log);
        }
        WarmUp(warmup, _ => Translator.Translate(view));
        var cold = Run(reps, _ => Translator.Translate(view));

        var cache = new TranslationCache();
        WarmUp(warmup, i => Translator.Translate(i % 2 == 0 ? view : moved, null, cache));
        var warm = Run(reps, i => Translator.Translate(i % 2 == 0 ? moved : view, null, cache));

        // Same flows with and without the cache, or the warm figures mean nothing.
        foreach (var (v, name) in new[] { (view, "view"), (moved, "changed view") })
        {
            var a = Translator.Translate(v);
            var b = Translator.Translate(v, null, cache);
            if (!a.Flows.Select(f => f.Flow).SequenceEqual(b.Flows.Select(f => f.Flow)) || !a.Flows.Select(f => f.Origins).SequenceEqual(b.Flows.Select(f => f.Origins))
                || !a.Diagnostics.SequenceEqual(b.Diagnostics))
                throw new InvalidOperationException($"{label}: the cached translation of the {name} differs from the uncached one");
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var result = Translator.Translate(view);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);
        long retained = after - before;
        GC.KeepAlive(cache);
        cache = null;
        long withoutCache = GC.GetTotalMemory(forceFullCollection: true);
        long cacheBytes = after - withoutCache;

        var datapaths = result.Datapaths.ToHashSet();
        int logical = network.Flows.Count(f => datapaths.Contains(f.Datapath));
        int local = (int)ofport - 1;
        yield return new HostResult(label, "cold", local, result.Datapaths.Length, logical, result.Flows.Length, result.Diagnostics.Length,
            cold.Wall, cold.Cpu, cold.GcPause, cold.Allocated, retained, 0);
        yield return new HostResult(label, "warm", local, result.Datapaths.Length, logical, result.Flows.Length, result.Diagnostics.Length,
            warm.Wall, warm.Cpu, warm.GcPause, warm.Allocated, retained, cacheBytes);
    }

    /// <summary>
    /// Warm-up lasts at least this long and until the JIT has gone quiet (<see cref="JitQuiet"/>): it waits for a pause
    /// in new tier-0 work before counting calls, and with both cores translating its background compiles come slowly, so
    /// a fixed few seconds of a 20 ms translation still measured partly unoptimized code (the first host measured took
    /// about 10 s to settle).
    /// </summary>
    private static readonly TimeSpan MinWarmUp = TimeSpan.FromSeconds(6);

    /// <summary>Quiet: fewer than <see cref="QuietMethods"/> methods compiled in this long.</summary>
    private static readonly TimeSpan JitQuiet = TimeSpan.FromSeconds(2);

    private const int QuietMethods = 10;

    /// <summary>The bound on a warm-up that never goes quiet.</summary>
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);

    private static void WarmUp(int runs, Func<int, Translation> translate)
    {
        long start = Stopwatch.GetTimestamp();
        long windowStart = start;
        long windowMethods = JitInfo.GetCompiledMethodCount();
        for (int i = 0; ; i++)
        {
            translate(i);
            long now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(start, now);
            if (elapsed >= MaxWarmUp) return;
            if (Stopwatch.GetElapsedTime(windowStart, now) < JitQuiet) continue;
            long methods = JitInfo.GetCompiledMethodCount();
            bool quiet = methods - windowMethods < QuietMethods;
            if (quiet && i + 1 >= runs && elapsed >= MinWarmUp) return;
            windowStart = now;
            windowMethods = methods;
        }
    }

    private static (Stats Wall, Stats Cpu, Stats GcPause, double Allocated) Run(int reps, Func<int, Translation> translate)
    {
        var wall = new List<double>(reps);
        var pauses = new List<double>(reps);
        var cpu = new List<double>(reps);
        var allocated = new List<double>(reps);
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < reps; i++)
        {
            Settle();
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            long bytes = GC.GetTotalAllocatedBytes(precise: true);
            var paused = GC.GetTotalPauseDuration();
            long start = Stopwatch.GetTimestamp();
            var result = translate(i);
            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            pauses.Add((GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
            allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - bytes);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuStart).TotalMilliseconds);
            GC.KeepAlive(result);
        }
        return (Stats.Of(wall), Stats.Of(cpu), Stats.Of(pauses), Stats.Of(allocated).Median);
    }

    private static string ChassisName(int c) => $"hv{c}";

    private static string EncapIp(int c) => $"10.253.{c >> 8}.{(c & 0xff) + 1}";

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
