using System.Globalization;
using System.Runtime;
using Overlay.Benchmarks;

// Usage: compile [--tenants 100,500] [--warmup 3] [--reps 10] [--changes 2000]
//        translate [--tenants 100] [--warmup 3] [--reps 10]
// ("bench" is the same as compile). Run in Release: dotnet run -c Release --project tests/Overlay.Benchmarks -- compile
if (args.Length > 0 && args[0] == "northd") return await Overlay.Benchmarks.Northd.NorthdBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "parse") return ParseBenchmark.Run(args[1..]);
if (args.Length == 0 || args[0] is not ("compile" or "bench" or "translate"))
{
    Console.Error.WriteLine("usage: compile [--tenants 100,500] [--warmup N] [--reps N] [--changes N]");
    Console.Error.WriteLine("       translate [--tenants 100] [--warmup N] [--reps N]");
    return 2;
}

bool translate = args[0] == "translate";
int[] tenants = translate ? [100] : [100, 500];
int warmup = 3, reps = 10, changes = 2000;
for (int i = 1; i + 1 < args.Length; i += 2)
{
    string value = args[i + 1];
    switch (args[i])
    {
        case "--tenants": tenants = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--warmup": warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--reps": reps = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--changes": changes = int.Parse(value, CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

Console.WriteLine($"# {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, server GC {GCSettings.IsServerGC}, " +
    $"concurrent GC {AppContext.GetData("System.GC.Concurrent") ?? "default"}, " +
    $"warm-up {warmup}, repetitions {reps}, changes {changes}, load average {LoadAverage()}");
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

// Other work on the machine skews wall-clock times: print the 1-minute load average with the results.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
