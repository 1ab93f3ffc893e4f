using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using Overlay.Agent.Translator.Assembly;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>
/// What one host's translations can share from one to the next: parsed match and action text, the drafts of
/// every logical flow together with what they depended on (the names of their datapath, the port groups, address
/// sets and port residency they looked up), and the view's index. Only pure results are kept and every entry is
/// checked against the current view before use, so a translation with a cache gives exactly the flows of one
/// without (<see cref="Translator.Translate(HostView, TranslatorOptions?, TranslationCache?)"/>). Bounded: a table
/// that grows past <see cref="Capacity"/> entries starts over. Thread-safe; meant for one host's translations.
/// </summary>
public sealed class TranslationCache
{
    private readonly ConcurrentDictionary<ulong, MemoEntry> drafts = new();
    private readonly ConcurrentDictionary<uint, DatapathStamp> stamps = new();
    private readonly ConcurrentDictionary<(byte, ushort, uint), AssembledScope> scopes = new();
    private TranslatorOptions? options;
    private HostIndex? lastIndex;
    private readonly Lock gate = new();
    private readonly Budget draftBudget;
    private readonly Budget scopeBudget;

    public TranslationCache(int capacity = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        draftBudget = new Budget(capacity);
        scopeBudget = new Budget(capacity);
        Syntax = new SyntaxCache(capacity);
        Interner = new FlowInterner(capacity);
    }

    /// <summary>Entries per table (parsed texts, translated logical flows) before that table is dropped and refilled.</summary>
    public int Capacity { get; }

    /// <summary>Logical flows whose translation is held.</summary>
    public int Count => drafts.Count;

    internal SyntaxCache Syntax { get; }

    /// <summary>Shared fields, action lists and origin lists, for the drafts kept here and the flows made from them.</summary>
    internal FlowInterner Interner { get; }

    public void Clear()
    {
        lock (gate)
        {
            drafts.Clear();
            stamps.Clear();
            scopes.Clear();
            draftBudget.Reset();
            scopeBudget.Reset();
            Syntax.Clear();
            lastIndex = null;
        }
    }

    /// <summary>The index of <paramref name="view"/>, sharing what it can with the previous one (and remembered for the next).</summary>
    internal HostIndex Index(HostView view, TranslatorOptions opts)
    {
        lock (gate)
        {
            if (options != opts)
            {
                drafts.Clear();
                stamps.Clear();
                scopes.Clear();
                draftBudget.Reset();
                scopeBudget.Reset();
                lastIndex = null;
                options = opts;
            }
            var index = HostIndex.Reusing(view, opts, lastIndex);
            lastIndex = index;
            return index;
        }
    }

    /// <summary>The stamps of every datapath the host translates.</summary>
    internal Dictionary<uint, DatapathStamp> Stamps(HostIndex index)
    {
        var stamps = new Dictionary<uint, DatapathStamp>(index.Relevant.Length);
        foreach (uint dp in index.Relevant) stamps[dp] = Stamp(index, index.Scopes[dp]);
        return stamps;
    }

    /// <summary>The stamp of <paramref name="datapath"/>'s names in <paramref name="index"/>: the previous one when they did not change.</summary>
    internal DatapathStamp Stamp(HostIndex index, DatapathScope scope)
    {
        uint dp = scope.Datapath.Key;
        var keys = scope.Keys;
        var elsewhere = index.ElsewhereKeys(dp);
        if (stamps.TryGetValue(dp, out var old) && old.Matches(keys, elsewhere)) return old;
        var stamp = new DatapathStamp(keys, elsewhere);
        stamps[dp] = stamp;
        return stamp;
    }

    internal bool TryGet(LogicalFlow flow, DatapathStamp stamp, HostIndex index, out MemoEntry entry)
    {
        if (drafts.TryGetValue(flow.Id, out entry!) && ReferenceEquals(entry.Stamp, stamp)
            && (ReferenceEquals(entry.Flow, flow) || entry.Flow == flow) && entry.StillHolds(index))
            return true;
        entry = null!;
        return false;
    }

