using System.Collections.Immutable;
using Overlay.Agent.State;
using Overlay.Agent.Translator;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Sync;

/// <summary>
/// Flows the switch refused: left out of later bundles (so one bad flow does not block every other change)
/// until the desired flow with that key changes. Owned by the OpenFlow loop.
/// </summary>
public sealed class Quarantine
{
    private readonly Dictionary<FlowKey, RejectedFlow> _flows = [];

    public ImmutableArray<RejectedFlow> Rejected => [.. _flows.Values];

    public void Add(FlowEntry flow, string error, string origin) => _flows[FlowSet.KeyOf(flow)] = new RejectedFlow(flow, error, origin);

    /// <summary>Drops entries whose key the desired set no longer has with the very same flow.</summary>
    public void Forget(FlowSet desired)
    {
        foreach (var (key, rejected) in _flows.ToList())
        {
            if (!desired.TryGet(key, out var flow) || flow != rejected.Flow)
                _flows.Remove(key);
        }
    }

    public FlowSet Apply(FlowSet desired) =>
        _flows.Count == 0 ? desired : desired.Without(f => _flows.TryGetValue(FlowSet.KeyOf(f), out var r) && r.Flow == f);
}
