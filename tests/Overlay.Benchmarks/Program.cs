using System.Globalization;
using System.Runtime;
using Overlay.Benchmarks;

// Usage: Overlay.Benchmarks MODE [options]; each mode's --help lists its options.
// Run in Release: dotnet run -c Release --project tests/Overlay.Benchmarks -- translate --help
const string Modes = """
    usage: Overlay.Benchmarks MODE [options]

    modes:
      compile     stage 1: the northd compiler on the tenant topology, full and incremental ("bench" is the same)
      translate   stage 2: one host's translation into OpenFlow, cold and warm, for four kinds of host
      parse       the match and action parsers alone, on every distinct text of the topology's flows
      northd      overlay-northd in process with simulated agents: one change until every agent has it

    'Overlay.Benchmarks MODE --help' lists a mode's options.
    """;
if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    (args.Length == 0 ? Console.Error : Console.Out).WriteLine(Modes);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] == "northd") return await Overlay.Benchmarks.Northd.NorthdBenchmark.RunAsync(args[1..]);
if (args[0] == "parse") return ParseBenchmark.Run(args[1..]);
if (args[0] is not ("compile" or "bench" or "translate"))
{
    Console.Error.WriteLine($"unknown mode '{args[0]}'");
    Console.Error.WriteLine(Modes);
    return 2;
}

bool translate = args[0] == "translate";
int[] tenants = translate ? [100] : [100, 500];
int warmup = 3, reps = 10, changes = 2000;
var options = new BenchOptions(args[0], translate
        ? "Translates the tenant topology's logical flows for one host of 100 (given the whole network, and given what\n" +
          "northd sends it), for a host with one VIF on every switch, and for a host with every VIF: each cold (from\n" +
          "scratch) then warm (with the cache of the previous translation, after a binding change). Prints a Markdown\n" +
          "table: times, CPU, allocation, flows per second, retained memory per OpenFlow flow."
        : "Compiles the tenant topology (one router, four switches of 25 VIFs per tenant) in full, then measures\n" +
          "one-port changes on the incremental path. Prints a Markdown table per scale.")
    .Ints("--tenants", tenants, "topology sizes, 100 VIFs per tenant", v => tenants = v)
    .Int("--warmup", warmup, 0, translate ? "runs before measuring (at least 6 s of them, and until the JIT is quiet)" : "runs before measuring", v => warmup = v)
    .Int("--reps", reps, 1, "measured runs; medians are over these", v => reps = v);
if (!translate) options.Int("--changes", changes, 1, "one-port changes measured on the incremental path", v => changes = v);
if (options.Parse(args[1..], Console.Out, Console.Error) is { } exit) return exit;

Console.WriteLine($"# {Machine.Describe()}, server GC {GCSettings.IsServerGC}, " +
    $"concurrent GC {AppContext.GetData("System.GC.Concurrent") ?? "default"}, " +
    $"warm-up {warmup}, repetitions {reps}, changes {changes}, load average {Machine.LoadAverage()}");
if (translate)
{
    foreach (int t in tenants)
    {
        var hosts = TranslateBenchmark.Run(t, warmup, reps, message => Console.Error.WriteLine("  " + message));
        Console.WriteLine($"## {t} tenants, {TranslateBenchmark.Chassis} chassis");
        Console.WriteLine(ResultTable.Format(hosts));
        foreach (var h in hosts.Where(h => h.Diagnostics > 0))
            Console.WriteLine($"# {h.Host}: {h.Diagnostics} diagnostics");
    }
    return 0;
}
var results = new List<ScaleResult>();
foreach (int t in tenants)
    results.Add(CompileBenchmark.Run(t, warmup, reps, changes, message => Console.Error.WriteLine("  " + message)));
Console.WriteLine(ResultTable.Format(results));
return 0;
