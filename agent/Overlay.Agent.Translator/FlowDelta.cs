using System.Collections.Immutable;

namespace Overlay.Agent.Translator;

/// <summary>
/// The difference between two desired flow sets, keyed by (table, priority, match): a changed flow is its old
/// value in <see cref="Removed"/> and its new value in <see cref="Added"/>. Apply removals before additions.
/// </summary>
public sealed record FlowDelta(ImmutableArray<DesiredFlow> Removed, ImmutableArray<DesiredFlow> Added)
{
    public static FlowDelta Empty { get; } = new([], []);

    public bool IsEmpty => Removed.IsEmpty && Added.IsEmpty;

    /// <summary>What turns <paramref name="before"/> into <paramref name="after"/>.</summary>
    public static FlowDelta Between(IEnumerable<DesiredFlow> before, IEnumerable<DesiredFlow> after)
    {
        var old = before.ToDictionary(f => f.Key);
        var removed = ImmutableArray.CreateBuilder<DesiredFlow>();
        var added = ImmutableArray.CreateBuilder<DesiredFlow>();
        var seen = new HashSet<FlowKey>();
        foreach (var f in after)
        {
            seen.Add(f.Key);
            if (old.TryGetValue(f.Key, out var was))
            {
                if (was == f) continue;
                removed.Add(was);
            }
            added.Add(f);
        }
        foreach (var (key, f) in old)
            if (!seen.Contains(key)) removed.Add(f);
        return new FlowDelta(removed.ToImmutable(), added.ToImmutable());
    }

    /// <summary>Applies the delta to a flow set keyed by (table, priority, match).</summary>
    public void ApplyTo(IDictionary<FlowKey, DesiredFlow> flows)
    {
        foreach (var f in Removed) flows.Remove(f.Key);
        foreach (var f in Added) flows[f.Key] = f;
    }
}
