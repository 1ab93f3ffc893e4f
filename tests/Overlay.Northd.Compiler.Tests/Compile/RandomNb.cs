using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>
/// Random NB transactions from a seed, edited directly on the model records. Small name, MAC and IP
/// pools make reuse, duplicates, dangling references and overlapping subnets common. Port names are
/// unique across switches and router port names across routers (as the NB validator requires); tunnel
/// keys are unique per datapath.
/// </summary>
internal sealed class RandomNb(int seed)
{
    private readonly Random rng = new(seed);
    private static readonly ImmutableSortedDictionary<string, string> NoOptions = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    private static readonly string[] SwitchNames = ["ls0", "ls1", "ls2", "ls3", "ls4"];
    private static readonly string[] RouterNames = ["lr0", "lr1", "lr2"];
    private static readonly string[] PortNames = Enumerable.Range(0, 36).Select(i => $"p{i}").ToArray();
    private static readonly string[] RouterPortNames = Enumerable.Range(0, 14).Select(i => $"rp{i}").ToArray();
    private static readonly string[] GroupNames = ["pg0", "pg1", "pg2"];
    private static readonly string[] SetNames = ["as0", "as1"];
    private static readonly string[] AclMatches =
    [
        "ip4", "tcp.dst == 80", "ip4.src == $as0", "outport == @pg0 && ip4", "inport == @pg1", "udp && udp.dst == 53",
        "1", "ip4.dst == {10.0.0.0/24, 10.0.1.5}", "eth.src == 02:00:00:00:00:01", "ip4.src == ",
    ];
    private static readonly string[] AclActions = ["allow", "allow-related", "allow-stateless", "drop", "reject", "bogus"];
    private static readonly string[] Prefixes = ["10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/16", "0.0.0.0/0", "10.0.2.5", "10.0.0.0/23", "nonsense"];
    private static readonly string[] NextHops = ["10.0.0.1", "10.0.1.2", "10.0.2.3", "10.0.0.9", "discard", "10.9.9.9"];

    public NbDatabase Db { get; private set; } = NbDatabase.Empty;

    public static NbDatabase Evolve(int seed, int steps)
    {
        var r = new RandomNb(seed);
        for (int i = 0; i < steps; i++) r.Step();
        return r.Db;
    }

    /// <summary>One NB transaction of one edit, sometimes several; returns what it did.</summary>
    public string Step()
    {
        int edits = rng.Next(8) == 0 ? rng.Next(2, 5) : 1;
        var done = new List<string>(edits);
        for (int i = 0; i < edits; i++) done.Add(Edit());
        Db = Db with { Revision = Db.Revision + 1 };
        return string.Join("; ", done);
    }

