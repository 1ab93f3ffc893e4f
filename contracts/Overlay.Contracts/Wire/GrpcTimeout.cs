using System.Globalization;

namespace Overlay.Contracts.Wire;

/// <summary>The grpc-timeout header: at most 8 ASCII digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    public const string Header = "grpc-timeout";
    private const long MaxValue = 99_999_999;

    public static bool TryParse(string? text, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(text) || text.Length < 2 || text.Length > 9)
            return false;
        var digits = text.AsSpan(0, text.Length - 1);
        foreach (char c in digits)
            if (c is < '0' or > '9')
                return false;
        long value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long? ticks = text[^1] switch
        {
            'H' => value * TimeSpan.TicksPerHour,
            'M' => value * TimeSpan.TicksPerMinute,
            'S' => value * TimeSpan.TicksPerSecond,
            'm' => value * TimeSpan.TicksPerMillisecond,
            'u' => value * TimeSpan.TicksPerMicrosecond,
            'n' => (value + 99) / 100, // round up: a deadline never shrinks to nothing
            _ => null,
        };
        if (ticks is null)
            return false;
        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>The finest unit whose value fits 8 digits, rounded up; zero or negative becomes "1n".</summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout.Ticks <= 0)
            return "1n";
        Int128 nanos = (Int128)timeout.Ticks * 100;
        foreach (var (perUnit, unit) in Units)
        {
            Int128 value = (nanos + perUnit - 1) / perUnit;
            if (value <= MaxValue)
                return ((long)value).ToString(CultureInfo.InvariantCulture) + unit;
        }
        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>A deadline for people, in seconds: "1 s", "0.25 s", "30 s" ("none" for no deadline).</summary>
    public static string Describe(TimeSpan? timeout) =>
        timeout is { } t ? t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "none";

    private static readonly (long NanosPerUnit, char Unit)[] Units =
    [
        (1, 'n'), (1_000, 'u'), (1_000_000, 'm'), (1_000_000_000, 'S'), (60_000_000_000, 'M'), (3_600_000_000_000, 'H'),
    ];
}
