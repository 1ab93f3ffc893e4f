using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>Who owns a port name: a switch (LSP) or a router (LRP). Port names share one namespace.</summary>
internal readonly record struct PortOwner(bool IsRouterPort, string Datapath);

/// <summary>
/// The working state of one NB transaction: the database so far, the datapath key allocator, the
/// port-name namespace, where each object and field came from, and the errors found.
/// </summary>
internal sealed class TxState
{
    // The database the transaction started from: port owners and datapath keys not yet touched are looked up
    // there on demand, so a one-port change does not index every port of a large database.
    private readonly NbDatabase initial;
    private KeyAllocator? datapathKeys;
    // Owners looked up so far, plus every claim and release the transaction made (null: released or absent).
    private readonly Dictionary<string, PortOwner?> ports = new(StringComparer.Ordinal);
    private readonly Dictionary<(bool IsRouter, string Datapath), KeyAllocator> portKeys = [];

    public TxState(NbDatabase db)
    {
        initial = db;
        Db = db;
    }

    public NbDatabase Db { get; set; }

    public List<NbDiagnostic> Errors { get; } = [];

    public SourceMap Sources { get; } = new();

    public NbCommand Current { get; set; } = null!;

    public SourceLocation? At => Current.Source;

    public void Error(string obj, string field, string value, string message) =>
        Errors.Add(new NbDiagnostic(obj, field, value, message, Current.Source));

    public uint? AllocateDatapathKey() => DatapathKeys().Allocate();

    public void ReleaseDatapathKey(uint key) => DatapathKeys().Release(key);

    private KeyAllocator DatapathKeys() => datapathKeys ??= new KeyAllocator(
        initial.Switches.Values.Select(s => s.TunnelKey).Concat(initial.Routers.Values.Select(r => r.TunnelKey)),
        Keys.MinDatapath, Keys.MaxDatapath);

    /// <summary>The lowest free port key of a datapath (its allocator is built from its ports on first use).</summary>
    public uint? AllocatePortKey(bool isRouter, string datapath, Func<IEnumerable<uint>> existing)
    {
        if (!portKeys.TryGetValue((isRouter, datapath), out var keys))
            portKeys[(isRouter, datapath)] = keys = new KeyAllocator(existing(), Keys.MinPort, Keys.MaxPort);
        return keys.Allocate();
    }

    public void ReleasePortKey(bool isRouter, string datapath, uint key)
    {
        if (portKeys.TryGetValue((isRouter, datapath), out var keys)) keys.Release(key);
    }

    /// <summary>Forgets a deleted datapath's port keys; a new datapath of that name starts afresh.</summary>
    public void DropPortKeys(bool isRouter, string datapath) => portKeys.Remove((isRouter, datapath));

    public PortOwner? OwnerOf(string port)
    {
        if (!ports.TryGetValue(port, out var owner)) ports[port] = owner = InitialOwner(port);
        return owner;
    }

    public void ClaimPort(string port, PortOwner owner) => ports[port] = owner;

    public void ReleasePort(string port) => ports[port] = null;

    // As if every port of the initial database were entered in walk order (switches, then routers), later
    // entries replacing earlier ones: a name on several datapaths (which a store could hold, and the validator
    // reports) belongs to the last router holding it, else to the last switch.
    private PortOwner? InitialOwner(string port)
    {
        PortOwner? owner = null;
        foreach (var lr in initial.Routers.Values)
            if (lr.Ports.ContainsKey(port)) owner = new PortOwner(true, lr.Name);
        if (owner is not null) return owner;
        foreach (var sw in initial.Switches.Values)
            if (sw.Ports.ContainsKey(port)) owner = new PortOwner(false, sw.Name);
        return owner;
    }

    /// <summary>A name for an unnamed switch or router: prefix + tunnel key, made unique if a user took it.</summary>
    public static string GeneratedName(string prefix, uint key, Func<string, bool> taken)
    {
        string name = $"{prefix}{key}";
        for (int n = 2; taken(name); n++) name = $"{prefix}{key}-{n}";
        return name;
    }

    // --- switches and their ports ---

    public LogicalSwitch? Switch(string name) => Db.Switches.GetValueOrDefault(name);

    public void Put(LogicalSwitch sw) => Db = Db with { Switches = Db.Switches.SetItem(sw.Name, sw) };

    public void Put(LogicalRouter lr) => Db = Db with { Routers = Db.Routers.SetItem(lr.Name, lr) };

    public void Put(PortGroup pg) => Db = Db with { PortGroups = Db.PortGroups.SetItem(pg.Name, pg) };

    public void Put(AddressSet set) => Db = Db with { AddressSets = Db.AddressSets.SetItem(set.Name, set) };

    public (LogicalSwitch Switch, SwitchPort Port)? FindSwitchPort(string name) =>
        OwnerOf(name) is { IsRouterPort: false } o && Switch(o.Datapath) is { } sw && sw.Ports.TryGetValue(name, out var p) ? (sw, p) : null;

    public void PutPort(LogicalSwitch sw, SwitchPort port) => Put(sw with { Ports = sw.Ports.SetItem(port.Name, port) });

    public LogicalRouter? Router(string name) => Db.Routers.GetValueOrDefault(name);

    public (LogicalRouter Router, RouterPort Port)? FindRouterPort(string name) =>
        OwnerOf(name) is { IsRouterPort: true } o && Router(o.Datapath) is { } lr && lr.Ports.TryGetValue(name, out var p) ? (lr, p) : null;

    /// <summary>Drops deleted switch ports from every port group, as OVSDB's weak references do.</summary>
    public void RemoveFromPortGroups(IReadOnlyCollection<string> deleted)
    {
        if (deleted.Count == 0) return;
        var gone = deleted.ToHashSet(StringComparer.Ordinal);
        foreach (var pg in Db.PortGroups.Values)
            if (pg.Ports.Any(gone.Contains))
                Put(pg with { Ports = pg.Ports.Where(p => !gone.Contains(p)).ToValueArray() });
    }
}