    internal void Store(MemoEntry entry)
    {
        if (draftBudget.Spend()) drafts.Clear();
        drafts[entry.Flow.Id] = entry;
    }

    /// <summary>
    /// The flows assembled last time from exactly these drafts (the same objects, in the same order) of
    /// <paramref name="scope"/>; assembly depends on nothing else.
    /// </summary>
    internal bool TryGetAssembled((byte, ushort, uint) scope, List<Draft> members, out AssembledScope assembled)
    {
        if (scopes.TryGetValue(scope, out assembled!) && assembled.Drafts.Length == members.Count)
        {
            var before = assembled.Drafts;
            int i = 0;
            while (i < before.Length && ReferenceEquals(before[i], members[i])) i++;
            if (i == before.Length) return true;
        }
        assembled = null!;
        return false;
    }

    internal void StoreAssembled((byte, ushort, uint) scope, AssembledScope assembled)
    {
        if (scopeBudget.Spend()) scopes.Clear();
        scopes[scope] = assembled;
    }
}

/// <summary>One scope's flows and problems, and the drafts they were assembled from.</summary>
internal sealed class AssembledScope(Draft[] drafts, DesiredFlow[] flows, TranslationDiagnostic[] problems)
{
    public Draft[] Drafts { get; } = drafts;

    public DesiredFlow[] Flows { get; } = flows;

    public TranslationDiagnostic[] Problems { get; } = problems;
}

/// <summary>The names a datapath's flows see (its port and group keys, its VIFs bound elsewhere), compared by content.</summary>
internal sealed class DatapathStamp(IReadOnlyDictionary<string, uint> keys, IReadOnlySet<uint> elsewhere)
{
    public bool Matches(IReadOnlyDictionary<string, uint> otherKeys, IReadOnlySet<uint> otherElsewhere)
    {
        if (!ReferenceEquals(keys, otherKeys))
        {
            if (keys.Count != otherKeys.Count) return false;
            foreach (var (name, key) in otherKeys)
                if (!keys.TryGetValue(name, out var k) || k != key) return false;
        }
        return ReferenceEquals(elsewhere, otherElsewhere) || elsewhere.Count == otherElsewhere.Count && elsewhere.SetEquals(otherElsewhere);
    }
}

/// <summary>A lookup a logical flow's translation made outside its datapath's names, with the answer it got.</summary>
internal readonly record struct NameLookup(NameLookupKind Kind, string Name, ImmutableArray<string>? Members, bool Resident)
{
    public bool StillHolds(HostIndex index) => Kind switch
    {
        NameLookupKind.PortGroup => Same(index.PortGroups.TryGetValue(Name, out var g) ? g : null, Members),
        NameLookupKind.AddressSet => Same(index.AddressSets.TryGetValue(Name, out var a) ? a : null, Members),
        _ => index.IsLocal(Name) == Resident,
    };

    private static bool Same(ImmutableArray<string>? now, ImmutableArray<string>? then) =>
        now is { } x ? then is { } y && (x == y || x.AsSpan().SequenceEqual(y.AsSpan())) : then is null;
}

internal enum NameLookupKind : byte { PortGroup, AddressSet, Resident }

/// <summary>One logical flow's translation and everything it depended on beyond the flow itself.</summary>
internal sealed class MemoEntry(LogicalFlow flow, DatapathStamp stamp, NameLookup[] lookups, IReadOnlyList<Draft> drafts, TranslationDiagnostic[] problems)
{
    public LogicalFlow Flow { get; } = flow;

    public DatapathStamp Stamp { get; } = stamp;

    public IReadOnlyList<Draft> Drafts { get; } = drafts;

    public TranslationDiagnostic[] Problems { get; } = problems;

    public bool StillHolds(HostIndex index)
    {
        foreach (var l in lookups)
            if (!l.StillHolds(index)) return false;
        return true;
    }
}
