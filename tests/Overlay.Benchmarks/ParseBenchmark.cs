using System.Diagnostics;
using System.Globalization;
using System.Text;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;

namespace Overlay.Benchmarks;

/// <summary>
/// Parse-only micro-measure: every distinct match and action text of the tenant topology's logical flows, parsed and
/// checked (<see cref="LogicalSyntax.ParseMatch"/> / <see cref="LogicalSyntax.ParseActions"/>) on one thread, N
/// times; reports ns and allocated bytes per parse. <c>--dump FILE</c> also writes every result, plus those of
/// deterministic truncations and corruptions of each text (to cover error messages and columns), so two builds can
/// be compared with diff.
/// Options: <c>parse --help</c>.
/// </summary>
public static class ParseBenchmark
{
    public static int Run(string[] args)
    {
        int tenants = 100, warmup = 2, reps = 5;
        string? dump = null;
        var options = new BenchOptions("parse",
                "Parses every distinct match and action text of the tenant topology's logical flows on one thread, and\n" +
                "prints ns and allocated bytes per parse.")
            .Int("--tenants", tenants, 1, "topology size, 100 VIFs per tenant", v => tenants = v)
            .Int("--warmup", warmup, 0, "passes over the texts before measuring", v => warmup = v)
            .Int("--reps", reps, 1, "measured passes", v => reps = v)
            .Text("--dump", "FILE", "also write every parse result (and those of truncated and corrupted texts) to FILE, to diff two builds",
                v => dump = v);
        if (options.Parse(args, Console.Out, Console.Error) is { } exit) return exit;

        var network = NorthdCompiler.Compile(TenantTopology.Build(tenants));
        var matches = network.Flows.Select(f => f.Match).Distinct(StringComparer.Ordinal).ToArray();
        var actions = network.Flows.Select(f => f.Actions).Distinct(StringComparer.Ordinal).ToArray();
        Console.WriteLine($"# {tenants} tenants: {network.Flows.Length:N0} logical flows, {matches.Length:N0} distinct matches, " +
            $"{actions.Length:N0} distinct action lists, {Machine.Describe()}, load average {Machine.LoadAverage()}");

        if (dump is not null) Dump(dump, matches, actions);

        Console.WriteLine("| text | parses per rep | ns per parse median (min–max) | bytes per parse |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Measure("match", matches, static t => LogicalSyntax.ParseMatch(t).Ok, warmup, reps);
        Measure("actions", actions, static t => LogicalSyntax.ParseActions(t).Ok, warmup, reps);
        return 0;
    }

    private static void Measure(string name, string[] texts, Func<string, bool> parse, int warmup, int reps)
    {
        var ns = new List<double>();
        double bytes = 0;
        for (int r = 0; r < warmup + reps; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            int failed = 0;
            foreach (var t in texts)
                if (!parse(t)) failed++;
            sw.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (failed > 0) throw new InvalidOperationException($"{failed} {name} texts failed to parse");
            if (r < warmup) continue;
            ns.Add(sw.Elapsed.TotalNanoseconds / texts.Length);
            bytes = (double)allocated / texts.Length;
        }
        ns.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {texts.Length:N0} | {ns[ns.Count / 2]:F0} ({ns[0]:F0}–{ns[^1]:F0}) | {bytes:F0} |"));
    }

    private static void Dump(string path, string[] matches, string[] actions)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (var t in Variants(matches))
        {
            var r = LogicalSyntax.ParseMatch(t);
            w.WriteLine("M " + t.ReplaceLineEndings(" ") + " => " + (r.Ok ? Formatter.Format(r.Value!) : r.Error!.ToString()));
        }
        foreach (var t in Variants(actions))
        {
            var r = LogicalSyntax.ParseActions(t);
            w.WriteLine("A " + t.ReplaceLineEndings(" ") + " => " + (r.Ok ? string.Join(" ", r.Value!.Select(a => Formatter.Format(a) + ";")) : r.Error!.ToString()));
        }
    }

    // Each text, plus a few truncations and single-character corruptions at positions fixed by a seeded generator.
    private static IEnumerable<string> Variants(string[] texts)
    {
        var rng = new Random(20261121);
        const string junk = "&|-\"$@{}[]()!=<>.:/*0x9ag;,";
        foreach (var t in texts)
        {
            yield return t;
            if (t.Length == 0) continue;
            for (int k = 0; k < 3; k++)
            {
                int at = rng.Next(t.Length);
                yield return t[..at];
                yield return t[..at] + junk[rng.Next(junk.Length)] + t[(at + 1)..];
            }
        }
    }
}
