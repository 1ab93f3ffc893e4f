using System.Diagnostics.Metrics;

namespace Overlay.Agent.Diagnostics;

/// <summary>
/// The agent's one meter, "Overlay.Agent": flows on the bridge, flow mods sent, bundle latency (from
/// sending to the commit reply), bundles refused, drift repairs and reconnects; with <c>--northd</c>, updates
/// received, resyncs and how far installation lags behind the revisions received.
/// </summary>
public sealed class AgentMetrics
{
    public const string MeterName = "Overlay.Agent";

    private readonly Counter<long> _flowMods;
    private readonly Histogram<double> _bundleDuration;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _driftRepairs;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _updates;
    private readonly Counter<long> _resyncs;
    private readonly Histogram<double> _installLag;
    private long _installed;
    private long _revisionLag;

    public AgentMetrics(IMeterFactory factory)
    {
        Meter meter = factory.Create(MeterName);
        meter.CreateObservableGauge("overlay.agent.flows.installed", () => Interlocked.Read(ref _installed), "{flow}", "Flows the agent has installed on the bridge");
        _flowMods = meter.CreateCounter<long>("overlay.agent.flow_mods", "{flow_mod}", "Flow mods committed, by operation (add, modify, delete)");
        _bundleDuration = meter.CreateHistogram<double>("overlay.agent.bundle.duration", "ms", "Time from sending a bundle to its confirmed commit");
        _rejections = meter.CreateCounter<long>("overlay.agent.bundle.rejections", "{bundle}", "Bundles the switch refused (nothing applied)");
        _driftRepairs = meter.CreateCounter<long>("overlay.agent.drift.repairs", "{flow}", "Flows the drift audit found wrong on the bridge and repaired");
        _reconnects = meter.CreateCounter<long>("overlay.agent.openflow.connects", "{connection}", "OpenFlow sessions established");
        _updates = meter.CreateCounter<long>("overlay.agent.southbound.updates", "{update}", "Updates received from northd, by kind (full, delta, heartbeat)");
        _resyncs = meter.CreateCounter<long>("overlay.agent.southbound.resyncs", "{resync}", "Full resyncs: a full update replacing a held revision, or a resubscription after a malformed update");
        _installLag = meter.CreateHistogram<double>("overlay.agent.southbound.install_lag", "ms", "Time from receiving a northd revision to reporting it installed (barrier-confirmed)");
        meter.CreateObservableGauge("overlay.agent.southbound.revision_lag", () => Interlocked.Read(ref _revisionLag), "{revision}", "Revisions received from northd but not yet installed");
    }

    public void UpdateReceived(string kind) => _updates.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Resynced() => _resyncs.Add(1);

    public void RevisionInstalled(TimeSpan lag) => _installLag.Record(lag.TotalMilliseconds);

    public void RevisionLag(long revisions) => Interlocked.Exchange(ref _revisionLag, revisions);

    public void Installed(int flowsOnBridge) => Interlocked.Exchange(ref _installed, flowsOnBridge);

    public void Committed(int adds, int modifies, int deletes, TimeSpan duration)
    {
        _flowMods.Add(adds, new KeyValuePair<string, object?>("op", "add"));
        _flowMods.Add(modifies, new KeyValuePair<string, object?>("op", "modify"));
        _flowMods.Add(deletes, new KeyValuePair<string, object?>("op", "delete"));
        _bundleDuration.Record(duration.TotalMilliseconds);
    }

    public void Rejected() => _rejections.Add(1);

    public void DriftRepaired(int flows) => _driftRepairs.Add(flows);

    public void Connected() => _reconnects.Add(1);
}
