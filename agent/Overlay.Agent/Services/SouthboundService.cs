using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Agent.Configuration;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.Ovs;
using Overlay.Agent.Southbound;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Agent.View;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Logical;

namespace Overlay.Agent.Services;

/// <summary>
/// The view source with <c>--northd</c>: subscribes to this chassis' Southbound view (name and encap IP, local VIFs'
/// iface-ids, the revision held), keeps a <see cref="SouthboundReplica"/> of what northd sent and publishes it as
/// the view; the planner and the OpenFlow loop do the rest. The replica and its revision go to
/// <c>CACHE_DIR/southbound.json</c> after each update (atomically); at start the composed cache
/// (<c>view.json</c>, which has the OpenFlow port numbers) is installed at once, so a northd that is down changes
/// nothing. Stream end, errors and a missed heartbeat reconnect with backoff and resubscribe from the revision
/// held; a malformed update drops the subscription and resubscribes for a full resync. Alongside, the VIF set is
/// reported when it changes and each revision once its flows are barrier-confirmed on the bridge.
/// </summary>
public sealed partial class SouthboundService(
    AgentState state, IOptions<AgentOptions> options, AgentMetrics metrics, TimeProvider time, ILogger<SouthboundService> logger) : BackgroundService
{
    private readonly AgentOptions _options = options.Value;
    private readonly ViewCache _viewCache = new(options.Value.CacheDir);
    private readonly ViewCache _replicaCache = new(options.Value.CacheDir, ViewCache.SouthboundFileName);
    private CacheWriter? _replicaWriter;
    private readonly Dictionary<long, long> _receivedAt = [];
    private SouthboundReplica _replica = new();
    private string? _replicaChassis;
    private volatile ChassisIdentity? _identity;
    private bool _published;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Northd is null)
            return;
        var address = new Uri(_options.Northd);
        LoadCaches();
        // A full update of a big network is one message: allow well beyond the 64 MiB default.
        using var channel = new GrpcChannel(address, maxReceiveMessageSize: 512 << 20);
        var client = new SouthboundClient(channel);
        _replicaWriter = new CacheWriter(_replicaCache, logger);
        Task saving = Task.Run(_replicaWriter.RunAsync, CancellationToken.None);
        Task bindings = ReportBindingsLoopAsync(client, stoppingToken);
        Task installed = ReportInstalledLoopAsync(client, stoppingToken);
        try
        {
            await SubscribeLoopAsync(client, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _replicaWriter.Complete();
            await Quietly(saving).ConfigureAwait(false);
            await Quietly(bindings).ConfigureAwait(false);
            await Quietly(installed).ConfigureAwait(false);
            state.Southbound.Update(s => s with { Connected = false });
        }
    }

    private void LoadCaches()
    {
        ViewLoadResult replica = _replicaCache.Load();
        if (replica.Ok)
        {
            _replica = SouthboundReplica.FromDocument(replica.Document!);
            _replicaChassis = replica.Document!.Chassis;
            state.Southbound.Update(s => s with { Revision = _replica.Revision });
        }
        else if (File.Exists(_replicaCache.FilePath))
        {
            AgentLog.ReplicaCacheRefused(logger, _replicaCache.FilePath, string.Join("; ", replica.Problems));
        }

        // The composed view has the OpenFlow numbers of the VIFs and tunnels: it can go in before OVSDB answers.
        ViewLoadResult composed = _viewCache.Load();
        if (!composed.Ok)
        {
            AgentLog.NoView(logger, $"waiting for northd {_options.Northd}; {string.Join("; ", composed.Problems)}");
            return;
        }

        AgentLog.ViewFromCache(logger, _options.Northd!, "subscribing", _viewCache.FilePath);
        LogicalNetworkLoaded(composed.Document!, ViewOrigin.Cache, _viewCache.FilePath);
        state.View.Set(new ViewInput(composed.Document!, ViewOrigin.Cache, _viewCache.FilePath));
    }

    private async Task SubscribeLoopAsync(SouthboundClient client, CancellationToken stop)
    {
        var backoff = new Backoff(_options.ReconnectMin, _options.ReconnectMax);
        bool resync = false;
        while (!stop.IsCancellationRequested)
        {
            ChassisIdentity? id = await IdentityAsync(stop).ConfigureAwait(false);
            if (id is null)
                return;
            if (_replicaChassis is not null && _replicaChassis != id.Chassis)
            {
                _replica = new SouthboundReplica(); // Held for another chassis: of no use here.
                _replicaChassis = null;
            }

            _identity = id;
            ImmutableArray<string> vifs = LocalVifs(id);
            long from = resync ? 0 : _replica.Revision;
            var request = new SubscribeRequest { Chassis = id.Chassis, EncapIp = id.EncapIp, LastRevision = from };
            request.IfaceIds.AddRange(vifs);
            LocalOvsState ovsNow = state.Ovs.Value;
            AddPortNumbers(ovsNow, request.VifOfports, request.TunnelOfports);
            string portNumbers = PortNumbersKey(ovsNow);
            using var watchdog = new CancellationTokenSource(_options.NorthdHeartbeatTimeout, time);
            using var renamed = new CancellationTokenSource();
            using var session = CancellationTokenSource.CreateLinkedTokenSource(stop, watchdog.Token, renamed.Token);
            Task identityWatch = CancelOnIdentityChangeAsync(id, renamed, session.Token);
            string reason;
            try
            {
                AgentLog.Subscribing(logger, _options.Northd!, id.Chassis, id.EncapIp, vifs.Length, from);
                state.Southbound.Update(s => s with { Subscriptions = s.Subscriptions + 1 });
                bool first = true;
                await foreach (Update update in client.SubscribeAsync(request, session.Token).ConfigureAwait(false))
                {
                    watchdog.CancelAfter(_options.NorthdHeartbeatTimeout);
                    if (first)
                    {
                        // The subscription carried the VIF set: that is northd's binding report for now.
                        state.Southbound.Update(s => s with { Connected = true, ReportedBindings = vifs, ReportedPortNumbers = portNumbers });
                        backoff.Reset();
                    }

                    bool wasResync = update.Full && !(first && from == 0);
                    Handle(update, id, wasResync, first);
                    resync = false;
                    first = false;
                }

                reason = "the update stream ended";
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (renamed.IsCancellationRequested)
            {
                reason = "this host's chassis identity changed";
                resync = true; // What was held belongs to the old name.
            }
            catch (OperationCanceledException) when (watchdog.IsCancellationRequested)
            {
                AgentLog.HeartbeatMissed(logger, _options.Northd!, _options.NorthdHeartbeatTimeout);
                reason = "no heartbeat";
            }
            catch (MalformedUpdateException e)
            {
                AgentLog.UpdateMalformed(logger, e.Revision, e.Message);
                metrics.Resynced();
                state.Southbound.Update(s => s with { Resyncs = s.Resyncs + 1 });
                resync = true;
                reason = "malformed update";
            }
            catch (Exception e)
            {
                reason = Reason(e);
            }

            await session.CancelAsync().ConfigureAwait(false);
            await Quietly(identityWatch).ConfigureAwait(false);
            state.Southbound.Update(s => s with { Connected = false });
            TimeSpan delay = renamed.IsCancellationRequested ? TimeSpan.Zero : backoff.Next();
            AgentLog.NorthdUnavailable(logger, _options.Northd!, reason, delay);
            try
            {
                await Task.Delay(delay, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Applies one update; publishes the view when its content changed; queues the cache write.</summary>
    private void Handle(Update update, ChassisIdentity id, bool resync, bool firstOfSubscription)
    {
        metrics.UpdateReceived(update.Heartbeat ? "heartbeat" : update.Full ? "full" : "delta");
        if (update.Heartbeat && !update.Full && update.Revision <= _replica.Revision)
        {
            state.Southbound.Update(s => s with { Updates = s.Updates + 1, ReportedInstalled = firstOfSubscription ? 0 : s.ReportedInstalled });
            return; // Nothing new.
        }

        ReplicaChange change;
        LogicalNetwork? before = _published ? _replica.Network : null;
        try
        {
            change = _replica.Apply(update);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new MalformedUpdateException(update.Revision, e.Message, e);
        }

        _replicaChassis = id.Chassis;
        if (resync)
        {
            metrics.Resynced();
            state.Southbound.Update(s => s with { Resyncs = s.Resyncs + 1 });
        }

        lock (_receivedAt)
            _receivedAt.TryAdd(change.Revision, time.GetTimestamp());
        bool publish = change.Changed || !_published;
        if (publish)
        {
            ViewDocument doc = _replica.ToDocument(id.Chassis, id.EncapIp);
            AgentLog.UpdateApplied(logger, change.Revision, change.Full ? "full" : "delta", doc.Network.Datapaths.Length, doc.Network.Ports.Length, doc.Network.Flows.Length);
            state.View.Set(new ViewInput(doc, ViewOrigin.Northd, _options.Northd!)
            {
                Changes = before is not null && !change.Full ? new FlowChanges(before, change.FlowsAdded, change.FlowsRemoved) : null,
            });
            _published = true;
        }

        long content = _replica.ContentRevision;
        state.Southbound.Update(s => s with
        {
            Revision = change.Revision,
            // Installed revisions live only in northd's memory: a new subscription may be to a northd that restarted
            // and forgot ours, so report afresh (set with the revision, so no report races ahead of it). A full update
            // below what was reported installed means northd's history restarted.
            ReportedInstalled = firstOfSubscription || change.Full && change.Revision < s.ReportedInstalled ? 0 : s.ReportedInstalled,
            PublishedRevision = publish ? content : s.PublishedRevision,
            Updates = s.Updates + 1,
        });
        // Revision-only updates (heartbeats, commits elsewhere) are not worth rewriting a large cache for: the cached
        // revision then lags a little, and a resubscription from it gets a slightly longer delta.
        if (change.Changed)
            _replicaWriter?.Post(_replica.ToDocument(id.Chassis, id.EncapIp, change.Revision));
    }

    /// <summary>Ends the subscription (via <paramref name="renamed"/>) when OVSDB names this host differently than <paramref name="subscribed"/>.</summary>
    private async Task CancelOnIdentityChangeAsync(ChassisIdentity subscribed, CancellationTokenSource renamed, CancellationToken session)
    {
        if (_options.Chassis is { Length: > 0 })
            return; // The command line's name does not change.
        while (!session.IsCancellationRequested)
        {
            (LocalOvsState ovs, long version) = state.Ovs.Read();
            if (ovs.Identity is { } now && now != subscribed)
            {
                await renamed.CancelAsync().ConfigureAwait(false);
                return;
            }

            await state.Ovs.ChangedSince(version).WaitAsync(session).ConfigureAwait(false);
        }
    }

    /// <summary>This host's identity: the command line's, else OVSDB's once it is live (logged once while waiting).</summary>
    private async Task<ChassisIdentity?> IdentityAsync(CancellationToken stop)
    {
        ChassisIdentity? overrides = _options.Chassis is { Length: > 0 } c ? new ChassisIdentity(c, _options.EncapIp!) : null;
        bool logged = false;
        while (!stop.IsCancellationRequested)
        {
            (LocalOvsState ovs, long version) = state.Ovs.Read();
            // With OVSDB, wait for its VIF list too: subscribing with none would unbind this host's ports.
            bool vifsKnown = ovs.Live || !_options.UsesOvsdb;
            if (vifsKnown && (overrides ?? ovs.Identity) is { } id)
                return id;
            if (!logged)
            {
                AgentLog.WaitingForIdentity(logger);
                logged = true;
            }

            try
            {
                await state.Ovs.ChangedSince(version).WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The iface-ids of this host's VIFs: OVSDB's, or without OVSDB the ports northd last bound here.</summary>
    private ImmutableArray<string> LocalVifs(ChassisIdentity id)
    {
        LocalOvsState ovs = state.Ovs.Value;
        return ovs.Live ? [.. ovs.Vifs.Keys] : _replica.PortsBoundTo(id.Chassis);
    }

    private void LogicalNetworkLoaded(ViewDocument doc, ViewOrigin origin, string path)
    {
        var n = doc.Network;
        AgentLog.ViewLoaded(logger, path, origin.ToString().ToLowerInvariant(), n.Revision, n.Datapaths.Length, n.Ports.Length, n.Flows.Length);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>An update the replica could not take (unknown stage, wrong flow id, bad revision).</summary>
    private sealed class MalformedUpdateException(long revision, string message, Exception inner) : Exception(message, inner)
    {
        public long Revision { get; } = revision;
    }
}
