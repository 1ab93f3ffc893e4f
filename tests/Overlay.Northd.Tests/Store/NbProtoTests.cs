using System.Collections.Immutable;
using Google.Protobuf;
using Overlay.Logical;
using Overlay.Northd.Api;
using Overlay.Northd.Compiler.Nb;
using Overlay.TestSupport;
using Pb = Overlay.Contracts.Nb;

namespace Overlay.Northd.Tests.Store;

public sealed class NbProtoTests
{
    internal static NbDatabase TwoTier()
    {
        var path = RepoRoot.Combine("deploy", "examples", "two-tier.nbctl");
        var result = NbScript.Load(File.ReadAllText(path), path);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        return result.Database!;
    }

    private static NbDatabase RoundTrip(NbDatabase db)
    {
        // Through the bytes too, as the wire and the snapshot carry it.
        var bytes = NbProto.ToProto(db).ToByteArray();
        return NbProto.FromProto(Pb.Database.Parser.ParseFrom(bytes));
    }

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoRoot.Combine("deploy", "examples"), "*.nbctl").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_scripts_round_trip(string name)
    {
        var path = RepoRoot.Combine("deploy", "examples", name);
        var result = NbScript.Load(File.ReadAllText(path), path);
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        var db = result.Database!;
        Assert.NotEmpty(db.Switches);
        Assert.Equal(db, RoundTrip(db));
    }

    [Fact]
    public void Two_tier_example_keeps_every_tunnel_key()
    {
        var db = TwoTier();
        var back = RoundTrip(db);
        Assert.Equal(
            db.Switches.Values.SelectMany(s => s.Ports.Values.Select(p => (s.Name, s.TunnelKey, p.Name, p.TunnelKey))),
            back.Switches.Values.SelectMany(s => s.Ports.Values.Select(p => (s.Name, s.TunnelKey, p.Name, p.TunnelKey))));
        Assert.Equal(
            db.Routers.Values.SelectMany(r => r.Ports.Values.Select(p => (r.Name, r.TunnelKey, p.Name, p.TunnelKey))),
            back.Routers.Values.SelectMany(r => r.Ports.Values.Select(p => (r.Name, r.TunnelKey, p.Name, p.TunnelKey))));
    }

    [Fact]
    public void Every_field_survives_including_keys_flags_names_routes_and_nulls()
    {
        var script = """
            ls-add sw0
            lsp-add sw0 a -- lsp-set-addresses a "50:54:00:00:00:01 10.0.0.3" -- lsp-set-enabled a disabled
            lsp-add sw0 b -- lsp-set-options b foo=bar baz=qux
            lr-add lr0
            lr-add lr1
            lrp-add lr0 lr0-lr1 00:00:00:00:ff:01 169.254.0.1/30 peer=lr1-lr0
            lrp-add lr1 lr1-lr0 00:00:00:00:ff:02 169.254.0.2/30 peer=lr0-lr1
            lrp-add lr0 lr0-sw0 00:00:00:00:ff:03 10.0.0.1/24
            lr-route-add lr0 0.0.0.0/0 169.254.0.2 lr0-lr1
            --policy=src-ip lr-route-add lr0 10.0.0.0/24 169.254.0.2
            --name=web acl-add sw0 to-lport 1000 "ip4" allow
            acl-add sw0 from-lport 900 "ip4" drop
            """;
        var result = NbScript.Load(script, "test");
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
        var db = result.Database!;
        var pb = NbProto.ToProto(db);

        var sw = Assert.Single(pb.Switches);
        Assert.Equal(db.Switches["sw0"].TunnelKey, sw.TunnelKey);
        Assert.True(sw.Ports.Single(p => p.Name == "a").Disabled);
        Assert.Equal("bar", sw.Ports.Single(p => p.Name == "b").Options["foo"]);
        Assert.Equal(["", "web"], sw.Acls.Select(a => a.Name).Order(StringComparer.Ordinal));
        var lr0 = pb.Routers.Single(r => r.Name == "lr0");
        Assert.Equal("lr1-lr0", lr0.Ports.Single(p => p.Name == "lr0-lr1").Peer);
        Assert.Equal("", lr0.Ports.Single(p => p.Name == "lr0-sw0").Peer);
        Assert.Contains(lr0.StaticRoutes, r => r.Policy == "src-ip" && r.OutputPort == "");
        Assert.Contains(lr0.StaticRoutes, r => r.Policy == "dst-ip" && r.OutputPort == "lr0-lr1");

        var back = RoundTrip(db);
        Assert.Equal(db, back);
        Assert.Null(back.Routers["lr0"].Ports["lr0-sw0"].Peer);
        Assert.False(back.Switches["sw0"].Ports["a"].Enabled);
        Assert.Null(back.Switches["sw0"].Acls.Single(a => a.Action == "drop").Name);
        Assert.Equal(db.Revision, back.Revision);
    }

    [Fact]
    public void Random_databases_round_trip()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 300; i++)
        {
            var db = RandomDatabase(random);
            Assert.Equal(db, RoundTrip(db));
        }
    }

    [Fact]
    public void Empty_database_round_trips()
    {
        Assert.Equal(NbDatabase.Empty, RoundTrip(NbDatabase.Empty));
        Assert.Equal(NbDatabase.Empty with { Revision = 42 }, RoundTrip(NbDatabase.Empty with { Revision = 42 }));
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "duplicate switch", "ls sw0 appears twice" },
        { "duplicate router", "lr lr0 appears twice" },
        { "duplicate port on a switch", "lsp p1 appears twice on ls sw0" },
        { "port on a switch and a router", "lrp p1 is on both ls sw0 and lr lr0" },
        { "duplicate datapath key", "lr lr0 datapath tunnel key 1 is also used by ls sw0" },
        { "zero datapath key", "ls sw0 datapath tunnel key 0 is out of range" },
        { "duplicate port key", "lsp p2 port tunnel key 1 is also used by lsp p1" },
        { "port key too large", "lsp p1 port tunnel key 40000 is out of range" },
        { "empty switch name", "ls has an empty name" },
        { "duplicate address set", "address_set as1 appears twice" },
        { "duplicate port group", "pg pg1 appears twice" },
        { "route without policy", "lr lr0 route 10.0.0.0/8 has no policy" },
        { "acl without direction", "ls sw0 acl 10 (ip4) has no direction or action" },
        { "negative revision", "revision -1 is negative" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_input_is_refused_naming_the_object(string @case, string message)
    {
        var pb = new Pb.Database { Revision = 1 };
        var sw0 = new Pb.LogicalSwitch { Name = "sw0", TunnelKey = 1, Ports = { new Pb.SwitchPort { Name = "p1", TunnelKey = 1 } } };
        pb.Switches.Add(sw0);
        var lr0 = new Pb.LogicalRouter { Name = "lr0", TunnelKey = 2 };
        pb.Routers.Add(lr0);
        switch (@case)
        {
            case "duplicate switch": pb.Switches.Add(new Pb.LogicalSwitch { Name = "sw0", TunnelKey = 3 }); break;
            case "duplicate router": pb.Routers.Add(new Pb.LogicalRouter { Name = "lr0", TunnelKey = 3 }); break;
            case "duplicate port on a switch": sw0.Ports.Add(new Pb.SwitchPort { Name = "p1", TunnelKey = 2 }); break;
            case "port on a switch and a router": lr0.Ports.Add(new Pb.RouterPort { Name = "p1", TunnelKey = 1 }); break;
            case "duplicate datapath key": lr0.TunnelKey = 1; break;
            case "zero datapath key": sw0.TunnelKey = 0; break;
            case "duplicate port key": sw0.Ports.Add(new Pb.SwitchPort { Name = "p2", TunnelKey = 1 }); break;
            case "port key too large": sw0.Ports[0].TunnelKey = 40000; break;
            case "empty switch name": pb.Switches.Add(new Pb.LogicalSwitch { Name = "", TunnelKey = 3 }); break;
            case "duplicate address set":
                pb.AddressSets.Add(new Pb.AddressSet { Name = "as1" });
                pb.AddressSets.Add(new Pb.AddressSet { Name = "as1" });
                break;
            case "duplicate port group":
                pb.PortGroups.Add(new Pb.PortGroup { Name = "pg1" });
                pb.PortGroups.Add(new Pb.PortGroup { Name = "pg1" });
                break;
            case "route without policy": lr0.StaticRoutes.Add(new Pb.StaticRoute { IpPrefix = "10.0.0.0/8", Nexthop = "1.1.1.1" }); break;
            case "acl without direction": sw0.Acls.Add(new Pb.Acl { Priority = 10, Match = "ip4", Action = "allow" }); break;
            case "negative revision": pb.Revision = -1; break;
            default: throw new ArgumentException(@case);
        }
        var e = Assert.Throws<FormatException>(() => NbProto.FromProto(pb));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_base_case_of_the_invalid_inputs_is_valid()
    {
        var pb = new Pb.Database { Revision = 1 };
        pb.Switches.Add(new Pb.LogicalSwitch { Name = "sw0", TunnelKey = 1, Ports = { new Pb.SwitchPort { Name = "p1", TunnelKey = 1 } } });
        pb.Routers.Add(new Pb.LogicalRouter { Name = "lr0", TunnelKey = 2 });
        Assert.Equal(2, NbProto.FromProto(pb).Switches.Count + NbProto.FromProto(pb).Routers.Count);
    }

    /// <summary>Structurally valid databases with every field exercised; the values need not make a sensible network.</summary>
    private static NbDatabase RandomDatabase(Random random)
    {
        string Word(string prefix) => prefix + random.Next(1000);
        ValueArray<string> Words(string prefix, int max) => Enumerable.Range(0, random.Next(max + 1)).Select(_ => Word(prefix)).ToValueArray();
        string? Maybe(string prefix) => random.Next(3) == 0 ? null : Word(prefix);
        Acl RandomAcl() => new(
            random.Next(2) == 0 ? AclValues.FromLport : AclValues.ToLport,
            random.Next(AclValues.MaxPriority + 1),
            Word("ip4 && tcp.dst == "),
            AclValues.Actions[random.Next(AclValues.Actions.Length)],
            Maybe("acl"));

        var datapathKeys = Enumerable.Range(1, 1000).OrderBy(_ => random.Next()).Select(k => (uint)k * 16000).GetEnumerator();
        uint NextDatapathKey() => datapathKeys.MoveNext() ? datapathKeys.Current : throw new InvalidOperationException();
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<(string Name, uint Key)> Ports(int max)
        {
            var keys = Enumerable.Range(1, (int)Keys.MaxPort).OrderBy(_ => random.Next()).Take(max).ToList();
            foreach (var key in keys.Take(random.Next(max + 1)))
            {
                var name = Word("port");
                if (portNames.Add(name)) yield return (name, (uint)key);
            }
        }

        var switches = ImmutableSortedDictionary.CreateBuilder<string, LogicalSwitch>(StringComparer.Ordinal);
        for (var i = random.Next(4); i > 0; i--)
        {
            var name = Word("sw");
            if (switches.ContainsKey(name)) continue;
            var ports = Ports(5).ToImmutableSortedDictionary(p => p.Name, p => new SwitchPort(
                p.Name,
                random.Next(2) == 0 ? PortTypes.Vif : PortTypes.Router,
                Words("addr", 3),
                Words("sec", 2),
                Enumerable.Range(0, random.Next(3)).Select(_ => Word("k")).Distinct().ToImmutableSortedDictionary(k => k, _ => Word("v"), StringComparer.Ordinal),
                p.Key,
                random.Next(4) != 0), StringComparer.Ordinal);
            switches.Add(name, new LogicalSwitch(name, NextDatapathKey(), ports, Enumerable.Range(0, random.Next(4)).Select(_ => RandomAcl()).ToValueArray()));
        }
        var routers = ImmutableSortedDictionary.CreateBuilder<string, LogicalRouter>(StringComparer.Ordinal);
        for (var i = random.Next(3); i > 0; i--)
        {
            var name = Word("lr");
            if (routers.ContainsKey(name)) continue;
            var ports = Ports(4).ToImmutableSortedDictionary(p => p.Name, p =>
                new RouterPort(p.Name, Word("mac"), Words("net", 2), Maybe("peer"), p.Key, random.Next(4) != 0), StringComparer.Ordinal);
            var routes = Enumerable.Range(0, random.Next(4))
                .Select(_ => new StaticRoute(Word("pfx"), Word("nh"), Maybe("out"), random.Next(2) == 0 ? "dst-ip" : "src-ip"))
                .ToValueArray();
            routers.Add(name, new LogicalRouter(name, NextDatapathKey(), ports, routes));
        }
        var sets = Enumerable.Range(0, random.Next(3)).Select(_ => Word("as")).Distinct()
            .ToImmutableSortedDictionary(n => n, n => new AddressSet(n, Words("a", 4)), StringComparer.Ordinal);
        var groups = Enumerable.Range(0, random.Next(3)).Select(_ => Word("pg")).Distinct()
            .ToImmutableSortedDictionary(n => n, n => new PortGroup(n, Words("port", 3), Enumerable.Range(0, random.Next(3)).Select(_ => RandomAcl()).ToValueArray()), StringComparer.Ordinal);
        return new NbDatabase(random.NextInt64(0, 1_000_000), switches.ToImmutable(), routers.ToImmutable(), sets, groups);
    }
}
