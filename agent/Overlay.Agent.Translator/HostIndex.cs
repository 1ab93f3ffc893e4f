using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Immutable;
using Overlay.Agent.Translator.Expressions;
using Overlay.Agent.Translator.Layout;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>The names a match can use on one datapath: its ports and multicast groups, with their keys.</summary>
internal sealed class DatapathScope
{
    public DatapathScope(DatapathBinding datapath, IEnumerable<PortBinding> ports, IEnumerable<MulticastGroup> groups)
    {
        Datapath = datapath;
        var keys = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var p in ports)
        {
            keys[p.Name] = p.Key;
            this.ports.TryAdd(p.Name, p);
        }
        foreach (var g in groups) keys[g.Name] = g.Key;
        Keys = keys;
        byText = keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private readonly Dictionary<string, PortBinding> ports = new(StringComparer.Ordinal);

    /// <summary>The datapath's port named <paramref name="name"/>, or null.</summary>
    public PortBinding? Port(string name) => ports.TryGetValue(name, out var p) ? p : null;

    private readonly Dictionary<string, uint>.AlternateLookup<ReadOnlySpan<char>> byText;

    /// <summary>The key of the port or multicast group named <paramref name="name"/>, or null.</summary>
    public uint? KeyOf(ReadOnlySpan<char> name) => byText.TryGetValue(name, out uint key) ? key : null;

    public DatapathBinding Datapath { get; }

    /// <summary>Each port group's members on this datapath, for the member list they were worked out from.</summary>
    private ConcurrentDictionary<string, (ImmutableArray<string> Members, uint[] Keys)>? groups;

    /// <summary>
    /// The keys of <paramref name="members"/> (port group <paramref name="group"/>'s) that are names on this datapath,
    /// in member order; worked out once per member list (every ACL on the group asks).
    /// </summary>
    public uint[] MemberKeys(string group, ImmutableArray<string> members)
    {
        var byName = LazyInitializer.EnsureInitialized(ref groups, () => new(StringComparer.Ordinal));
        if (byName.TryGetValue(group, out var known) && known.Members == members) return known.Keys;
        var keys = new List<uint>();
        foreach (var m in members)
            if (KeyOf(m) is { } k) keys.Add(k);
        uint[] result = [.. keys];
        byName[group] = (members, result);
        return result;
    }

    /// <summary>Each port group's members on this datapath as alternatives on a port field, for the member list they were worked out from.</summary>
    private ConcurrentDictionary<(string Group, StorageMapping Storage), (ImmutableArray<string> Members, Clause[]? Alternatives)>? alternatives;

    /// <summary>
    /// The keys of port group <paramref name="group"/>'s <paramref name="members"/> on this datapath as clauses on
    /// <paramref name="storage"/>, minimized as a gathered OR is (<see cref="Normalizer.Minimal"/>, without a flow
    /// limit), or null when that leaves it to the general way; worked out once per member list (every ACL on the
    /// group asks). Shared: callers must not change the array.
    /// </summary>
    public Clause[]? MemberAlternatives(string group, ImmutableArray<string> members, StorageMapping storage)
    {
        var byGroup = LazyInitializer.EnsureInitialized(ref alternatives, () => new());
        if (byGroup.TryGetValue((group, storage), out var known) && known.Members == members) return known.Alternatives;
        var values = new List<Clause>();
        foreach (uint k in MemberKeys(group, members)) values.Add(new Clause(storage, k, Clause.Ones(storage.Width)));
        var result = Normalizer.Minimal(values, int.MaxValue);
        byGroup[(group, storage)] = (members, result);
        return result;
    }

    /// <summary>Port and multicast group name → key.</summary>
    public IReadOnlyDictionary<string, uint> Keys { get; }
}

/// <summary>The <see cref="DatapathScope"/> of each datapath, made once on first use; thread-safe.</summary>
internal sealed class ScopeTable(
    IReadOnlyDictionary<uint, DatapathBinding> datapaths,
    IReadOnlyDictionary<uint, ImmutableArray<PortBinding>> ports,
    IReadOnlyDictionary<uint, ImmutableArray<MulticastGroup>> groups)
{
    private readonly ConcurrentDictionary<uint, DatapathScope> made = new();

    public DatapathScope this[uint datapath] =>
        TryGetValue(datapath, out var scope) ? scope : throw new KeyNotFoundException($"no datapath with key {datapath}");

    public bool TryGetValue(uint datapath, [MaybeNullWhen(false)] out DatapathScope scope)
    {
        if (made.TryGetValue(datapath, out scope)) return true;
        scope = Make(datapath);
        return scope is not null;
    }

    // Apart from TryGetValue, whose every call would otherwise pay for this lambda's closure.
    private DatapathScope? Make(uint datapath) =>
        datapaths.TryGetValue(datapath, out var binding)
            ? made.GetOrAdd(datapath, _ => new DatapathScope(binding, ports[datapath], groups[datapath]))
            : null;
}

