using System.Diagnostics;
using Overlay.Agent.Translator;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Benchmarks;

/// <summary>What one host's translation measured. Times in milliseconds, memory in bytes.</summary>
public sealed record HostResult(
    string Host, int LocalPorts, int Datapaths, int LogicalFlows, int OpenFlowFlows, int Diagnostics, Stats Wall, Stats Cpu, long RetainedBytes)
{
    public double LogicalPerSecond => LogicalFlows / (Wall.Median / 1000);

    public double OpenFlowPerSecond => OpenFlowFlows / (Wall.Median / 1000);

    public double BytesPerFlow => (double)RetainedBytes / OpenFlowFlows;
}

/// <summary>
/// Stage 2 on the tenant topology: the VIFs are spread over <see cref="Chassis"/> hosts (port p of a tenant's
/// switch on chassis (tenant + p mod 4) mod 100, so a tenant spans 4 hosts and each host holds 100 VIFs), and
/// <see cref="Translator.Translate"/> runs for one host of them, for a host with one VIF on every switch, and for
/// a host with every VIF. Logical flows counted are those on the datapaths the host translates.
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
            Measure("1 of 100 hosts", ChassisName(0), network, remotes, SpreadBindings(tenants, _ => false), warmup, reps, log),
            Measure("1 VIF on every switch", "hv-every", network, [.. remotes, new RemoteChassis("hv-every", "10.254.0.1")],
                SpreadBindings(tenants, p => p == 0), warmup, reps, log),
            Measure("every VIF", "hv-all", network, [.. remotes, new RemoteChassis("hv-all", "10.254.0.2")],
                SpreadBindings(tenants, _ => true), warmup, reps, log),
        ];
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

    private static HostResult Measure(string label, string host, LogicalNetwork network, List<RemoteChassis> remotes,
        List<(string Port, string Chassis, bool Moved)> spread, int warmup, int reps, Action<string> log)
    {
        uint ofport = 1;
        var bindings = new List<(string, string, uint?)>(spread.Count);
        foreach (var (port, chassis, moved) in spread)
        {
            string on = moved ? host : chassis;
            bindings.Add((port, on, on == host ? ofport++ : null));
        }
        var view = HostView.Create(host, remotes.First(r => r.Name == host).EncapIp, remotes, network, bindings);

        log($"{label}: {warmup} warm-up + {reps} runs");
        for (int i = 0; i < warmup; i++) Translator.Translate(view);
        var wall = new List<double>(reps);
        var cpu = new List<double>(reps);
        var process = Process.GetCurrentProcess();
        Translation? result = null;
        for (int i = 0; i < reps; i++)
        {
            result = null;
            Settle();
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            result = Translator.Translate(view);
            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuStart).TotalMilliseconds);
        }
        result = null;
        long before = GC.GetTotalMemory(forceFullCollection: true);
        result = Translator.Translate(view);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);

        var datapaths = result.Datapaths.ToHashSet();
        int logical = network.Flows.Count(f => datapaths.Contains(f.Datapath));
        return new HostResult(label, (int)ofport - 1, result.Datapaths.Length, logical, result.Flows.Length, result.Diagnostics.Length,
            Stats.Of(wall), Stats.Of(cpu), after - before);
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
