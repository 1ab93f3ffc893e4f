using System.Diagnostics;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Benchmarks;

/// <summary>What one scale measured. Times in milliseconds, memory in MiB.</summary>
public sealed record ScaleResult(
    int Tenants, int Ports, int Flows, Stats Full, Stats FullCpu, Stats GcAfter, double IncrementalBuildMs, Stats PortChange, Stats AclChange, Stats Snapshot,
    double NetworkMiB, double IncrementalMiB, double PeakWorkingSetMiB);

/// <summary>
/// Full compile, incremental build, one-port and one-ACL incremental updates and snapshot materialization
/// on the tenant topology. Each timed region holds only the compiler call: the NB edits are made before.
/// </summary>
public static class CompileBenchmark
{
    public static ScaleResult Run(int tenants, int warmup, int reps, int changes, Action<string> log)
    {
        var db = TenantTopology.Build(tenants);
        int ports = db.Switches.Values.Sum(s => s.Ports.Count);

        log($"{tenants} tenants: full compile, {warmup} warm-up + {reps} runs");
        for (int i = 0; i < warmup; i++) NorthdCompiler.Compile(db);
        var full = new List<double>(reps);
        var fullCpu = new List<double>(reps);
        var gcAfter = new List<double>(reps);
        int flows = 0;
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < reps; i++)
        {
            Settle();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            var network = NorthdCompiler.Compile(db);
            full.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            process.Refresh();
            fullCpu.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
            flows = network.Flows.Length;
            // What the compile left for the collector (its garbage, and promoting the result): one
            // gen1 collection right after, timed separately so it is not hidden.
            long gcStart = Stopwatch.GetTimestamp();
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            gcAfter.Add(Stopwatch.GetElapsedTime(gcStart).TotalMilliseconds);
            GC.KeepAlive(network);
        }

        double networkMiB = Retained(() => NorthdCompiler.Compile(db), out _);
        log($"{tenants} tenants: incremental build");
        Settle();
        long buildStart = Stopwatch.GetTimestamp();
        var compiler = new IncrementalCompiler(db);
        double buildMs = Stopwatch.GetElapsedTime(buildStart).TotalMilliseconds;
        compiler = null;
        double incrementalMiB = Retained(() => new IncrementalCompiler(db), out var kept);
        compiler = (IncrementalCompiler)kept;

        var rng = new Random(42);
        log($"{tenants} tenants: {changes} one-port changes");
        var portChange = Measure(compiler, ref db, changes, warmup: 200, d => ChangeOnePort(d, tenants, rng));
        log($"{tenants} tenants: {changes} one-ACL changes");
        var aclChange = Measure(compiler, ref db, changes, warmup: 200, d => ToggleOneAcl(d, tenants, rng));

        log($"{tenants} tenants: snapshot after an update");
        var snapshot = new List<double>();
        for (int i = 0; i < Math.Max(3, reps); i++)
        {
            db = ChangeOnePort(db, tenants, rng);
            compiler.Update(db);
            Settle();
            long start = Stopwatch.GetTimestamp();
            _ = compiler.Network;
            snapshot.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        GC.KeepAlive(compiler);
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        return new ScaleResult(tenants, ports, flows, Stats.Of(full), Stats.Of(fullCpu), Stats.Of(gcAfter), buildMs, portChange, aclChange, Stats.Of(snapshot),
            networkMiB, incrementalMiB, peak);
    }

    private static Stats Measure(IncrementalCompiler compiler, ref NbDatabase db, int changes, int warmup, Func<NbDatabase, NbDatabase> change)
    {
        var samples = new List<double>(changes);
        for (int i = 0; i < warmup + changes; i++)
        {
            db = change(db);
            long start = Stopwatch.GetTimestamp();
            var diff = compiler.Update(db);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (diff.Added.Count == 0 && diff.Removed.Count == 0) throw new InvalidOperationException("a change produced no flow difference");
            if (i >= warmup) samples.Add(ms);
        }
        return Stats.Of(samples);
    }

    /// <summary>Gives a random VIF a new IP (its MAC stays), as an NB transaction would.</summary>
    public static NbDatabase ChangeOnePort(NbDatabase db, int tenants, Random rng)
    {
        int t = rng.Next(tenants), s = rng.Next(TenantTopology.SwitchesPerTenant), p = rng.Next(TenantTopology.PortsPerSwitch);
        var sw = db.Switches[$"ls-t{t}-s{s}"];
        var port = sw.Ports[$"vif-t{t}-s{s}-p{p}"];
        var address = $"{TenantTopology.VifMac(t, s, p)} 10.0.{s}.{rng.Next(100, 250)}";
        if (port.Addresses[0] == address) address = $"{TenantTopology.VifMac(t, s, p)} 10.0.{s}.99";
        var changed = port with { Addresses = ValueArray.Create(address) };
        return db with { Revision = db.Revision + 1, Switches = db.Switches.SetItem(sw.Name, sw with { Ports = sw.Ports.SetItem(port.Name, changed) }) };
    }

    /// <summary>Adds an ACL to a random tenant's port group, or removes it if that group has it.</summary>
    public static NbDatabase ToggleOneAcl(NbDatabase db, int tenants, Random rng)
    {
        var pg = db.PortGroups[$"pg_t{rng.Next(tenants)}"];
        var extra = new Acl("to-lport", 1500, $"outport == @{pg.Name} && ip4 && tcp.dst == 8080", "allow");
        var acls = pg.Acls.Items.Contains(extra) ? pg.Acls.Items.Remove(extra) : pg.Acls.Items.Add(extra);
        return db with { Revision = db.Revision + 1, PortGroups = db.PortGroups.SetItem(pg.Name, pg with { Acls = acls }) };
    }

    /// <summary>Managed memory still reachable from what <paramref name="build"/> returns (GC.GetTotalMemory(true) before and after).</summary>
    private static double Retained(Func<object> build, out object kept)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        kept = build();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return (after - before) / 1048576.0;
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
