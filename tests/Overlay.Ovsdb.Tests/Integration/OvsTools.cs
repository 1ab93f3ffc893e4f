using System.Diagnostics;
using Overlay.TestSupport;

namespace Overlay.Ovsdb.Tests.Integration;

/// <summary>The real OVS tools (as oracles and to start daemons), through the shared <see cref="Overlay.TestSupport"/> helpers.</summary>
internal static class OvsTools
{
    /// <summary>Makes sure ovsdb-server and friends exist, running the repo's deploy/install-deps.sh once if not.</summary>
    public static void EnsureInstalled() => TestSupport.OvsTools.EnsureInstalled();

    /// <summary>Runs a program to completion (at most <paramref name="timeout"/>) and returns its stdout; throws with stderr on failure.</summary>
    public static string Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        string[] args = [.. arguments];
        return TestSupport.OvsTools.Run(program, args, environment, timeout).EnsureSuccess($"{program} {string.Join(' ', args)}").Stdout;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> at the deadline.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops the daemon named in a pidfile (TERM, then KILL after 5 s) if it is one of ours (its cmdline names <paramref name="ownDir"/>).</summary>
    public static Task StopFromPidFileAsync(string pidFile, string ownDir) =>
        Task.Run(() => Daemons.StopFromPidFile(pidFile, ownDir));
}
