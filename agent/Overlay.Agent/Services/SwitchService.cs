using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Agent.Configuration;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Agent.Translator.Layout;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Messages;

namespace Overlay.Agent.Services;

/// <summary>
/// The OpenFlow loop. Connects to the bridge's management socket only once there is something to install
/// (so a restart without any view never touches the flows), then per session: maps the Geneve option to
/// tun_metadata0, names the tables, reads the installed flows back and installs the difference to the
/// desired flows in one bundle; afterwards installs each new generation's difference and audits for drift.
/// A lost connection, a malformed frame or an OVS restart ends the session with a logged reason; the loop
/// reconnects with backoff and the next session's read-back finds what is missing.
/// </summary>
public sealed partial class SwitchService(
    AgentState state, IOptions<AgentOptions> options, AgentMetrics metrics, TimeProvider time, ILogger<SwitchService> logger) : BackgroundService
{
    /// <summary>OVN's Geneve option (class 0x0102, type 0x80, 4 bytes) as tun_metadata0.</summary>
    public static readonly TlvMapping GeneveOption = new(0x0102, 0x80, 4, 0);

    private const int MaxRejectionsPerSync = 16;

    private readonly AgentOptions _options = options.Value;
    private readonly Quarantine _quarantine = new();
    private string? _readBackFailure;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.ReconnectMin, _options.ReconnectMax);
        var connectionOptions = new OpenFlowConnectionOptions { RequestTimeout = _options.RequestTimeout };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await state.Desired.WaitUntilAsync(d => d is { Installable: true }, stoppingToken).ConfigureAwait(false);
                await using OpenFlowConnection of = await OpenFlowConnection.ConnectAsync(_options.OpenFlow, connectionOptions, stoppingToken).ConfigureAwait(false);
                metrics.Connected();
                AgentLog.SwitchConnected(logger, _options.OpenFlow, of.DatapathId);
                state.Switch.Update(s => s with { Connected = true, Sessions = s.Sessions + 1 });
                await RunSessionAsync(of, backoff, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                TimeSpan delay = backoff.Next();
                AgentLog.SwitchUnavailable(logger, _options.OpenFlow, Reason(e), delay);
                state.Switch.Update(s => s with { Connected = false });
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

        state.Switch.Update(s => s with { Connected = false });
    }

    private async Task RunSessionAsync(OpenFlowConnection of, Backoff backoff, CancellationToken stop)
    {
        Task unsolicited = LogUnsolicitedAsync(of);
        IReadOnlyList<TlvMapping> added = await of.EnsureTlvMappingsAsync([GeneveOption], stop).ConfigureAwait(false);
        if (added.Count > 0)
            AgentLog.TlvMapped(logger, string.Join(", ", added));
        await NameTablesAsync(of, stop).ConfigureAwait(false);

        var sync = new FlowSynchronizer(of);
        if (_readBackFailure is { } failure)
        {
            AgentLog.Replacing(logger, failure);
        }
        else
        {
            _readBackFailure = "the connection was lost while reading flows back";
            FlowSet installed = await sync.ReadInstalledAsync(stop).ConfigureAwait(false);
            _readBackFailure = null;
            AgentLog.InstalledRead(logger, installed.Count);
        }

        long seen = -1;
        DateTimeOffset nextAudit = time.GetUtcNow() + _options.AuditInterval;
        while (true)
        {
            (DesiredState? desired, long version) = state.Desired.Read();
            if (version != seen && desired is { Installable: true })
            {
                await SyncAsync(sync, desired, stop).ConfigureAwait(false);
                _readBackFailure = null;
                backoff.Reset();
            }

            seen = version;
            TimeSpan untilAudit = nextAudit - time.GetUtcNow();
            using var auditWait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            Task audit = Task.Delay(untilAudit > TimeSpan.Zero ? untilAudit : TimeSpan.Zero, time, auditWait.Token);
            Task woke = await Task.WhenAny(state.Desired.ChangedSince(version), of.Completion, audit).ConfigureAwait(false);
            await auditWait.CancelAsync().ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
            if (woke == of.Completion)
            {
                await unsolicited.ConfigureAwait(false);
                throw new OpenFlowConnectionClosedException("the switch closed the connection", of.CloseReason);
            }

            if (woke == audit)
            {
                if (state.Desired.Value is { Installable: true } current)
                    await AuditAsync(sync, current, stop).ConfigureAwait(false);
                nextAudit = time.GetUtcNow() + _options.AuditInterval;
            }
        }
    }

    /// <summary>Installs <paramref name="desired"/>; a refused flow is logged with its origin, set aside, and the rest retried.</summary>
    private async Task<bool> SyncAsync(FlowSynchronizer sync, DesiredState desired, CancellationToken stop)
    {
        _quarantine.Forget(desired.Flows);
        for (int attempt = 0; attempt <= MaxRejectionsPerSync; attempt++)
        {
            FlowSet effective = _quarantine.Apply(desired.Flows);
            SyncOutcome outcome = await sync.ApplyAsync(effective, stop).ConfigureAwait(false);
            if (outcome.Committed)
            {
                if (!outcome.NothingToDo)
                {
                    metrics.Committed(outcome.Diff.Adds.Length, outcome.Diff.Modifies.Length, outcome.Diff.Deletes.Length, outcome.Duration);
                    AgentLog.BundleCommitted(logger, desired.Generation, (outcome.Replaced ? "delete-all + " : "") + outcome.Diff, outcome.Duration.TotalMilliseconds, effective.Count);
                }

                metrics.Installed(effective.Count);
                state.Switch.Update(s => s with { InstalledGeneration = desired.Generation, InstalledRevision = desired.Revision, InstalledFlows = effective.Count, Rejected = _quarantine.Rejected });
                return true;
            }

            metrics.Rejected();
            if (outcome.FailedFlowMod is not { Command: FlowModCommand.Add or FlowModCommand.ModifyStrict } failed)
            {
                AgentLog.BundleRejected(logger, desired.Generation, outcome.Bundle?.Error?.Describe() ?? outcome.Bundle?.ToString() ?? "unknown error");
                sync.AssumeUnknown(); // The next attempt replaces everything rather than trusting a diff.
                return false;
            }

            var flow = failed.ToFlowEntry();
            string error = outcome.Bundle!.Error?.Describe() ?? "unknown error";
            string origin = desired.OriginOf(flow) is { Length: > 0 } o ? o : "no known logical flow";
            AgentLog.FlowRejected(logger, failed.Command.ToString(), flow.ToString(), flow.Cookie, origin, error);
            _quarantine.Add(flow, error, origin);
        }

        return false;
    }

    private async Task AuditAsync(FlowSynchronizer sync, DesiredState desired, CancellationToken stop)
    {
        FlowSet actual = await sync.ReadInstalledAsync(stop).ConfigureAwait(false);
        FlowDiff drift = FlowDiff.Compute(actual, _quarantine.Apply(desired.Flows));
        state.Switch.Update(s => s with { Audits = s.Audits + 1 });
        if (drift.IsEmpty)
        {
            AgentLog.AuditClean(logger, actual.Count);
            return;
        }

        foreach (var f in drift.Adds)
            AgentLog.DriftMissing(logger, f.ToString());
        foreach (var f in drift.Deletes)
            AgentLog.DriftUnexpected(logger, f.ToString());
        foreach (var c in drift.Modifies)
            AgentLog.DriftChanged(logger, c.Before.ToString(), c.After.ToString());
        if (await SyncAsync(sync, desired, stop).ConfigureAwait(false))
        {
            metrics.DriftRepaired(drift.Count);
            AgentLog.DriftRepaired(logger, drift.Count);
            state.Switch.Update(s => s with { DriftRepairs = s.DriftRepairs + drift.Count });
        }
    }

    private async Task NameTablesAsync(OpenFlowConnection of, CancellationToken stop)
    {
        try
        {
            await of.SetTableNamesAsync(PhysicalPipeline.Tables.ToDictionary(t => t.Id, t => t.Name), stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OpenFlowErrorException or ArgumentException)
        {
            // Cosmetic: flows work without names (OVS refuses when OVSDB's Flow_Table named a table).
            AgentLog.TableNamesFailed(logger, e is OpenFlowErrorException oe ? oe.Error.Describe() : e.Message);
        }
    }

    private async Task LogUnsolicitedAsync(OpenFlowConnection of)
    {
        try
        {
            await foreach (OfpMessage m in of.UnsolicitedMessages.ReadAllAsync().ConfigureAwait(false))
            {
                if (m is ErrorMessage error)
                    AgentLog.UnsolicitedError(logger, error.Describe());
            }
        }
        catch (Exception)
        {
            // The channel ends with the connection; the session reports why.
        }
    }

    /// <summary>The most telling reason in an exception chain: a malformed frame's exact complaint first.</summary>
    internal static string Reason(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is OpenFlowProtocolException p)
                return "malformed OpenFlow from the switch: " + p.Reason;
        }

        return e.InnerException is { } inner && e is OpenFlowConnectionClosedException ? $"{e.Message} ({inner.Message})" : e.Message;
    }
}
