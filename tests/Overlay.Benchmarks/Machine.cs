namespace Overlay.Benchmarks;

/// <summary>
/// What the results were measured on, printed with them: the same build's times differ by half between two VMs of
/// one kind (the CPU model behind a vCPU changes), and other work on the machine skews wall-clock times.
/// </summary>
public static class Machine
{
    /// <summary>"2 CPUs (AMD EPYC, family 25 model 17), .NET 10.0.12": the processor as /proc/cpuinfo names it.</summary>
    public static string Describe() => $"{Environment.ProcessorCount} CPUs ({Cpu()}), .NET {Environment.Version}";

    /// <summary>The 1-minute load average, or "n/a" off Linux.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>The first processor's model name, family and model from /proc/cpuinfo ("unknown CPU" off Linux).</summary>
    private static string Cpu()
    {
        if (!File.Exists("/proc/cpuinfo")) return "unknown CPU";
        string? name = null, family = null, model = null;
        foreach (string line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.Length == 0) break; // the end of the first processor's block
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (key == "model name") name = value;
            else if (key == "cpu family") family = value;
            else if (key == "model") model = value;
        }
        return (name ?? "unknown CPU") + (family is null ? "" : $", family {family}") + (model is null ? "" : $" model {model}");
    }
}
