using Overlay.Northd.Tests.Support;
using Overlay.TestSupport;

namespace Overlay.Northd.Tests;

public sealed class ProgramTests
{
    private static ProcessRunner.Result Run(params string[] args) =>
        ProcessRunner.Run(NorthdProcess.DotnetHost(), [NorthdProcess.DaemonDll(), .. args], timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public void Help_teaches_the_options_and_settings()
    {
        var r = Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var word in new[] { "--listen", "--data-dir", "--store", "--log-level", "OVERLAY_NORTHD__", "127.0.0.1:6641", "/var/lib/overlay-northd" })
            Assert.Contains(word, r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_exit_2_naming_each_problem_before_touching_the_data_dir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "overlay-northd-never-" + Guid.NewGuid().ToString("n")[..8]);
        var r = ProcessRunner.Run(NorthdProcess.DotnetHost(), [NorthdProcess.DaemonDll(), "--listen", "bogus", "--data-dir", dir],
            new Dictionary<string, string> { ["OVERLAY_NORTHD__SUBSCRIBERQUEUELIMIT"] = "0" }, TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Listen: 'bogus'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("SubscriberQueueLimit", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
        Assert.NotEqual(0, Run("--store", "postgres").ExitCode);
    }
}