/// <summary>
/// Lookups derived once from a <see cref="HostView"/>: datapaths, ports and groups by name and key, where each
/// port is bound, the tunnel port toward each remote chassis, and the datapaths relevant to this host
/// (those with a local port, closed over patch links).
/// </summary>
internal sealed class HostIndex
{
    /// <summary>
    /// The index of <paramref name="view"/>, which differs from <paramref name="previous"/>'s view only in its logical flows,
    /// address sets and port groups: everything derived from the rest is shared.
    /// </summary>
    public HostIndex(HostView view, HostIndex previous)
    {
        View = view;
        Datapaths = previous.Datapaths;
        Patches = previous.Patches;
        Scopes = previous.Scopes;
        PortsOf = previous.PortsOf;
        GroupsOf = previous.GroupsOf;
        AddressSets = ByName(view.Network.AddressSets, a => a.Name, a => a.Addresses.Items);
        PortGroups = ByName(view.Network.PortGroups, g => g.Name, g => g.Ports.Items);
        Tunnels = previous.Tunnels;
        TunnelByChassis = previous.TunnelByChassis;
        Relevant = previous.Relevant;
        Elsewhere = previous.Elsewhere;
    }

    public HostIndex(HostView view, TranslatorOptions options) : this(view, options, null)
    {
    }

    /// <summary>
    /// The index of <paramref name="view"/>; the parts derived from datapaths, ports and multicast groups alone are
    /// taken from <paramref name="shared"/> when its network has the same ones.
    /// </summary>
    private HostIndex(HostView view, TranslatorOptions options, HostIndex? shared)
    {
        View = view;
        var net = view.Network;
        HashSet<uint>? seeds = null;
        HashSet<string>? here = null;
        if (shared is null)
        {
            // Plain dictionaries: built for the whole network on every binding change, looked up a few times per flow.
            var datapaths = new Dictionary<uint, DatapathBinding>(net.Datapaths.Length);
            foreach (var d in net.Datapaths) datapaths.TryAdd(d.Key, d);
            // One pass over the network's ports: by datapath, patch ports by name (a host looks up VIFs through its
            // datapaths' scopes), and the datapaths with a VIF bound here; ports in another order take a pass of lookups.
            var patches = new Dictionary<string, PortBinding>(StringComparer.Ordinal);
            var local = new HashSet<uint>();
            here = NamesBoundHere();
            var portsByDp = GroupRuns(net.Ports, p => p.Datapath, datapaths, (dp, run) =>
                {
                    // A datapath's other VIFs are not looked up once one is bound here.
                    bool isLocal = false;
                    foreach (var p in run)
                    {
                        if (p.IsPatch) patches.TryAdd(p.Name, p);
                        else if (!isLocal) isLocal = IsLocal(p.Name, here);
                    }
                    if (isLocal) local.Add(dp);
                })
                ?? GroupByDatapath(net.Ports, p => p.Datapath, datapaths, p =>
                {
                    if (p.IsPatch) patches.TryAdd(p.Name, p);
                    else if (!local.Contains(p.Datapath) && IsLocal(p.Name, here)) local.Add(p.Datapath);
                });
            seeds = local;
            var groupsByDp = GroupRuns(net.MulticastGroups, g => g.Datapath, datapaths) ?? GroupByDatapath(net.MulticastGroups, g => g.Datapath, datapaths);
            Datapaths = datapaths;
            Patches = patches;
            PortsOf = portsByDp;
            GroupsOf = groupsByDp;
            Scopes = new ScopeTable(datapaths, portsByDp, groupsByDp);
        }
        else
        {
            Datapaths = shared.Datapaths;
            Patches = shared.Patches;
            Scopes = shared.Scopes;
            PortsOf = shared.PortsOf;
            GroupsOf = shared.GroupsOf;
        }
        AddressSets = ByName(net.AddressSets, a => a.Name, a => a.Addresses.Items);
        PortGroups = ByName(net.PortGroups, g => g.Name, g => g.Ports.Items);
        Tunnels = TunnelPorts.Plan(view, options);
        TunnelByChassis = ByName(Tunnels, t => t.Chassis, t => t);
        Relevant = RelevantDatapaths(seeds ?? LocalDatapaths());
        // Only relevant datapaths' flows are translated, so only they need the set (bound here: the set the pass over
        // the ports used, when it made one).
        var elsewhere = new Dictionary<uint, IReadOnlySet<uint>>(Relevant.Length);
        foreach (uint dp in Relevant)
        {
            HashSet<uint>? keys = null;
            foreach (var p in PortsOf[dp])
                if (IsElsewhere(p, here)) (keys ??= []).Add(p.Key);
            elsewhere[dp] = keys is null ? FrozenSet<uint>.Empty : keys;
        }
        Elsewhere = elsewhere;
    }

