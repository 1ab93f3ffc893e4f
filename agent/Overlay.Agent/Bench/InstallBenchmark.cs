using System.Diagnostics;
using System.Globalization;
using Overlay.Agent.Sync;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.Agent.Bench;

/// <summary>
/// <c>overlay-agent bench</c>: against a real switch, installs N flows with the agent's path (flow set →
/// diff → one atomic bundle → barrier) and the same flows with <c>ovs-ofctl --bundle add-flows</c>, in
/// alternating rounds, then measures a one-flow change on the full table. Prints a Markdown table.
/// </summary>
public static class InstallBenchmark
{
    public static async Task<int> RunAsync(string target, int count, int rounds, string ofctl, TextWriter output, CancellationToken ct)
    {
        FlowEntry[] flows = Generate(count);
        string file = Path.Combine(Path.GetTempPath(), $"overlay-bench-{Environment.ProcessId}.flows");
        await File.WriteAllLinesAsync(file, flows.Select(f => f.ToString()), ct);
        var options = new OpenFlowConnectionOptions { RequestTimeout = TimeSpan.FromMinutes(10) };
        await using OpenFlowConnection of = await OpenFlowConnection.ConnectAsync(target, options, ct);
        var ours = new List<Sample>();
        var theirs = new List<Sample>();
        try
        {
            // Warm-up (JIT, connection buffers) so the rounds measure steady state.
            await ClearAsync(of, ct);
            await InstallOursAsync(of, Generate(Math.Min(count, 5000)), ct);
            for (int r = 0; r < rounds; r++)
            {
                await ClearAsync(of, ct);
                ours.Add(await InstallOursAsync(of, flows, ct));
                await ExpectCountAsync(of, count, "agent", ct);
                await ClearAsync(of, ct);
                theirs.Add(InstallWithOfctl(ofctl, target, file));
                await ExpectCountAsync(of, count, "ovs-ofctl", ct);
            }

            await ClearAsync(of, ct);
            var sync = new FlowSynchronizer(of);
            await sync.ReadInstalledAsync(ct);
            FlowEntry[] current = [.. flows];
            await sync.ApplyAsync(FlowSet.Of(current), ct);
            var changes = new List<double>();
            for (int i = 0; i < 20; i++)
            {
                int at = (i * 7919) % count;
                current[at] = current[at] with { Actions = ActionList.Of(SetFieldAction.Create(OfFields.Reg(15), (ulong)(i + 1)), ResubmitAction.ToTable(38)) };
                long start = Stopwatch.GetTimestamp();
                SyncOutcome outcome = await sync.ApplyAsync(FlowSet.Of(current), ct);
                changes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!outcome.Committed || outcome.Diff.Count != 1)
                    throw new InvalidOperationException($"one-flow change was not one flow mod: {outcome.Diff}, committed={outcome.Committed}");
            }

            await ClearAsync(of, ct);
            string endToEnd = await ViewChangeBenchmark.RunAsync(of, count, 5, ct);
            await ClearAsync(of, ct);
            string delta = await SouthboundDeltaBenchmark.RunAsync(of, count, 10, ct);
            await ClearAsync(of, ct);
            output.Write(Report(count, ours, theirs, changes));
            output.Write(endToEnd);
            output.Write(delta);
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Flows shaped like the translator's: metadata + register + L4 match, register writes and a resubmit.</summary>
    public static FlowEntry[] Generate(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new FlowEntry(
            (byte)(8 + (i % 20)), (ushort)(100 + (i % 7)), 0x1000_0000UL + (ulong)i,
            Match.Builder().Metadata((ulong)(i % 50) + 1).Reg(14, (uint)i).Tcp().TcpDst((ushort)(i % 1000)).Build(),
            ActionList.Of(SetFieldAction.Load(OfFields.Reg(10), 1, 0, 1), SetFieldAction.Create(OfFields.Reg(15), (ulong)i), ResubmitAction.ToTable(37)))),
    ];

    private sealed record Sample(double WallMs, double CpuMs);

    private static async Task<Sample> InstallOursAsync(OpenFlowConnection of, FlowEntry[] flows, CancellationToken ct)
    {
        var sync = new FlowSynchronizer(of);
        await sync.ReadInstalledAsync(ct); // Empty: what a fresh session knows before installing.
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        SyncOutcome outcome = await sync.ApplyAsync(FlowSet.Of(flows), ct);
        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        if (!outcome.Committed)
            throw new InvalidOperationException("bundle refused: " + outcome.Bundle);
        return new Sample(wall, cpuMs);
    }

    private static Sample InstallWithOfctl(string ofctl, string target, string file)
    {
        var psi = new ProcessStartInfo(ofctl) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "-O", "OpenFlow15", "--bundle", "add-flows", target, file })
            psi.ArgumentList.Add(a);
        double childCpu = ChildrenCpuMs();
        long start = Stopwatch.GetTimestamp();
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {ofctl}");
        string err = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill();
            throw new TimeoutException("ovs-ofctl add-flows took more than 10 minutes");
        }

        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"ovs-ofctl failed ({p.ExitCode}): {err}");
        return new Sample(wall, ChildrenCpuMs() - childCpu);
    }

    /// <summary>CPU time of reaped child processes (<c>/proc/self/stat</c> cutime + cstime, in clock ticks of 10 ms).</summary>
    private static double ChildrenCpuMs()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14.
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static async Task ClearAsync(OpenFlowConnection of, CancellationToken ct) => await of.FlowModAsync(FlowMod.Delete(), ct);

    private static async Task ExpectCountAsync(OpenFlowConnection of, int count, string who, CancellationToken ct)
    {
        int installed = (await of.DumpFlowsAsync(cancellationToken: ct)).Count;
        if (installed != count)
            throw new InvalidOperationException($"{who}: {installed} flows on the switch, expected {count}");
    }

    private static string Report(int count, List<Sample> ours, List<Sample> theirs, List<double> changes)
    {
        static double Median(IEnumerable<double> xs)
        {
            double[] s = [.. xs.Order()];
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        }

        double[] sorted = [.. changes.Order()];
        double p95 = sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.95 * sorted.Length) - 1)];
        string Row(string name, List<Sample> s, string cpuNote) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(s.Select(x => x.WallMs)):0} | {string.Join(" / ", s.Select(x => x.WallMs.ToString("0", CultureInfo.InvariantCulture)))} | {Median(s.Select(x => x.CpuMs)):0} ({cpuNote}{100 * Median(s.Select(x => x.CpuMs)) / Median(s.Select(x => x.WallMs)):0.0} % of wall) | {count / (Median(s.Select(x => x.WallMs)) / 1000):0} |\n");
        return string.Create(CultureInfo.InvariantCulture, $"""
            | install {count} flows | median wall ms | rounds (ms) | client CPU ms | flows/s |
            | --- | ---: | --- | ---: | ---: |

            """) + Row("overlay-agent (diff → 1 atomic bundle → barrier)", ours, "agent ") + Row("ovs-ofctl --bundle add-flows", theirs, "ovs-ofctl ")
            + string.Create(CultureInfo.InvariantCulture, $"""

            One-flow change on the {count}-flow table (flow set → diff → 1-flow bundle → barrier), {changes.Count} runs: median {Median(changes):0.0} ms, p95 {p95:0.0} ms, max {sorted[^1]:0.0} ms.

            """);
    }
}
