using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Overlay.Benchmarks;

/// <summary>
/// A sampling allocation profile from the runtime's own events (GCAllocationTick, about one per 100 KB allocated),
/// by type: enough to see what a translation allocates without a tracing tool on the machine.
/// Enabled by OVERLAY_BENCH_ALLOCATIONS=1.
/// </summary>
public sealed class AllocationListener : EventListener
{
    private readonly ConcurrentDictionary<string, long> byType = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is null || e.Payload is null) return;
        int type = e.PayloadNames.IndexOf("TypeName");
        int amount = e.PayloadNames.IndexOf("AllocationAmount64");
        string name = type >= 0 ? e.Payload[type] as string ?? "?" : "?";
        long bytes = amount >= 0 ? Convert.ToInt64(e.Payload[amount], CultureInfo.InvariantCulture) : 100_000;
        byType.AddOrUpdate(name, bytes, (_, v) => v + bytes);
    }

    public void Dump(int top, Action<string> log)
    {
        long total = Math.Max(1, byType.Values.Sum());
        foreach (var (name, bytes) in byType.OrderByDescending(kv => kv.Value).Take(top))
            log(string.Create(CultureInfo.InvariantCulture, $"  {bytes * 100.0 / total,5:F1} % {bytes / 1048576.0,8:F1} MiB {name}"));
    }
}
