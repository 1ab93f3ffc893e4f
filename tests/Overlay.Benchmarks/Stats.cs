namespace Overlay.Benchmarks;

/// <summary>Order statistics over measured durations (milliseconds).</summary>
public sealed record Stats(int Count, double Median, double P99, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        return new Stats(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.99), sorted[0], sorted[^1]);
    }

    // Nearest-rank quantile: the smallest sample with at least q of the samples at or below it.
    private static double Quantile(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
