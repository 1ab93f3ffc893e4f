using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Agent.Configuration;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.Ovs;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Ovsdb;
using Overlay.Ovsdb.OpenVSwitch;

namespace Overlay.Agent.Services;

/// <summary>
/// The OVSDB loop: ensures the integration bridge (<c>fail_mode=secure</c>, OpenFlow15, the datapath type,
/// <c>disable-in-band</c>), monitors this host's identity keys, VIFs and tunnel ports and publishes them,
/// and keeps one Geneve port per remote chassis, removing stale ones it made once the flows no longer use
/// them. Reconnects with backoff; a lost OVSDB never touches the flows.
/// </summary>
public sealed class OvsdbService(
    AgentState state, IOptions<AgentOptions> options, TimeProvider time, ILogger<OvsdbService> logger) : BackgroundService
{
    private readonly AgentOptions _options = options.Value;
    private LocalOvsState _published = LocalOvsState.NotLive;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.UsesOvsdb)
            return;
        var backoff = new Backoff(_options.ReconnectMin, _options.ReconnectMax);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using OvsdbClient client = await OvsdbClient.ConnectAsync(_options.Ovsdb, new OvsdbClientOptions { TimeProvider = time }, stoppingToken).ConfigureAwait(false);
                AgentLog.OvsdbConnected(logger, _options.Ovsdb);
                await RunSessionAsync(client, backoff, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                TimeSpan delay = backoff.Next();
                AgentLog.OvsdbUnavailable(logger, _options.Ovsdb, e.Message, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task RunSessionAsync(OvsdbClient client, Backoff backoff, CancellationToken stop)
    {
        var db = new OpenVSwitchDatabase(client);
        await EnsureBridgeAsync(db, stop).ConfigureAwait(false);
        await using OvsdbMonitor monitor = await client.MonitorAsync(OpenVSwitchDatabase.DatabaseName, OvsRows.Monitors, stop).ConfigureAwait(false);
        var rows = new OvsRows();
        rows.Apply(monitor.Initial);
        Publish(rows.Snapshot());
        backoff.Reset();

        DateTimeOffset nextCheck = time.GetUtcNow() + _options.AuditInterval;
        while (true)
        {
            (DesiredState? _, long desiredVersion) = state.Desired.Read();
            (SwitchStatus _, long switchVersion) = state.Switch.Read();
            await ReconcileTunnelsAsync(db, stop).ConfigureAwait(false);

            TimeSpan untilCheck = nextCheck - time.GetUtcNow();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            Task check = Task.Delay(untilCheck > TimeSpan.Zero ? untilCheck : TimeSpan.Zero, time, wait.Token);
            Task<bool> updates = monitor.Updates.WaitToReadAsync(wait.Token).AsTask();
            Task woke = await Task.WhenAny(updates, state.Desired.ChangedSince(desiredVersion), state.Switch.ChangedSince(switchVersion), client.Completion, check).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
            if (woke == client.Completion)
                await client.Completion.ConfigureAwait(false); // Throws the reason.
            if (woke == updates && !await updates.ConfigureAwait(false))
                throw new OvsdbConnectionClosedException("the monitor ended");
            while (monitor.Updates.TryRead(out TableUpdates? batch))
                rows.Apply(batch);
            Publish(rows.Snapshot());
            if (woke == check)
            {
                await EnsureBridgeAsync(db, stop).ConfigureAwait(false);
                nextCheck = time.GetUtcNow() + _options.AuditInterval;
            }
        }
    }

    private async Task EnsureBridgeAsync(OpenVSwitchDatabase db, CancellationToken stop)
    {
        var settings = new BridgeSettings(_options.Bridge) { DatapathType = _options.DatapathType };
        BridgeEnsureResult r = await db.EnsureBridgeAsync(settings, stop).ConfigureAwait(false);
        if (r.Created || r.Updated)
            AgentLog.BridgeEnsured(logger, _options.Bridge, r.Created, r.Updated);
    }

    private async Task ReconcileTunnelsAsync(OpenVSwitchDatabase db, CancellationToken stop)
    {
        DesiredState? desired = state.Desired.Value;
        if (desired is null)
            return; // No view yet: leave every port alone.
        var ports = await db.GetPortsAsync(_options.Bridge, stop).ConfigureAwait(false);
        bool flowsMovedOn = state.Switch.Value.InstalledGeneration >= desired.Generation;
        TunnelPlan plan = TunnelPlanner.Plan(_options.Bridge, desired.Tunnels, ports, mayRemove: flowsMovedOn);
        foreach (GeneveTunnelSpec spec in plan.Ensure)
        {
            TunnelEnsureResult result = await db.EnsureGeneveTunnelAsync(spec, stop).ConfigureAwait(false);
            AgentLog.TunnelEnsured(logger, spec.PortName, spec.ExternalIds[OvsRows.TunnelChassisKey], spec.RemoteIp, result.ToString().ToLowerInvariant());
        }

        foreach (OvsPort port in plan.Remove)
        {
            if (await db.RemovePortAsync(_options.Bridge, port.Name, stop).ConfigureAwait(false))
                AgentLog.TunnelRemoved(logger, port.Name, port.ExternalIds[OvsRows.TunnelChassisKey]);
        }
    }

    private void Publish(LocalOvsState now)
    {
        if (now.SameAs(_published))
            return;
        if (now.Identity is { } id && id != _published.Identity)
            AgentLog.IdentityFromOvsdb(logger, id.Chassis, id.EncapIp);
        if (!now.Vifs.SequenceEqual(_published.Vifs))
            AgentLog.VifsChanged(logger, string.Join(", ", now.Vifs.Select(v => $"{v.Key}@{(v.Value is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}")));
        _published = now;
        state.Ovs.Set(now);
    }
}