    /// <summary>
    /// The index of <paramref name="view"/>, sharing with <paramref name="previous"/> (the index of an earlier view,
    /// or null) everything that is derived from parts both views have in common.
    /// </summary>
    public static HostIndex Reusing(HostView view, TranslatorOptions options, HostIndex? previous)
    {
        if (previous is null) return new HostIndex(view, options);
        if (!HostView.SameNames(previous.View, view)) return new HostIndex(view, options);
        // Tunnels and relevance also depend on the options (the tunnel port base), which a cache holds fixed.
        return HostView.SameBindings(previous.View, view) ? new HostIndex(view, previous) : new HostIndex(view, options, previous);
    }

    public HostView View { get; }

    public IReadOnlyDictionary<uint, DatapathBinding> Datapaths { get; }

    /// <summary>The network's patch ports by name.</summary>
    private IReadOnlyDictionary<string, PortBinding> Patches { get; }

    /// <summary>Each datapath's names, made when first asked for (a host looks at few of the network's datapaths).</summary>
    public ScopeTable Scopes { get; }

    public IReadOnlyDictionary<uint, ImmutableArray<PortBinding>> PortsOf { get; }

    public IReadOnlyDictionary<uint, ImmutableArray<MulticastGroup>> GroupsOf { get; }

    /// <summary>
    /// Items by datapath, in network order, with an empty entry for every datapath (items of unknown datapaths are left
    /// out), for items in any order: one lookup per item; <paramref name="visit"/>, when given, sees every item kept,
    /// in the same pass.
    /// </summary>
    private static Dictionary<uint, ImmutableArray<T>> GroupByDatapath<T>(ImmutableArray<T> items, Func<T, uint> datapathOf, Dictionary<uint, DatapathBinding> datapaths,
        Action<T>? visit = null)
    {
        var lists = new Dictionary<uint, ImmutableArray<T>.Builder>(datapaths.Count);
        foreach (var item in items)
        {
            uint dp = datapathOf(item);
            if (!datapaths.ContainsKey(dp)) continue;
            if (!lists.TryGetValue(dp, out var list)) lists[dp] = list = ImmutableArray.CreateBuilder<T>();
            list.Add(item);
            visit?.Invoke(item);
        }
        var result = new Dictionary<uint, ImmutableArray<T>>(datapaths.Count);
        foreach (uint dp in datapaths.Keys)
            result[dp] = lists.TryGetValue(dp, out var list) ? list.DrainToImmutable() : [];
        return result;
    }

    /// <summary>A datapath's run of items, for <see cref="GroupRuns"/>'s visitor.</summary>
    private delegate void RunVisitor<T>(uint datapath, ReadOnlySpan<T> run);

    /// <summary>
    /// <see cref="GroupByDatapath"/> for items listed by datapath, as northd lists them (each datapath's items one run):
    /// each run is copied out whole, with one lookup per run instead of per item, and shown to <paramref name="visit"/>
    /// when given. Null when a datapath's items come in two runs (what the visitor saw by then stands; the caller then
    /// takes <see cref="GroupByDatapath"/>).
    /// </summary>
    private static Dictionary<uint, ImmutableArray<T>>? GroupRuns<T>(ImmutableArray<T> items, Func<T, uint> datapathOf, Dictionary<uint, DatapathBinding> datapaths,
        RunVisitor<T>? visit = null)
    {
        var result = new Dictionary<uint, ImmutableArray<T>>(datapaths.Count);
        var all = items.AsSpan();
        for (int start = 0, end; start < all.Length; start = end)
        {
            uint dp = datapathOf(all[start]);
            end = start + 1;
            while (end < all.Length && datapathOf(all[end]) == dp) end++;
            if (!datapaths.ContainsKey(dp)) continue;
            if (!result.TryAdd(dp, ImmutableArray.Create(items, start, end - start))) return null;
            visit?.Invoke(dp, all[start..end]);
        }
        foreach (uint dp in datapaths.Keys) result.TryAdd(dp, []);
        return result;
    }

    public IReadOnlyDictionary<string, ImmutableArray<string>> AddressSets { get; }

    public IReadOnlyDictionary<string, ImmutableArray<string>> PortGroups { get; }

    /// <summary>
    /// Items by name (a name twice is an <see cref="ArgumentException"/>). A plain dictionary: made on every translation
    /// and looked up a few times per flow, where a frozen one costs three times as much to make and saves nothing.
    /// </summary>
    private static Dictionary<string, TValue> ByName<T, TValue>(ImmutableArray<T> items, Func<T, string> name, Func<T, TValue> value)
    {
        var byName = new Dictionary<string, TValue>(items.Length, StringComparer.Ordinal);
        foreach (var item in items) byName.Add(name(item), value(item));
        return byName;
    }

