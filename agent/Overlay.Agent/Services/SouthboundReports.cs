using System.Collections.Immutable;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.Ovs;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;

namespace Overlay.Agent.Services;

// What the agent tells northd, while subscribed: the local VIF set when it changes, and each revision once br-int
// holds its flows. Both are plain "latest value" reports, so a failed one is simply sent again later.
public sealed partial class SouthboundService
{
    /// <summary>Reports the VIF set (OVSDB's iface-ids) once it has been still for the debounce delay and differs from the last report.</summary>
    private async Task ReportBindingsLoopAsync(SouthboundClient client, CancellationToken stop)
    {
        var backoff = new Backoff(_options.ReconnectMin, _options.ReconnectMax);
        while (!stop.IsCancellationRequested)
        {
            (LocalOvsState ovs, long ovsVersion) = state.Ovs.Read();
            (SouthboundStatus sb, long sbVersion) = state.Southbound.Read();
            ImmutableArray<string> vifs = [.. ovs.Vifs.Keys];
            string portNumbers = PortNumbersKey(ovs);
            if (ovs.Live && sb.Connected && _identity is { } id
                && (sb.ReportedBindings.IsDefault || !vifs.SequenceEqual(sb.ReportedBindings) || portNumbers != sb.ReportedPortNumbers))
            {
                if (!await DelayAsync(_options.BindingReportDelay, stop).ConfigureAwait(false))
                    return;
                if (!state.Ovs.Value.Vifs.Keys.SequenceEqual(vifs) || PortNumbersKey(state.Ovs.Value) != portNumbers)
                    continue; // Still changing: wait for it to settle.
                try
                {
                    var report = new BindingReport { Chassis = id.Chassis, EncapIp = id.EncapIp };
                    report.IfaceIds.AddRange(vifs);
                    AddPortNumbers(ovs, report.VifOfports, report.TunnelOfports);
                    await client.ReportBindingsAsync(report, _options.NorthdRequestTimeout, stop).ConfigureAwait(false);
                    state.Southbound.Update(s => s with { ReportedBindings = vifs, ReportedPortNumbers = portNumbers });
                    AgentLog.BindingsReported(logger, vifs.IsEmpty ? "(none)" : string.Join(", ", vifs));
                    backoff.Reset();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    TimeSpan delay = backoff.Next();
                    AgentLog.ReportFailed(logger, "bindings", Reason(e), delay);
                    if (!await DelayAsync(delay, stop).ConfigureAwait(false))
                        return;
                }

                continue;
            }

            if (!await WhenChangedAsync(state.Ovs.ChangedSince(ovsVersion), state.Southbound.ChangedSince(sbVersion), stop).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>
    /// Reports the newest revision whose flows are barrier-confirmed on the bridge. Updates that changed nothing here
    /// move the held revision without a new generation; once the last published content is installed, the revision
    /// held is installed too.
    /// </summary>
    private async Task ReportInstalledLoopAsync(SouthboundClient client, CancellationToken stop)
    {
        var backoff = new Backoff(_options.ReconnectMin, _options.ReconnectMax);
        while (!stop.IsCancellationRequested)
        {
            (SwitchStatus sw, long swVersion) = state.Switch.Read();
            (SouthboundStatus sb, long sbVersion) = state.Southbound.Read();
            // Installed revisions only grow with what northd sent; one above the revision held comes from before a
            // northd whose history restarted (a cached view), and says nothing about its revisions.
            long target = sb.PublishedRevision > 0 && sw.InstalledRevision == sb.PublishedRevision
                ? sb.Revision
                : sw.InstalledRevision <= sb.Revision ? sw.InstalledRevision : 0;
            metrics.RevisionLag(Math.Max(0, sb.Revision - Math.Max(target, sb.ReportedInstalled)));
            if (sb.Connected && _identity is { } id && target > sb.ReportedInstalled)
            {
                try
                {
                    await client.ReportInstalledAsync(new InstalledReport { Chassis = id.Chassis, Revision = target }, _options.NorthdRequestTimeout, stop).ConfigureAwait(false);
                    state.Southbound.Update(s => s with { ReportedInstalled = Math.Max(s.ReportedInstalled, target) });
                    AgentLog.InstalledReported(logger, target);
                    RecordLag(target);
                    backoff.Reset();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    TimeSpan delay = backoff.Next();
                    AgentLog.ReportFailed(logger, $"installed revision {target}", Reason(e), delay);
                    if (!await DelayAsync(delay, stop).ConfigureAwait(false))
                        return;
                }

                continue;
            }

            if (!await WhenChangedAsync(state.Switch.ChangedSince(swVersion), state.Southbound.ChangedSince(sbVersion), stop).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>Receipt → installed report time of <paramref name="revision"/>; older revisions are covered by it.</summary>
    private void RecordLag(long revision)
    {
        long? receivedAt = null;
        lock (_receivedAt)
        {
            foreach (long r in _receivedAt.Keys.Where(r => r <= revision).ToList())
            {
                if (r == revision)
                    receivedAt = _receivedAt[r];
                _receivedAt.Remove(r);
            }
        }

        if (receivedAt is { } t)
            metrics.RevisionInstalled(time.GetElapsedTime(t));
    }

    /// <summary>The OpenFlow numbers of local VIFs and tunnel ports that have one, for `overlay flows --chassis`.</summary>
    private static void AddPortNumbers(LocalOvsState ovs, IDictionary<string, uint> vifs, IDictionary<string, uint> tunnels)
    {
        if (!ovs.Live)
            return;
        foreach (var (port, ofport) in ovs.Vifs)
            if (ofport is { } n) vifs[port] = n;
        foreach (var (chassis, ofport) in ovs.TunnelOfPorts)
            if (ofport is { } n) tunnels[chassis] = n;
    }

    /// <summary>A comparable summary of <see cref="AddPortNumbers"/>'s content (reports are sent when it changes).</summary>
    private static string PortNumbersKey(LocalOvsState ovs) =>
        !ovs.Live ? "" : string.Join(",", ovs.Vifs.Select(v => $"{v.Key}={v.Value}")) + "|" + string.Join(",", ovs.TunnelOfPorts.Select(t => $"{t.Key}={t.Value}"));

    private static string Reason(Exception e) => e is RpcException rpc ? $"{rpc.Status}: {rpc.Detail}" : e.Message;

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, time, stop).ConfigureAwait(false);
            return !stop.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> WhenChangedAsync(Task a, Task b, CancellationToken stop)
    {
        try
        {
            await Task.WhenAny(a, b).WaitAsync(stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
