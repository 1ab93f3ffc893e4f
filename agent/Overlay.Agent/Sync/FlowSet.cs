using System.Collections;
using System.Collections.Immutable;
using Overlay.Agent.Translator;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Sync;

/// <summary>
/// A set of OpenFlow flows keyed the way the switch keys them: (table, priority, match). The cookie,
/// actions and flow-mod options are the payload. Keeps the order flows were given in (the translator's
/// table order, or the switch's dump order), so plans built from it are deterministic. Immutable.
/// </summary>
public sealed class FlowSet : IReadOnlyCollection<FlowEntry>
{
    private readonly ImmutableArray<FlowEntry> _flows;
    private readonly Dictionary<FlowKey, FlowEntry> _byKey;

    private FlowSet(ImmutableArray<FlowEntry> flows, Dictionary<FlowKey, FlowEntry> byKey)
    {
        _flows = flows;
        _byKey = byKey;
    }

    public static FlowSet Empty { get; } = new([], []);

    /// <summary>The set of <paramref name="flows"/>; when two share a key the first is kept (the switch holds one flow per key).</summary>
    public static FlowSet Of(IEnumerable<FlowEntry> flows)
    {
        var byKey = new Dictionary<FlowKey, FlowEntry>();
        var kept = ImmutableArray.CreateBuilder<FlowEntry>();
        foreach (FlowEntry f in flows)
        {
            if (byKey.TryAdd(KeyOf(f), f))
            {
                kept.Add(f);
            }
        }

        return new FlowSet(kept.ToImmutable(), byKey);
    }

    public static FlowKey KeyOf(FlowEntry flow) => new(flow.Table, flow.Priority, flow.Match);

    public int Count => _flows.Length;

    public ImmutableArray<FlowEntry> Flows => _flows;

    public bool TryGet(FlowKey key, out FlowEntry flow) => _byKey.TryGetValue(key, out flow!);

    public bool Contains(FlowKey key) => _byKey.ContainsKey(key);

    /// <summary>This set without the flows whose keys <paramref name="exclude"/> holds.</summary>
    public FlowSet Without(Func<FlowEntry, bool> exclude)
    {
        bool any = false;
        foreach (FlowEntry f in _flows)
        {
            if (exclude(f))
            {
                any = true;
                break;
            }
        }

        return any ? Of(_flows.Where(f => !exclude(f))) : this;
    }

    /// <summary>True when both sets hold exactly the same flows (key and payload), whatever the order.</summary>
    public bool SetEquals(FlowSet other) =>
        Count == other.Count && _flows.All(f => other._byKey.TryGetValue(KeyOf(f), out FlowEntry? o) && o == f);

    public IEnumerator<FlowEntry> GetEnumerator() => ((IEnumerable<FlowEntry>)_flows).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