    /// <summary>Each address set's alternatives on a field's bits, for the entries they were worked out from.</summary>
    private ConcurrentDictionary<(string Name, StorageMapping Storage, int Offset, int Width), (ImmutableArray<string> Entries, Clause[]? Alternatives, int Count)>? addressAlternatives;

    /// <summary>
    /// <see cref="Annotator.AddressSetAlternatives"/> of address set <paramref name="name"/>'s <paramref name="entries"/>,
    /// worked out once per entry list and field (every ACL on the set asks). Shared: callers must not change the array.
    /// </summary>
    public Clause[]? AddressSetAlternatives(string name, ImmutableArray<string> entries, StorageMapping storage, int offset, int width, out int count)
    {
        var bySet = LazyInitializer.EnsureInitialized(ref addressAlternatives, () => new());
        if (bySet.TryGetValue((name, storage, offset, width), out var known) && known.Entries == entries)
        {
            count = known.Count;
            return known.Alternatives;
        }
        var result = Annotator.AddressSetAlternatives(entries, storage, offset, width, out count);
        bySet[(name, storage, offset, width)] = (entries, result, count);
        return result;
    }

    public ImmutableArray<TunnelPort> Tunnels { get; }

    public IReadOnlyDictionary<string, TunnelPort> TunnelByChassis { get; }

    /// <summary>Datapath keys translated on this host, ascending.</summary>
    public ImmutableArray<uint> Relevant { get; }

    public bool IsRelevant(uint datapath) => Relevant.BinarySearch(datapath) >= 0;

    private Dictionary<uint, IReadOnlySet<uint>> Elsewhere { get; }

    /// <summary>Keys of the relevant datapath's VIFs bound elsewhere (or nowhere).</summary>
    public IReadOnlySet<uint> ElsewhereKeys(uint datapath) => Elsewhere.TryGetValue(datapath, out var s) ? s : FrozenSet<uint>.Empty;

    public string? ChassisOf(string port) => View.PortChassis.TryGetValue(port, out var c) ? c : null;

    public bool IsLocal(string port) => ChassisOf(port) == View.Chassis;

    /// <summary>A VIF not bound to this chassis (remote or unbound): flows pinned to it are not needed here. Answered from <paramref name="here"/> when the index made that set.</summary>
    private bool IsElsewhere(PortBinding port, HashSet<string>? here) => !port.IsPatch && !IsLocal(port.Name, here);

    public uint? OfPortOf(string port) => IsLocal(port) && View.OfPorts.TryGetValue(port, out var n) ? n : null;

    public PortBinding? PeerOf(PortBinding patch) =>
        patch.IsPatch && patch.Peer is { } peer && Patches.TryGetValue(peer, out var p) ? p : null;

    /// <summary>
    /// The ports bound to this chassis, for a pass over a network with about as many ports as there are bindings (a
    /// whole network, not just this host's part): a host holds a few of them, and this set stays in cache where the
    /// bindings do not. Null for a smaller network, whose ports are looked up among the bindings.
    /// </summary>
    private HashSet<string>? NamesBoundHere()
    {
        if (View.Network.Ports.Length < View.PortChassis.Count / 2) return null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, chassis) in View.PortChassis)
            if (chassis == View.Chassis) names.Add(port);
        return names;
    }

    /// <summary><see cref="IsLocal(string)"/>, answered from <see cref="NamesBoundHere"/> when it made a set.</summary>
    private bool IsLocal(string port, HashSet<string>? here) => here is null ? IsLocal(port) : here.Contains(port);

    /// <summary>The known datapaths with a VIF bound here.</summary>
    private HashSet<uint> LocalDatapaths()
    {
        var local = new HashSet<uint>();
        var here = NamesBoundHere();
        foreach (var p in View.Network.Ports)
            if (!p.IsPatch && IsLocal(p.Name, here) && Datapaths.ContainsKey(p.Datapath)) local.Add(p.Datapath);
        return local;
    }

    /// <summary>The <paramref name="local"/> datapaths, closed over patch links.</summary>
    private ImmutableArray<uint> RelevantDatapaths(HashSet<uint> local)
    {
        var seen = new HashSet<uint>();
        var work = new Queue<uint>();
        foreach (uint dp in local)
            if (seen.Add(dp)) work.Enqueue(dp);
        while (work.Count > 0)
        {
            uint dp = work.Dequeue();
            foreach (var p in PortsOf[dp])
                if (PeerOf(p) is { } peer && Datapaths.ContainsKey(peer.Datapath) && seen.Add(peer.Datapath)) work.Enqueue(peer.Datapath);
        }
        return [.. seen.Order()];
    }
}
