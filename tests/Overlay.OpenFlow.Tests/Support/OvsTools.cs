namespace Overlay.OpenFlow.Tests.Support;

/// <summary>
/// Locates the Open vSwitch tools the tests use as oracles and daemons. If they are
/// missing, runs the repository's deploy/install-deps.sh once and fails clearly if that
/// does not help.
/// </summary>
internal static class OvsTools
{
    private static readonly Lazy<string?> Problem = new(Install);

    public static string OvsOfctl => "/usr/bin/ovs-ofctl";

    public static void EnsureInstalled()
    {
        if (Problem.Value is { } message)
        {
            throw new InvalidOperationException(message);
        }
    }

    public static string Find(string name)
    {
        foreach (string dir in new[] { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin" })
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"{name} is not installed; run deploy/install-deps.sh");
    }

    public static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Overlay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Overlay.sln above {AppContext.BaseDirectory}");
    }

    private static bool Present() =>
        new[] { "ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-ofctl", "ip" }
            .All(n => { try { Find(n); return true; } catch (InvalidOperationException) { return false; } });

    private static string? Install()
    {
        if (Present())
        {
            return null;
        }

        string script = Path.Combine(RepoRoot(), "deploy", "install-deps.sh");
        if (!File.Exists(script))
        {
            return $"Open vSwitch tools are missing and {script} does not exist";
        }

        ProcessRunner.Result r = ProcessRunner.Run("/bin/bash", [script], timeout: TimeSpan.FromMinutes(10));
        return Present()
            ? null
            : $"Open vSwitch is still missing after {script} (exit {r.ExitCode}): {r.Stderr.Trim()} {r.Stdout.Trim()}";
    }
}
