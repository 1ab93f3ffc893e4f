using System.Globalization;
using System.Text;

namespace Overlay.Benchmarks;

/// <summary>Prints results as a Markdown table (pasteable into docs/benchmarks.md).</summary>
public static class ResultTable
{
    public static string Format(IReadOnlyList<ScaleResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| tenants | ports | logical flows | full compile median (min–max) | full compile CPU median | gen1 GC after compile | incremental build | one-port change median / p99 | one-ACL change median / p99 | snapshot median | retained: network / incremental state | peak working set |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Tenants} | {r.Ports:N0} | {r.Flows:N0} | {Ms(r.Full.Median)} ({Ms(r.Full.Min)}–{Ms(r.Full.Max)}) | {Ms(r.FullCpu.Median)} | {Ms(r.GcAfter.Median)} | {Ms(r.IncrementalBuildMs)} ");
            sb.Append(CultureInfo.InvariantCulture,
                $"| {Ms(r.PortChange.Median)} / {Ms(r.PortChange.P99)} | {Ms(r.AclChange.Median)} / {Ms(r.AclChange.P99)} | {Ms(r.Snapshot.Median)} ");
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.NetworkMiB:F0} MiB / {r.IncrementalMiB:F0} MiB | {r.PeakWorkingSetMiB:F0} MiB |");
        }
        return sb.ToString();
    }

    public static string Format(IReadOnlyList<HostResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| host | mode | local VIFs | datapaths | logical flows | OpenFlow flows | Translate median (min–max) | CPU median | GC pause median | allocated | logical flows/s | OpenFlow flows/s | retained | per OpenFlow flow | cache |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Host} | {r.Mode} | {r.LocalPorts:N0} | {r.Datapaths:N0} | {r.LogicalFlows:N0} | {r.OpenFlowFlows:N0} | {Ms(r.Wall.Median)} ({Ms(r.Wall.Min)}–{Ms(r.Wall.Max)}) | {Ms(r.Cpu.Median)} | {(r.GcPause.Median > 0 ? Ms(r.GcPause.Median) : "0")} " +
                $"| {r.AllocatedBytes / 1048576.0:F1} MiB | {r.LogicalPerSecond:N0} | {r.OpenFlowPerSecond:N0} | {r.RetainedBytes / 1048576.0:F1} MiB | {r.BytesPerFlow:F0} B " +
                $"| {(r.CacheBytes > 0 ? (r.CacheBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB" : "–")} |");
        return sb.ToString();
    }

    private static string Ms(double ms) => ms switch
    {
        >= 100 => ms.ToString("F0", CultureInfo.InvariantCulture) + " ms",
        >= 1 => ms.ToString("F1", CultureInfo.InvariantCulture) + " ms",
        _ => (ms * 1000).ToString("F0", CultureInfo.InvariantCulture) + " µs",
    };
}
