using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Agent.Translator;
using Overlay.Agent.Translator.Incremental;
using Overlay.Logical;

namespace Overlay.Agent.View;

/// <summary>One translation, its OpenFlow flows as a set, and how it was made.</summary>
/// <param name="Flows">The translation's flows; after an incremental step, derived from the previous set (so the diff against it is free).</param>
/// <param name="Incremental">True when only the changed logical flows were translated.</param>
public sealed record HostTranslation(Translation Translation, FlowSet Flows, bool Incremental, int FlowsAdded, int FlowsRemoved);

/// <summary>
/// Translates this host's successive views. A view that differs from the previous one only in logical flows, address
/// sets and port groups (what a Southbound delta usually carries) goes through the <see cref="IncrementalTranslator"/>,
/// which re-translates just the logical flows that changed; anything else (first view, bindings, ports, chassis, VIF
/// numbers) is a full, parallel <see cref="Translator.Translator.Translate"/>, after which the incremental translator is
/// rebuilt from that view in the background, ready for the next delta. Both give the same flows (the translator's
/// property; the agent tests check it end to end). Not thread-safe: the planner loop owns it.
/// </summary>
/// <remarks>
/// Both share one <see cref="TranslationCache"/> for the host's lifetime, so the background rebuild after a full
/// translation, and the full translation after a binding change, re-translate only the logical flows whose names
/// changed instead of everything (the cache checks each entry against the view, so the flows are the same). It holds
/// the host's parsed and translated logical flows: memory for time (see docs/benchmarks.md, "Translator (issue 3)").
/// </remarks>
public sealed class HostTranslator
{
    private readonly TranslationCache _cache = new();
    private HostView? _last;
    private FlowSet _lastSet = FlowSet.Empty;
    private Dictionary<ulong, LogicalFlow> _lastFlows = [];
    private Task<IncrementalTranslator>? _incremental;

    /// <param name="changes">How the view's logical flows differ from an earlier network's, when the caller knows; used
    /// only when that network is the one translated last (otherwise the flow lists are compared).</param>
    public async Task<HostTranslation> TranslateAsync(HostView view, FlowChanges? changes, CancellationToken cancellationToken)
    {
        // The incremental translator's own criterion for a flow-only change, checked here so it never falls back to a (sequential) rebuild.
        if (_last is not null && _incremental is not null && _last.DiffersOnlyInFlowsAndSets(view))
        {
            IncrementalTranslator? incremental = null;
            try
            {
                incremental = await _incremental.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The background build failed: translate in full below (which reports the failure if it recurs).
            }

            if (incremental is not null)
            {
                (IReadOnlyList<LogicalFlow> added, IReadOnlyList<LogicalFlow> removed, Dictionary<ulong, LogicalFlow> now) =
                    changes is not null && ReferenceEquals(changes.From, _last.Network) ? Follow(_lastFlows, changes) : Diff(_lastFlows, view.Network.Flows);
                try
                {
                    FlowDelta delta = incremental.Update(view, added, removed);
                    Translation translation = incremental.Current;
                    FlowSet flows = _lastSet.With(delta.Removed.Select(f => f.Flow), delta.Added.Select(f => f.Flow));
                    _last = view;
                    _lastFlows = now;
                    _lastSet = flows;
                    return new HostTranslation(translation, flows, true, added.Count, removed.Count);
                }
                catch
                {
                    // Its state is unknown now: forget it, so the next view is translated in full.
                    Forget();
                    throw;
                }
            }
        }

        Forget();
        Translation full = Translator.Translator.Translate(view, null, _cache);
        var set = FlowSet.Of(full.Flows.Select(f => f.Flow));
        _last = view;
        _lastFlows = ById(view.Network.Flows);
        _lastSet = set;
        _incremental = Task.Run(() => new IncrementalTranslator(view, null, _cache), CancellationToken.None);
        return new HostTranslation(full, set, false, view.Network.Flows.Length, 0);
    }

    private void Forget()
    {
        _last = null;
        _lastSet = FlowSet.Empty;
        _lastFlows = [];
        _incremental = null;
    }

    /// <summary>Added (new or changed, by id) and removed logical flows between two networks' flow lists.</summary>
    internal static (List<LogicalFlow> Added, List<LogicalFlow> Removed, Dictionary<ulong, LogicalFlow> Now) Diff(
        Dictionary<ulong, LogicalFlow> before, IReadOnlyList<LogicalFlow> after)
    {
        var now = ById(after);
        var added = new List<LogicalFlow>();
        foreach (LogicalFlow f in now.Values)
        {
            if (!before.TryGetValue(f.Id, out LogicalFlow? was) || was != f)
                added.Add(f);
        }

        var removed = new List<LogicalFlow>();
        foreach (LogicalFlow f in before.Values)
        {
            if (!now.ContainsKey(f.Id))
                removed.Add(f);
        }

        return (added, removed, now);
    }

    /// <summary>The known change, applied to the flows by id in place (they are only ever used for the next diff).</summary>
    private static (IReadOnlyList<LogicalFlow> Added, IReadOnlyList<LogicalFlow> Removed, Dictionary<ulong, LogicalFlow> Now) Follow(
        Dictionary<ulong, LogicalFlow> flows, FlowChanges changes)
    {
        foreach (LogicalFlow f in changes.Removed)
            flows.Remove(f.Id);
        foreach (LogicalFlow f in changes.Added)
            flows[f.Id] = f;
        return (changes.Added, changes.Removed, flows);
    }

    private static Dictionary<ulong, LogicalFlow> ById(IReadOnlyList<LogicalFlow> flows)
    {
        var byId = new Dictionary<ulong, LogicalFlow>(flows.Count);
        foreach (LogicalFlow f in flows)
            byId[f.Id] = f; // Ids are unique within a network (northd's guarantee); the last one wins otherwise.
        return byId;
    }
}
