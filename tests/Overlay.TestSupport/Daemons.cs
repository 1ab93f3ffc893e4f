using System.Diagnostics;
using System.Globalization;

namespace Overlay.TestSupport;

/// <summary>Stops detached daemons by the PID in their pidfile, and only ones that are ours.</summary>
public static class Daemons
{
    /// <summary>
    /// TERM, then KILL after 5 s, the daemon named in <paramref name="pidFile"/> if its command line names
    /// <paramref name="ownDir"/> (a PID reused by someone else's process is left alone). Removes the pidfile.
    /// </summary>
    public static void StopFromPidFile(string pidFile, string ownDir)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) || pid <= 1)
            return;
        if (!ReadProc(pid, "cmdline").Contains(ownDir, StringComparison.Ordinal))
            return;
        string id = pid.ToString(CultureInfo.InvariantCulture);
        ProcessRunner.Run("/bin/kill", ["-TERM", id]);
        if (!WaitGone(pid, TimeSpan.FromSeconds(5)))
        {
            ProcessRunner.Run("/bin/kill", ["-KILL", id]);
            WaitGone(pid, TimeSpan.FromSeconds(5));
        }

        File.Delete(pidFile);
    }

    /// <summary>Detached daemons are not our children: a zombie (state Z) counts as stopped.</summary>
    public static bool IsGone(int pid)
    {
        string stat = ReadProc(pid, "stat");
        int close = stat.LastIndexOf(')');
        return stat.Length == 0 || (close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z');
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> at the deadline.</summary>
    public static void WaitFor(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"{what} did not appear within {limit.TotalSeconds:0} s");
            Thread.Sleep(20);
        }
    }

    private static bool WaitGone(int pid, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (IsGone(pid))
                return true;
            Thread.Sleep(20);
        }

        return false;
    }

    private static string ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
