using Overlay.Cli.Commands;
using System.Globalization;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;

namespace Overlay.Cli.Online;

/// <summary>
/// --wait=sb|hv after a committed change. For hv it asks northd in short slices and, while chassis lag,
/// shows which ones on stderr: one line rewritten in place on a terminal, a plain line every few seconds otherwise.
/// </summary>
internal sealed class WaitProgress(NorthdConnection northd, TextWriter error, CliEnvironment env)
{
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    /// <summary>Waits; returns 0, or 1 after printing why (timeout names the lagging chassis; the change stays committed).</summary>
    public async Task<int> WaitAsync(long revision, WaitFor kind, TimeSpan? timeout, CancellationToken ct)
    {
        var time = env.Time;
        long start = time.GetTimestamp();
        TimeSpan? Remaining() => timeout is { } t ? t - time.GetElapsedTime(start) : null;
        if (kind == WaitFor.WaitSb)
        {
            try
            {
                await northd.Client.WaitAsync(new WaitRequest { Revision = revision, Wait = WaitFor.WaitSb }, Remaining(), ct);
                return ExitCodes.Ok;
            }
            catch (RpcException e) when (e.Status == StatusCode.DeadlineExceeded)
            {
                error.WriteLine($"overlay: timed out after {GrpcTimeout.Describe(timeout)} waiting for northd to compile revision {revision} (the change is committed)");
                return ExitCodes.BadInput;
            }
        }

        string shown = "";
        long lastPlain = start;
        bool wroteInPlace = false;
        IReadOnlyList<ChassisStatus> behind = [];
        while (true)
        {
            var remaining = Remaining();
            if (remaining is { } r && r <= TimeSpan.Zero)
            {
                ClearLine(ref wroteInPlace, shown);
                error.WriteLine($"overlay: timed out after {GrpcTimeout.Describe(timeout)} waiting for revision {revision} on every chassis; still behind: " +
                    (behind.Count == 0 ? "(unknown)" : Describe(behind)) + " (the change is committed)");
                return ExitCodes.BadInput;
            }
            var slice = remaining is { } left && left < Slice ? left : Slice;
            try
            {
                await northd.Client.WaitAsync(new WaitRequest { Revision = revision, Wait = WaitFor.WaitHv }, slice, ct);
                ClearLine(ref wroteInPlace, shown);
                return ExitCodes.Ok;
            }
            catch (RpcException e) when (e.Status == StatusCode.DeadlineExceeded)
            {
                // Still waiting: ask who lags (the SB wait for this revision returns at once with every chassis' status).
                // A northd too busy to say within a slice is asked again after the next one.
                if (await StatusAsync(revision, Slice, ct) is not { } status) continue;
                behind = status.Chassis.Where(c => c.InstalledRevision < revision).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
                string line = $"waiting for revision {revision}: {behind.Count} of {status.Chassis.Count} chassis behind: {Describe(behind)}";
                if (env.ErrorIsTerminal)
                {
                    error.Write("\r" + line + (line.Length < shown.Length ? new string(' ', shown.Length - line.Length) : ""));
                    error.Flush();
                    wroteInPlace = true;
                    shown = line;
                }
                else if (line != shown || time.GetElapsedTime(lastPlain) >= PlainEvery)
                {
                    error.WriteLine("overlay: " + line);
                    shown = line;
                    lastPlain = time.GetTimestamp();
                }
            }
        }
    }

    /// <summary>Every chassis' installed revision, or null when northd does not answer within <paramref name="deadline"/>.</summary>
    private async Task<WaitReply?> StatusAsync(long revision, TimeSpan deadline, CancellationToken ct)
    {
        try
        {
            return await northd.Client.WaitAsync(new WaitRequest { Revision = revision, Wait = WaitFor.WaitSb }, deadline, ct);
        }
        catch (RpcException e) when (e.Status == StatusCode.DeadlineExceeded)
        {
            return null;
        }
    }

    public static string Describe(IEnumerable<ChassisStatus> chassis) =>
        string.Join(", ", chassis.Select(c => $"{c.Name} (at {c.InstalledRevision.ToString(CultureInfo.InvariantCulture)}{(c.Connected ? "" : ", disconnected")})"));

    private void ClearLine(ref bool wroteInPlace, string shown)
    {
        if (!wroteInPlace) return;
        error.Write("\r" + new string(' ', shown.Length) + "\r");
        wroteInPlace = false;
    }
}
