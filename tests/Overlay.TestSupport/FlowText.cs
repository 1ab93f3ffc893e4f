using System.Text.RegularExpressions;

namespace Overlay.TestSupport;

/// <summary>ovs-ofctl dump-flows lines without what changes by itself (counters, ages), for comparing flow sets.</summary>
public static partial class FlowText
{
    /// <summary>Drops duration, n_packets, n_bytes, idle_age and hard_age and trims; other fields stay in order.</summary>
    public static string Normalize(string line) => Spaces().Replace(Volatile().Replace(line, ""), " ").Trim();

    /// <summary>Flow lines only (no reply header, no annotation), normalized and sorted.</summary>
    public static string[] NormalizeAll(IEnumerable<string> lines) =>
        [.. lines.Select(l => l.Trim()).Where(l => l.Contains("actions=", StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(Normalize).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\b(duration=[0-9.]+s|n_packets=\d+|n_bytes=\d+|idle_age=\d+|hard_age=\d+),\s*")]
    private static partial Regex Volatile();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
