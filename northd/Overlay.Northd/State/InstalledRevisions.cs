using System.Collections.Concurrent;

namespace Overlay.Northd.State;

/// <summary>
/// What each chassis last reported installed (in memory only: after a restart agents report again).
/// Serves --wait=hv: a revision is installed everywhere when every chassis in the table reported at least it.
/// </summary>
internal sealed class InstalledRevisions
{
    private readonly ConcurrentDictionary<string, long> installed = new(StringComparer.Ordinal);

    public ChangeSignal Changed { get; } = new();

    public long Of(string chassis) => installed.GetValueOrDefault(chassis);

    public void Report(string chassis, long revision)
    {
        installed.AddOrUpdate(chassis, revision, (_, old) => Math.Max(old, revision));
        Changed.Fire();
    }

    public void Forget(string chassis)
    {
        installed.TryRemove(chassis, out _);
        Changed.Fire();
    }

    /// <summary>The chassis of <paramref name="table"/> that have not installed <paramref name="revision"/>, with what they have.</summary>
    public List<(string Chassis, long Installed)> Lagging(IEnumerable<string> table, long revision)
    {
        var lagging = new List<(string, long)>();
        foreach (var name in table)
        {
            long have = Of(name);
            if (have < revision) lagging.Add((name, have));
        }
        return lagging;
    }
}
