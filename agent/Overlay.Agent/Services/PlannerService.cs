using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Agent.Configuration;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.Ovs;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Agent.Translator;
using Overlay.Agent.View;

namespace Overlay.Agent.Services;

/// <summary>
/// Turns the current view plus what OVSDB says into the desired flows and tunnel ports (the translator does
/// the work), publishes them, and keeps the composed view in the cache. Flows that output to tunnel ports
/// still waiting for an OpenFlow number are held back up to <see cref="AgentOptions.TunnelPortWait"/>. Views that
/// differ only in logical flows are translated incrementally (<see cref="HostTranslator"/>).
/// </summary>
public sealed class PlannerService(AgentState state, IOptions<AgentOptions> options, TimeProvider time, ILogger<PlannerService> logger) : BackgroundService
{
    private const int MaxDiagnosticsLogged = 20;
    private readonly AgentOptions _options = options.Value;
    private readonly ViewCache _cache = new(options.Value.CacheDir);
    private readonly HostTranslator _translator = new();
    private long _generation;
    private CacheWriter? _cacheWriter;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _cacheWriter = new CacheWriter(_cache, logger);
        Task saving = Task.Run(_cacheWriter.RunAsync, CancellationToken.None);
        try
        {
            await PlanLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _cacheWriter.Complete();
            await saving.ConfigureAwait(false);
        }
    }

    private async Task PlanLoopAsync(CancellationToken stoppingToken)
    {
        ChassisIdentity? overrides = _options.Chassis is { Length: > 0 } c ? new ChassisIdentity(c, _options.EncapIp!) : null;
        ViewInput? lastView = null;
        LocalOvsState? lastOvs = null;
        ViewDocument? lastComposed = null;
        bool lastLive = false;
        Task pendingTimer = Task.Delay(Timeout.Infinite, stoppingToken);
        DesiredState? pending = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            (ViewInput? view, long viewVersion) = state.View.Read();
            (LocalOvsState ovs, long ovsVersion) = state.Ovs.Read();
            if (view is not null && (!ReferenceEquals(view, lastView) || lastOvs is null || !ovs.SameAs(lastOvs)))
            {
                bool newView = !ReferenceEquals(view, lastView);
                lastView = view;
                lastOvs = ovs;
                ComposeResult composed = HostViewComposer.Compose(view.Document, overrides, ovs);
                if (composed.Composed is null)
                {
                    AgentLog.ViewRefused(logger, composed.Problem!);
                }
                else if ((!SameComposition(lastComposed, composed.Composed.Document) || lastLive != ovs.Live) && await TryPlanAsync(composed.Composed, ovs, view.Origin, newView ? view.Changes : null, newView, stoppingToken).ConfigureAwait(false) is { } desired)
                {
                    lastComposed = composed.Composed.Document;
                    lastLive = ovs.Live; // Installability depends on it even when the composition does not.
                    // The wait is bounded from when it began, however often the plan changes meanwhile.
                    if (desired.Installable)
                        pendingTimer = Task.Delay(Timeout.Infinite, stoppingToken);
                    else if (pending is null)
                        pendingTimer = Task.Delay(_options.TunnelPortWait, time, stoppingToken);
                    pending = desired.Installable ? null : desired;
                    state.Desired.Set(desired);
                    SaveCache(composed.Composed.Document);
                }
            }

            Task woke = await Task.WhenAny(state.View.ChangedSince(viewVersion), state.Ovs.ChangedSince(ovsVersion), pendingTimer).ConfigureAwait(false);
            if (woke == pendingTimer && pending is not null && !stoppingToken.IsCancellationRequested)
            {
                AgentLog.StillWaiting(logger, _options.TunnelPortWait);
                state.Desired.Set(pending with { Installable = true });
                pending = null;
                pendingTimer = Task.Delay(Timeout.Infinite, stoppingToken);
            }
        }
    }

    /// <summary>A translator failure is a bug, not bad input; it must not take the agent (or the installed flows) down.</summary>
    private async Task<DesiredState?> TryPlanAsync(ComposedView composed, LocalOvsState ovs, ViewOrigin origin, FlowChanges? changes, bool newView, CancellationToken stop)
    {
        try
        {
            return await PlanAsync(composed, ovs, origin, changes, newView, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AgentLog.TranslationFailed(logger, e);
            return null;
        }
    }

    private async Task<DesiredState> PlanAsync(ComposedView composed, LocalOvsState ovs, ViewOrigin origin, FlowChanges? changes, bool newView, CancellationToken stop)
    {
        long start = Stopwatch.GetTimestamp();
        HostTranslation made = await _translator.TranslateAsync(composed.View, changes, stop).ConfigureAwait(false);
        Translation translation = made.Translation;
        FlowSet flows = made.Flows;
        long generation = ++_generation;
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (made.Incremental)
            AgentLog.TranslatedIncrementally(logger, generation, flows.Count, made.FlowsAdded, made.FlowsRemoved, ms);
        else
            AgentLog.Translated(logger, generation, flows.Count, translation.Tunnels.Length, translation.Datapaths.Length, ms);
        if (newView)
        {
            foreach (TranslationDiagnostic d in translation.Diagnostics.Take(MaxDiagnosticsLogged))
                AgentLog.TranslationDiagnostic(logger, d.ToString());
            if (translation.Diagnostics.Length > MaxDiagnosticsLogged)
                AgentLog.TranslationDiagnostic(logger, $"... and {translation.Diagnostics.Length - MaxDiagnosticsLogged} more");
        }

        // A view file has no OpenFlow numbers: installing it before OVSDB says where the VIFs and tunnels are
        // would take working flows away. The cache has the numbers, so it goes in at once. Without OVSDB at
        // all, the view's numbers are all there will be.
        bool waitingForOvsdb = _options.UsesOvsdb && !ovs.Live && origin != ViewOrigin.Cache;
        bool tunnelsPending = ovs.Live && translation.Tunnels.Any(t => t.Requested);
        var desired = new DesiredState(generation, flows, translation.Tunnels, translation, !waitingForOvsdb && !tunnelsPending)
        {
            Revision = composed.Document.Network.Revision,
        };
        if (waitingForOvsdb)
            AgentLog.WaitingForOvsdb(logger, _options.TunnelPortWait);
        else if (tunnelsPending)
            AgentLog.TunnelPortsPending(logger, _options.TunnelPortWait, PendingNames(desired));
        return desired;
    }

    private static string PendingNames(DesiredState d) => string.Join(", ", d.Tunnels.Where(t => t.Requested).Select(t => t.Name));

    private void SaveCache(ViewDocument document) => _cacheWriter?.Post(document);

    /// <summary>Same host-specific parts over the same network object (the network is never mutated).</summary>
    private static bool SameComposition(ViewDocument? a, ViewDocument b) =>
        a is not null && ReferenceEquals(a.Network, b.Network) && a.Chassis == b.Chassis && a.EncapIp == b.EncapIp
        && a.Remotes.SequenceEqual(b.Remotes) && a.Bindings.SequenceEqual(b.Bindings);
}
