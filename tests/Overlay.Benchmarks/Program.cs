using System.Globalization;
using System.Runtime;
using Overlay.Benchmarks;

// Usage: compile [--tenants 100,500] [--warmup 3] [--reps 10] [--changes 2000]
// ("bench" is the same command). Run in Release: dotnet run -c Release --project tests/Overlay.Benchmarks -- compile
if (args.Length == 0 || args[0] is not ("compile" or "bench"))
{
    Console.Error.WriteLine("usage: compile [--tenants 100,500] [--warmup N] [--reps N] [--changes N]");
    return 2;
}

int[] tenants = [100, 500];
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
var results = new List<ScaleResult>();
foreach (int t in tenants)
    results.Add(CompileBenchmark.Run(t, warmup, reps, changes, message => Console.Error.WriteLine("  " + message)));
Console.WriteLine(ResultTable.Format(results));
return 0;

// Other work on the machine skews wall-clock times: print the 1-minute load average with the results.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
