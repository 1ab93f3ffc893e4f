using System.Globalization;
using System.Text;

namespace Overlay.Benchmarks;

/// <summary>
/// The <c>--name value</c> options of one benchmark mode. <see cref="Parse"/> prints the usage for <c>--help</c>, and
/// names the offending argument for an unknown option, an option without its value, or a value that is not what the
/// option takes: a benchmark started with a typo would otherwise run for minutes with the defaults.
/// </summary>
internal sealed class BenchOptions(string mode, string summary)
{
    private readonly List<(string Name, string Value, string Help, Func<string, string?> Set)> options = [];

    /// <summary>An option taking a whole number of at least <paramref name="min"/>.</summary>
    public BenchOptions Int(string name, int value, int min, string help, Action<int> set) =>
        Add(name, "N", $"{help} (default {value})", text =>
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min)
                return $"{name} takes a whole number of at least {min}, not '{text}'";
            set(n);
            return null;
        });

    /// <summary>An option taking a comma-separated list of whole numbers of at least 1.</summary>
    public BenchOptions Ints(string name, int[] value, string help, Action<int[]> set) =>
        Add(name, "N[,N…]", $"{help} (default {string.Join(',', value)})", text =>
        {
            var parts = text.Split(',');
            var numbers = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < 1)
                    return $"{name} takes whole numbers of at least 1, separated by commas, not '{text}'";
            }
            set(numbers);
            return null;
        });

    /// <summary>An option taking any text (a path).</summary>
    public BenchOptions Text(string name, string placeholder, string help, Action<string> set) =>
        Add(name, placeholder, help, text =>
        {
            set(text);
            return null;
        });

    private BenchOptions Add(string name, string value, string help, Func<string, string?> set)
    {
        options.Add((name, value, help, set));
        return this;
    }

    /// <summary>What <c>--help</c> prints.</summary>
    public string Usage
    {
        get
        {
            var sb = new StringBuilder();
            sb.AppendLine(CultureInfo.InvariantCulture, $"usage: Overlay.Benchmarks {mode} [options]");
            sb.AppendLine();
            sb.AppendLine(summary);
            sb.AppendLine();
            int width = options.Count == 0 ? 0 : options.Max(o => o.Name.Length + o.Value.Length + 1);
            foreach (var (name, value, help, _) in options)
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {(name + " " + value).PadRight(width)}  {help}");
            sb.Append(CultureInfo.InvariantCulture, $"  {"--help".PadRight(width)}  this text");
            return sb.ToString();
        }
    }

    /// <summary>
    /// Applies <paramref name="args"/> (the mode's name already taken off). Null to go on and run; otherwise the exit
    /// code: 0 after printing the usage for <c>--help</c>, 2 after printing what was wrong.
    /// </summary>
    public int? Parse(string[] args, TextWriter output, TextWriter error)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h")
            {
                output.WriteLine(Usage);
                return 0;
            }
            int at = options.FindIndex(o => o.Name == arg);
            string? problem;
            if (at < 0) problem = $"unknown option '{arg}'";
            else if (i + 1 == args.Length) problem = $"{arg} needs a value";
            else problem = options[at].Set(args[++i]);
            if (problem is null) continue;
            error.WriteLine($"{mode}: {problem}");
            error.WriteLine($"(run 'Overlay.Benchmarks {mode} --help' for the options)");
            return 2;
        }
        return null;
    }
}
