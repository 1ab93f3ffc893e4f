namespace Overlay.TestSupport;

/// <summary>
/// Locates the Open vSwitch tools the tests use as oracles and daemons. If they are missing, runs the
/// repository's deploy/install-deps.sh once and fails clearly if that does not help.
/// </summary>
public static class OvsTools
{
    private static readonly string[] Needed = ["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-ofctl", "ip"];
    private static readonly string[] Dirs = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"];
    private static readonly Lazy<string?> Problem = new(Install);

    public static void EnsureInstalled()
    {
        if (Problem.Value is { } message)
            throw new InvalidOperationException(message);
    }

    /// <summary>The full path of an installed program (an absolute name is returned as is).</summary>
    public static string Find(string name) =>
        TryFind(name) ?? throw new InvalidOperationException($"{name} is not installed; run deploy/install-deps.sh");

    public static string? TryFind(string name) =>
        name.StartsWith('/') ? name : Dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>Runs an installed program by name, with a hard timeout.</summary>
    public static ProcessRunner.Result Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null) =>
        ProcessRunner.Run(Find(program), args, env, timeout);

    private static string? Install()
    {
        if (Needed.All(n => TryFind(n) is not null))
            return null;
        string script = RepoRoot.Combine("deploy", "install-deps.sh");
        if (!File.Exists(script))
            return $"Open vSwitch tools are missing and {script} does not exist";
        ProcessRunner.Result r = ProcessRunner.Run("/bin/bash", [script], timeout: TimeSpan.FromMinutes(10));
        string[] missing = [.. Needed.Where(n => TryFind(n) is null)];
        return missing.Length == 0
            ? null
            : $"Open vSwitch tools missing ({string.Join(", ", missing)}) even after {script} (exit {r.ExitCode}): {r.Stderr.Trim()} {r.Stdout.Trim()}";
    }
}