    private string Edit()
    {
        switch (rng.Next(24))
        {
            case 0: return AddSwitch();
            case 1: return Db.Switches.Count > 3 || rng.Next(3) == 0 ? RemoveSwitch() : AddSwitch();
            case 2: return RekeySwitch();
            case 3: case 4: case 5: return AddVif();
            case 6: return RemovePort();
            case 7: case 8: return EditPort(p => p with { Addresses = RandomAddresses() }, "addresses");
            case 9: return EditPort(p => p with { PortSecurity = RandomPortSecurity() }, "port security");
            case 10: return EditPort(p => p with { Enabled = !p.Enabled }, "enabled");
            case 11: return MovePort();
            case 12: return Db.Routers.Count < 3 ? AddRouter() : RemoveRouter();
            case 13: case 14: return AddRouterPort();
            case 15: return RemoveRouterPort();
            case 16: return EditRouterPort();
            case 17: case 18: return AddRouterLink();
            case 19: return EditRoutes();
            case 20: return EditSwitchAcls();
            case 21: return EditPortGroup();
            case 22: return EditAddressSet();
            default: return RekeyRouter();
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private string Mac() => $"02:00:00:00:00:{rng.Next(20):x2}";

    private string Ip() => $"10.0.{rng.Next(3)}.{rng.Next(1, 12)}";

    private uint FreeDatapathKey()
    {
        var used = Db.Switches.Values.Select(s => s.TunnelKey).Concat(Db.Routers.Values.Select(r => r.TunnelKey)).ToHashSet();
        uint k;
        do k = (uint)rng.Next(1, 64); while (used.Contains(k));
        return k;
    }

    private static uint FreePortKey(IEnumerable<uint> used)
    {
        var set = used.ToHashSet();
        uint k = 1;
        while (set.Contains(k)) k++;
        return k;
    }

    private string? UnusedLspName()
    {
        var used = Db.Switches.Values.SelectMany(s => s.Ports.Keys).ToHashSet();
        var free = PortNames.Where(n => !used.Contains(n)).ToList();
        return free.Count == 0 ? null : Pick(free);
    }

    private string? UnusedLrpName()
    {
        var used = Db.Routers.Values.SelectMany(r => r.Ports.Keys).ToHashSet();
        var free = RouterPortNames.Where(n => !used.Contains(n)).ToList();
        return free.Count == 0 ? null : Pick(free);
    }

    private ValueArray<string> RandomAddresses() => rng.Next(10) switch
    {
        0 => ValueArray<string>.Empty,
        1 => ValueArray.Create("unknown"),
        2 => ValueArray.Create($"{Mac()} {Ip()} {Ip()}"),
        3 => ValueArray.Create(Mac()),
        4 => ValueArray.Create($"{Mac()} fd00::{rng.Next(1, 9)}"),
        5 => ValueArray.Create($"{Mac()} {Ip()}", "unknown"),
        6 => ValueArray.Create($"{Mac()} {Ip()}", $"{Mac()} {Ip()}"),
        7 => ValueArray.Create("not-a-mac 10.0.0.1"),
        _ => ValueArray.Create($"{Mac()} {Ip()}"),
    };

    private ValueArray<string> RandomPortSecurity() => rng.Next(7) switch
    {
        0 => ValueArray.Create(Mac()),
        1 => ValueArray.Create($"{Mac()} {Ip()}"),
        2 => ValueArray.Create($"{Mac()} {Ip()}/24"),
        3 => ValueArray.Create($"{Mac()} fd00::{rng.Next(1, 9)}"),
        4 => ValueArray.Create($"{Mac()} {Ip()},{Ip()}", Mac()),
        _ => ValueArray<string>.Empty,
    };

    private void SetSwitch(LogicalSwitch sw) => Db = Db with { Switches = Db.Switches.SetItem(sw.Name, sw) };

    private void SetRouter(LogicalRouter r) => Db = Db with { Routers = Db.Routers.SetItem(r.Name, r) };

    private string AddSwitch()
    {
        var name = Pick(SwitchNames);
        if (Db.Switches.ContainsKey(name)) return AddVif();
        SetSwitch(LogicalSwitch.Create(name, FreeDatapathKey()));
        return $"add switch {name}";
    }

    private string RemoveSwitch()
    {
        if (Db.Switches.Count == 0) return AddSwitch();
        var name = Pick(Db.Switches.Keys.ToList());
        Db = Db with { Switches = Db.Switches.Remove(name) };
        return $"remove switch {name}";
    }

    private string RekeySwitch()
    {
        if (Db.Switches.Count == 0) return AddSwitch();
        var sw = Pick(Db.Switches.Values.ToList());
        SetSwitch(sw with { TunnelKey = FreeDatapathKey() });
        return $"re-key switch {sw.Name}";
    }

    private string RekeyRouter()
    {
        if (Db.Routers.Count == 0) return AddRouter();
        var r = Pick(Db.Routers.Values.ToList());
        SetRouter(r with { TunnelKey = FreeDatapathKey() });
        return $"re-key router {r.Name}";
    }

    private string AddVif()
    {
        if (Db.Switches.Count == 0) return AddSwitch();
        if (UnusedLspName() is not { } name) return RemovePort();
        var sw = Pick(Db.Switches.Values.ToList());
        var port = new SwitchPort(name, PortTypes.Vif, RandomAddresses(), RandomPortSecurity(), NoOptions,
            FreePortKey(sw.Ports.Values.Select(p => p.TunnelKey)), Enabled: rng.Next(8) != 0);
        SetSwitch(sw with { Ports = sw.Ports.Add(name, port) });
        return $"add vif {name} on {sw.Name}";
    }

    private (LogicalSwitch Switch, SwitchPort Port)? AnyPort()
    {
        var all = Db.Switches.Values.SelectMany(s => s.Ports.Values.Select(p => (s, p))).ToList();
        return all.Count == 0 ? null : Pick(all);
    }

    private string RemovePort()
    {
        if (AnyPort() is not { } found) return AddVif();
        SetSwitch(found.Switch with { Ports = found.Switch.Ports.Remove(found.Port.Name) });
        return $"remove port {found.Port.Name}";
    }

    private string EditPort(Func<SwitchPort, SwitchPort> edit, string what)
    {
        if (AnyPort() is not { } found) return AddVif();
        SetSwitch(found.Switch with { Ports = found.Switch.Ports.SetItem(found.Port.Name, edit(found.Port)) });
        return $"edit {what} of {found.Port.Name}";
    }

    private string MovePort()
    {
        if (AnyPort() is not { } found || Db.Switches.Count < 2) return AddVif();
        var target = Pick(Db.Switches.Values.Where(s => s.Name != found.Switch.Name).ToList());
        SetSwitch(found.Switch with { Ports = found.Switch.Ports.Remove(found.Port.Name) });
        var port = found.Port with { TunnelKey = FreePortKey(target.Ports.Values.Select(p => p.TunnelKey)) };
        SetSwitch(target with { Ports = target.Ports.Add(port.Name, port) });
        return $"move {port.Name} from {found.Switch.Name} to {target.Name}";
    }

    private string AddRouter()
    {
        var name = Pick(RouterNames);
        if (Db.Routers.ContainsKey(name)) return AddRouterPort();
        SetRouter(LogicalRouter.Create(name, FreeDatapathKey()));
        return $"add router {name}";
    }

    private string RemoveRouter()
    {
        if (Db.Routers.Count == 0) return AddRouter();
        var name = Pick(Db.Routers.Keys.ToList());
        Db = Db with { Routers = Db.Routers.Remove(name) };
        return $"remove router {name}";
    }

    private ValueArray<string> RandomNetworks() => rng.Next(6) switch
    {
        0 => ValueArray.Create($"10.0.{rng.Next(3)}.{rng.Next(1, 4)}/24", $"10.1.{rng.Next(2)}.1/16"),
        1 => ValueArray.Create($"10.0.{rng.Next(3)}.{rng.Next(1, 4)}/30"),
        2 => ValueArray.Create($"10.0.{rng.Next(3)}.{rng.Next(1, 4)}/32"),
        3 => ValueArray.Create($"10.0.{rng.Next(3)}.1/24", "fd00::1/64"),
        _ => ValueArray.Create($"10.0.{rng.Next(3)}.{rng.Next(1, 4)}/24"),
    };

    private string? RandomPeer() => rng.Next(3) == 0 ? Pick(RouterPortNames) : null;

    private string AddRouterPort()
    {
        if (Db.Routers.Count == 0) return AddRouter();
        if (UnusedLrpName() is not { } name) return RemoveRouterPort();
        var r = Pick(Db.Routers.Values.ToList());
        var port = new RouterPort(name, rng.Next(5) == 0 ? "bad-mac" : Mac(), RandomNetworks(), RandomPeer(),
            FreePortKey(r.Ports.Values.Select(p => p.TunnelKey)), Enabled: rng.Next(8) != 0);
        SetRouter(r with { Ports = r.Ports.Add(name, port) });
        return $"add router port {name} on {r.Name}";
    }

    private (LogicalRouter Router, RouterPort Port)? AnyRouterPort()
    {
        var all = Db.Routers.Values.SelectMany(r => r.Ports.Values.Select(p => (r, p))).ToList();
        return all.Count == 0 ? null : Pick(all);
    }

    private string RemoveRouterPort()
    {
        if (AnyRouterPort() is not { } found) return AddRouterPort();
        SetRouter(found.Router with { Ports = found.Router.Ports.Remove(found.Port.Name) });
        return $"remove router port {found.Port.Name}";
    }

    private string EditRouterPort()
    {
        if (AnyRouterPort() is not { } found) return AddRouterPort();
        var p = found.Port;
        var edited = rng.Next(4) switch
        {
            0 => p with { Mac = Mac() },
            1 => p with { Networks = RandomNetworks() },
            2 => p with { Enabled = !p.Enabled },
            _ => p with { Peer = RandomPeer() },
        };
        SetRouter(found.Router with { Ports = found.Router.Ports.SetItem(p.Name, edited) });
        return $"edit router port {p.Name}";
    }

    /// <summary>A router-type switch port naming a router port (which may not exist, or be named twice).</summary>
    private string AddRouterLink()
    {
        if (Db.Switches.Count == 0) return AddSwitch();
        if (AnyPort() is { Port.Type: PortTypes.Router } existing && rng.Next(3) == 0)
        {
            var retargeted = existing.Port with { Options = NoOptions.SetItem("router-port", Pick(RouterPortNames)) };
            SetSwitch(existing.Switch with { Ports = existing.Switch.Ports.SetItem(retargeted.Name, retargeted) });
            return $"retarget {retargeted.Name}";
        }
        if (UnusedLspName() is not { } name) return RemovePort();
        var sw = Pick(Db.Switches.Values.ToList());
        var lrp = AnyRouterPort() is { } rp && rng.Next(4) != 0 ? rp.Port.Name : Pick(RouterPortNames);
        var addresses = rng.Next(5) == 0 ? ValueArray.Create($"{Mac()} {Ip()}") : ValueArray.Create("router");
        var port = new SwitchPort(name, PortTypes.Router, addresses, ValueArray<string>.Empty, NoOptions.SetItem("router-port", lrp),
            FreePortKey(sw.Ports.Values.Select(p => p.TunnelKey)), Enabled: rng.Next(8) != 0);
        SetSwitch(sw with { Ports = sw.Ports.Add(name, port) });
        return $"link {name} on {sw.Name} to {lrp}";
    }

    private string EditRoutes()
    {
        if (Db.Routers.Count == 0) return AddRouter();
        var r = Pick(Db.Routers.Values.ToList());
        var routes = r.StaticRoutes.Items;
        if (routes.Length > 0 && rng.Next(3) == 0)
            routes = routes.RemoveAt(rng.Next(routes.Length));
        else
            routes = routes.Add(new StaticRoute(Pick(Prefixes), Pick(NextHops),
                rng.Next(4) == 0 ? Pick(RouterPortNames) : null, rng.Next(4) == 0 ? "src-ip" : "dst-ip"));
        SetRouter(r with { StaticRoutes = routes });
        return $"routes of {r.Name}";
    }

    private Acl RandomAcl() => new(rng.Next(2) == 0 ? "from-lport" : "to-lport", rng.Next(3) * 100, Pick(AclMatches), Pick(AclActions));

    private ValueArray<Acl> EditAcls(ValueArray<Acl> acls) =>
        acls.Count > 0 && rng.Next(3) == 0 ? acls.Items.RemoveAt(rng.Next(acls.Count)) : acls.Items.Add(RandomAcl());

    private string EditSwitchAcls()
    {
        if (Db.Switches.Count == 0) return AddSwitch();
        var sw = Pick(Db.Switches.Values.ToList());
        SetSwitch(sw with { Acls = EditAcls(sw.Acls) });
        return $"acls of {sw.Name}";
    }

    private string EditPortGroup()
    {
        var name = Pick(GroupNames);
        var pg = Db.PortGroups.GetValueOrDefault(name);
        if (pg is not null && rng.Next(6) == 0)
        {
            Db = Db with { PortGroups = Db.PortGroups.Remove(name) };
            return $"remove port group {name}";
        }
        pg ??= new PortGroup(name, ValueArray<string>.Empty, ValueArray<Acl>.Empty);
        var ports = pg.Ports.Items;
        if (rng.Next(2) == 0)
            pg = pg with { Acls = EditAcls(pg.Acls) };
        else if (ports.Length > 0 && rng.Next(3) == 0)
            pg = pg with { Ports = ports.RemoveAt(rng.Next(ports.Length)) };
        else
            pg = pg with { Ports = ports.Add(Pick(PortNames)) };
        Db = Db with { PortGroups = Db.PortGroups.SetItem(name, pg) };
        return $"port group {name}";
    }

    private string EditAddressSet()
    {
        var name = Pick(SetNames);
        if (Db.AddressSets.ContainsKey(name) && rng.Next(4) == 0)
        {
            Db = Db with { AddressSets = Db.AddressSets.Remove(name) };
            return $"remove address set {name}";
        }
        var addresses = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Ip()).ToValueArray();
        Db = Db with { AddressSets = Db.AddressSets.SetItem(name, new AddressSet(name, addresses)) };
        return $"address set {name}";
    }
}
