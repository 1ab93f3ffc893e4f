namespace Overlay.Ovsdb.Tests.Integration;

/// <summary>
/// <see cref="OvsdbServerFixture"/> plus a userspace (netdev) ovs-vswitchd in a network namespace of its own:
/// only one netdev ovs-vswitchd may run per namespace, and other test projects run theirs concurrently.
/// </summary>
public sealed class OvsSwitchFixture : OvsdbServerFixture
{
    private static int _instances;
    private string? _namespace;

    protected override bool HasSwitch => true;

    public string Namespace => _namespace ?? throw new InvalidOperationException("fixture not started");

    protected override async Task StartMoreAsync()
    {
        string name = $"ovldb-{System.Environment.ProcessId}-{Interlocked.Increment(ref _instances)}";
        OvsTools.Run("ip", ["netns", "add", name]);
        _namespace = name;
        OvsTools.Run("ip", ["-n", name, "link", "set", "lo", "up"]);
        string pidFile = Path.Combine(Dir, "ovs-vswitchd.pid");
        OvsTools.Run(
            "ip",
            [
                "netns", "exec", name, "ovs-vswitchd", Remote,
                "--pidfile=" + pidFile,
                "--log-file=" + Path.Combine(Dir, "ovs-vswitchd.log"),
                "--disable-system", "-vconsole:off", "--detach", "--no-chdir",
            ],
            Environment);
        await OvsTools.WaitUntilAsync(() => File.Exists(pidFile), TimeSpan.FromSeconds(10), "ovs-vswitchd pidfile");
    }

    protected override async Task StopMoreAsync()
    {
        await OvsTools.StopFromPidFileAsync(Path.Combine(Dir, "ovs-vswitchd.pid"), Dir);
        if (_namespace is not null)
        {
            OvsTools.Run("ip", ["netns", "del", _namespace]);
            _namespace = null;
        }
    }
}
