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

    // The set this one was derived from by With, and the difference. Read and cleared as one reference (the
    // OpenFlow loop may be diffing while the planner derives the next set); cleared once a newer set is derived
    // from this one, so superseded sets are not kept alive through a chain of bases.
    private Derivation? _derivation;

    private FlowSet(ImmutableArray<FlowEntry> flows, Dictionary<FlowKey, FlowEntry> byKey, Derivation? derivation = null)
    {
        _flows = flows;
        _byKey = byKey;
        _derivation = derivation;
    }

    private sealed record Derivation(FlowSet Base, FlowDiff Diff);

    public static FlowSet Empty { get; } = new([], []);

    /// <summary>The set of <paramref name="flows"/>; when two share a key the first is kept (the switch holds one flow per key).</summary>
    public static FlowSet Of(IEnumerable<FlowEntry> flows)
    {
        // Sized up front when the count is known (arrays, lists, Select over them): a 100k-flow set then never
        // rehashes or copies as it grows, which was a fifth of the agent's CPU for installing it.
        int capacity = flows.TryGetNonEnumeratedCount(out int n) ? n : 0;
        var byKey = new Dictionary<FlowKey, FlowEntry>(capacity);
        var kept = ImmutableArray.CreateBuilder<FlowEntry>(capacity);
        foreach (FlowEntry f in flows)
        {
            if (byKey.TryAdd(KeyOf(f), f))
            {
                kept.Add(f);
            }
        }

        return new FlowSet(kept.Count == kept.Capacity ? kept.MoveToImmutable() : kept.ToImmutable(), byKey);
    }

    public static FlowKey KeyOf(FlowEntry flow) => new(flow.Table, flow.Priority, flow.Match);

    /// <summary>
    /// This set minus <paramref name="removed"/> plus <paramref name="added"/> (by key; a key in both is a change),
    /// as an incremental translation reports it. The result remembers the difference from this set, so diffing it
    /// against this very set (what the switch holds after installing it) costs the size of the change, not of the set.
    /// </summary>
    public FlowSet With(IEnumerable<FlowEntry> removed, IEnumerable<FlowEntry> added)
    {
        var byKey = new Dictionary<FlowKey, FlowEntry>(_byKey);
        var gone = new Dictionary<FlowKey, FlowEntry>();
        foreach (FlowEntry f in removed)
        {
            FlowKey key = KeyOf(f);
            if (byKey.Remove(key, out FlowEntry? old))
                gone[key] = old;
        }

        // The entries of this set that are replaced (value: the new entry) or dropped (null), by reference: the
        // rebuild below then never hashes a match.
        var replaced = new Dictionary<FlowEntry, FlowEntry?>(ReferenceEqualityComparer.Instance);
        var modifies = ImmutableArray.CreateBuilder<FlowChange>();
        var adds = ImmutableArray.CreateBuilder<FlowEntry>();
        foreach (FlowEntry f in LastPerKey(added))
        {
            FlowKey key = KeyOf(f);
            if (_byKey.TryGetValue(key, out FlowEntry? before))
            {
                gone.Remove(key); // Removed and added back: a change (or nothing), never a delete.
                if (before != f)
                    modifies.Add(new FlowChange(before, f));
                replaced[before] = f;
            }
            else
            {
                adds.Add(f);
            }

            byKey[key] = f;
        }

        foreach (FlowEntry old in gone.Values)
            replaced[old] = null;

        // Same order as this set, changed flows in place, new ones at the end.
        var flows = ImmutableArray.CreateBuilder<FlowEntry>(byKey.Count);
        foreach (FlowEntry f in _flows)
        {
            if (!replaced.TryGetValue(f, out FlowEntry? now))
                flows.Add(f);
            else if (now is not null)
                flows.Add(now);
        }

        flows.AddRange(adds);
        var diff = new FlowDiff([.. gone.Values], modifies.ToImmutable(), adds.ToImmutable());
        var next = new FlowSet(flows.ToImmutable(), byKey, new Derivation(this, diff));
        Volatile.Write(ref _derivation, null);
        return next;
    }

    private static IEnumerable<FlowEntry> LastPerKey(IEnumerable<FlowEntry> flows)
    {
        var last = new Dictionary<FlowKey, FlowEntry>();
        var order = new List<FlowKey>();
        foreach (FlowEntry f in flows)
        {
            FlowKey key = KeyOf(f);
            if (last.TryAdd(key, f))
                order.Add(key);
            else
                last[key] = f;
        }

        return order.Select(k => last[k]);
    }

    /// <summary>The difference from <paramref name="installed"/> when this set was derived from that very set; else null.</summary>
    internal FlowDiff? DiffFrom(FlowSet installed) =>
        Volatile.Read(ref _derivation) is { } d && ReferenceEquals(d.Base, installed) ? d.Diff : null;

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
