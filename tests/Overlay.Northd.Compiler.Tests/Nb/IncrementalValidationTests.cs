using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb.Tests;

/// <summary>
/// Incremental validation == full validation, from a fixed seed: random valid databases (grown by random
/// transactions that full validation accepted), then random transactions and random raw edits of the model,
/// good and bad (dangling references, duplicate names and keys, bad addresses, deletes that strand references).
/// Diagnostics must match as sets, then in the full validator's order, location included.
/// </summary>
public class IncrementalValidationTests
{
    private const int Seed = 20261121;
    private const int Chains = 6;
    private const int StepsPerChain = 100;

    [Fact]
    public void Transactions_from_a_valid_database_report_what_full_validation_reports()
    {
        var rng = new Random(Seed);
        int accepted = 0, refused = 0, validationProblems = 0;
        for (int chain = 0; chain < Chains; chain++)
        {
            var db = ValidDatabases(rng, count: 1)[0];
            for (int step = 0; step < StepsPerChain; step++)
            {
                var gen = new Gen(rng, bad: step % 2 == 0 ? 0.02 : 0.3);
                var commands = Enumerable.Range(0, rng.Next(3) == 0 ? rng.Next(2, 5) : 1).Select(i => gen.Command() with { Source = new SourceLocation("t", i + 1) }).ToList();
                var full = NbTransaction.Apply(db, commands);
                var incremental = NbTransaction.Apply(db, commands, NbValidation.IncrementalFromValidBase);
                string context = $"chain {chain} step {step}:\n  " + string.Join("\n  ", commands);
                AssertSame(full.Diagnostics, incremental.Diagnostics, context);
                Assert.Equal(full.Database, incremental.Database);
                if (full.Ok) { accepted++; db = full.Database!; }
                else refused++;
                if (!full.Ok && full.Diagnostics.Any(IsValidationProblem)) validationProblems++;
            }
        }
        // The generator must exercise both outcomes, and refusals by the validator (not only by commands).
        Assert.True(accepted >= 100, $"only {accepted} transactions accepted");
        Assert.True(refused >= 100, $"only {refused} transactions refused");
        Assert.True(validationProblems >= 50, $"only {validationProblems} transactions refused by validation");
    }

    [Fact]
    public void Raw_edits_of_a_valid_database_report_what_full_validation_reports()
    {
        var rng = new Random(Seed + 1);
        var bases = ValidDatabases(rng, count: 40);
        int withProblems = 0, cases = 0;
        foreach (var (db, i) in bases.Select((d, i) => (d, i)))
        {
            Assert.Empty(NbValidator.Validate(db));
            for (int k = 0; k < 15; k++, cases++)
            {
                var edit = new Edit(rng);
                var after = db;
                var log = new List<string>();
                for (int n = rng.Next(1, 4); n > 0; n--) after = edit.Apply(after, log);
                var full = NbValidator.Validate(after);
                var incremental = NbIncrementalValidator.Validate(db, after);
                AssertSame(full, incremental, $"base {i} edit {k}:\n  " + string.Join("\n  ", log));
                if (full.Count > 0) withProblems++;
            }
        }
        Assert.True(cases >= 500);
        Assert.True(withProblems >= cases / 4, $"only {withProblems} of {cases} edits produced problems");
        Assert.True(withProblems <= cases - 50, $"{withProblems} of {cases} edits produced problems; too few valid ones");
    }

    [Fact]
    public void An_unchanged_database_has_nothing_to_report()
    {
        var db = ValidDatabases(new Random(Seed + 2), count: 1)[0];
        Assert.Empty(NbIncrementalValidator.Validate(db, db));
        Assert.Empty(NbIncrementalValidator.Validate(db, db with { Revision = db.Revision + 1 }));
    }

    [Fact]
    public void A_router_port_deleted_under_an_attached_switch_port_is_reported_on_the_switch_port()
    {
        var db = Script.Ok(Script.Base);
        var full = NbTransaction.Apply(db, [new LrpDel("lr0-sw0") { Source = new SourceLocation("x", 7) }]);
        var incremental = NbTransaction.Apply(db, [new LrpDel("lr0-sw0") { Source = new SourceLocation("x", 7) }], NbValidation.IncrementalFromValidBase);
        AssertSame(full.Diagnostics, incremental.Diagnostics, "lrp-del");
        var d = Assert.Single(incremental.Diagnostics);
        Assert.Equal(("lsp sw0-lr0", "options:router-port", "lr0-sw0"), (d.Object, d.Field, d.Value));
    }

    [Fact]
    public void A_router_port_renumbered_onto_a_vif_address_is_a_duplicate_on_the_attached_switch()
    {
        var db = Script.Ok(Script.Base);
        NbCommand renumber = new LrpSet("lr0-sw0", null, ValueArray.Create("10.0.0.3/24"), null) { Source = new SourceLocation("x", 3) };
        var full = NbTransaction.Apply(db, [renumber]);
        var incremental = NbTransaction.Apply(db, [renumber], NbValidation.IncrementalFromValidBase);
        AssertSame(full.Diagnostics, incremental.Diagnostics, "set Logical_Router_Port networks");
        Assert.Contains(incremental.Diagnostics, d => d.Message.StartsWith("duplicate IPv4 address 10.0.0.3", StringComparison.Ordinal));
    }

    private static void AssertSame(IReadOnlyList<NbDiagnostic> full, IReadOnlyList<NbDiagnostic> incremental, string context)
    {
        var missing = full.Except(incremental).ToList();
        var extra = incremental.Except(full).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{context}\nmissing from incremental:\n  {string.Join("\n  ", missing)}\nonly in incremental:\n  {string.Join("\n  ", extra)}");
        Assert.True(full.SequenceEqual(incremental),
            $"{context}\nsame diagnostics, different order:\nfull:\n  {string.Join("\n  ", full)}\nincremental:\n  {string.Join("\n  ", incremental)}");
    }

    // Messages only the validator writes (command errors say "not found", "already exists", ...).
    private static bool IsValidationProblem(NbDiagnostic d) =>
        new[] { "does not exist", "overlaps network", "duplicate IPv4", "is not in any network", "does not name", "invalid MAC", "unsupported port type", "has host bits" }
            .Any(m => d.Message.Contains(m, StringComparison.Ordinal));

    /// <summary>
    /// Valid databases of varied shape: a random coherent topology (switches with VIFs, routers attached to
    /// switches and peered with each other, routes, port groups, address sets, ACLs naming them), then random
    /// single-command transactions, each kept when full validation accepts it.
    /// </summary>
    private static List<NbDatabase> ValidDatabases(Random rng, int count)
    {
        var found = new List<NbDatabase>();
        while (found.Count < count)
        {
            var topology = NbTransaction.Apply(NbDatabase.Empty, Topology(rng));
            Assert.True(topology.Ok, string.Join("\n", topology.Diagnostics));
            var db = topology.Database!;
            int steps = rng.Next(0, 60);
            for (int step = 0; step < steps; step++)
            {
                var r = NbTransaction.Apply(db, [new Gen(rng, bad: 0.02).Command()]);
                if (r.Ok) db = r.Database!;
            }
            found.Add(db);
        }
        return found;
    }

    private static List<NbCommand> Topology(Random rng)
    {
        var gen = new Gen(rng, bad: 0);
        var c = new List<NbCommand>();
        int switches = rng.Next(1, 5), routers = rng.Next(1, 4), lsp = 0, lrp = 0;
        for (int j = 0; j < routers; j++) c.Add(new LrAdd(Routers[j]));
        var vifs = new List<string>();
        for (int i = 0; i < switches; i++)
        {
            c.Add(new LsAdd(Switches[i]));
            for (int v = rng.Next(0, 3); v > 0; v--)
            {
                string port = SwitchPorts[lsp++];
                vifs.Add(port);
                string mac = $"02:00:00:00:{i:x2}:{lsp:x2}", ip = $"10.0.{i}.{lsp + 1}";
                c.Add(new LspAdd(Switches[i], port));
                c.Add(new LspSetAddresses(port, ValueArray.Create(gen.Chance(0.2) ? "unknown" : $"{mac} {ip}")));
                if (gen.Chance(0.5)) c.Add(new LspSetPortSecurity(port, ValueArray.Create($"{mac} {ip}")));
            }
            if (gen.Chance(0.7))
            {
                string router = Routers[rng.Next(routers)], link = RouterPorts[lrp++], port = SwitchPorts[lsp++];
                c.Add(new LrpAdd(router, link, $"02:00:00:00:ff:{lrp:x2}", ValueArray.Create($"10.0.{i}.1/24")));
                c.Add(new LspAdd(Switches[i], port));
                c.Add(new LspSetType(port, PortTypes.Router));
                c.Add(new LspSetAddresses(port, ValueArray.Create("router")));
                c.Add(new LspSetOptions(port, ValueArray.Create(KeyValuePair.Create("router-port", link))));
                if (gen.Chance(0.6)) c.Add(new LrRouteAdd(router, gen.Pick(["0.0.0.0/0", "192.168.0.0/16"]), $"10.0.{i}.254", MayExist: true));
            }
        }
        for (int j = 0; j + 1 < routers && lrp + 1 < RouterPorts.Length; j++)
        {
            string a = RouterPorts[lrp++], b = RouterPorts[lrp++];
            c.Add(new LrpAdd(Routers[j], a, $"02:00:00:00:fe:{lrp:x2}", ValueArray.Create($"192.168.{j}.1/30"), b));
            c.Add(new LrpAdd(Routers[j + 1], b, $"02:00:00:00:fd:{lrp:x2}", ValueArray.Create($"192.168.{j}.2/30"), a));
            c.Add(new LrRouteAdd(Routers[j], "172.16.0.0/12", $"192.168.{j}.2", a));
        }
        foreach (var set in Sets) c.Add(new AddressSetAdd(set, gen.Some(gen.SetEntry, 3)));
        foreach (var group in Groups) c.Add(new PgAdd(group, NbOrder.StringSet(gen.Some(() => vifs.Count > 0 ? gen.Pick(vifs) : "", 3).Where(p => p.Length > 0))));
        var valid = Matches.Where(m => !m.Contains("nope", StringComparison.Ordinal) && !m.EndsWith("&&", StringComparison.Ordinal)).ToList();
        for (int a = rng.Next(0, 5); a > 0; a--)
            c.Add(new AclAdd(gen.Chance(0.5) ? Switches[rng.Next(switches)] : gen.Pick(Groups), gen.Pick(AclValues.Directions), rng.Next(0, 1001),
                gen.Pick(valid), gen.Pick(AclValues.Actions), MayExist: true));
        return c;
    }

    private static readonly string[] Switches = ["sw0", "sw1", "sw2", "sw3"];
    private static readonly string[] Routers = ["lr0", "lr1", "lr2"];
    private static readonly string[] SwitchPorts = [.. Enumerable.Range(0, 12).Select(i => $"p{i}")];
    private static readonly string[] RouterPorts = [.. Enumerable.Range(0, 8).Select(i => $"r{i}")];
    private static readonly string[] Groups = ["pg0", "pg1", "pg2"];
    private static readonly string[] Sets = ["as0", "as1", "as2"];
    private static readonly string[] Matches =
    [
        "ip4", "ip4.src == $as0", "ip4.dst == $as1 && tcp", "outport == @pg0", "inport == @pg1 && ip4.src == $pg1_ip4",
        "ip6.src == $pg2_ip6", "ip4.dst == {$as2, 10.0.0.1}", "outport == \"p1\"", "ip4 &&", "ip4.src == $nope", "inport == @nope",
    ];

    /// <summary>Random values and commands over small name pools, so names collide and references dangle.</summary>
    private sealed class Gen(Random rng, double bad)
    {
        public T Pick<T>(IReadOnlyList<T> xs) => xs[rng.Next(xs.Count)];

        public bool Chance(double p) => rng.NextDouble() < p;

        public string Mac() => Chance(bad) ? Pick(["02:00:00:00:00:zz", "10.0.0.9", ""]) : $"02:00:00:00:00:{rng.Next(12):x2}";

        public string Ip() => Chance(bad) ? Pick(["10.0.0.300", "10.0.0.1/33", "x"]) : $"10.0.{rng.Next(3)}.{rng.Next(1, 7)}";

        public string Network() =>
            Chance(bad) ? Pick(["10.0.0.0/24", "10.0.1.255/24", "10.0.2.1", "nope", "10.0.0.1/16"]) : $"10.0.{rng.Next(4)}.{(Chance(0.7) ? 1 : rng.Next(2, 7))}/24";

        public string LspAddress() => rng.Next(8) switch
        {
            0 => "unknown",
            1 => "router",
            2 when Chance(bad) => "dynamic",
            3 => $"{Mac()} {Ip()} {Ip()}",
            _ => $"{Mac()} {Ip()}",
        };

        public ValueArray<T> Some<T>(Func<T> item, int max) => Enumerable.Range(0, rng.Next(0, max + 1)).Select(_ => item()).ToValueArray();

        public string SetEntry() => Chance(bad) ? Pick(["10.0.0.1/24", "zz", "10.0.0.0/40"]) : Pick(["10.0.0.0/24", "10.0.1.5", "02:00:00:00:00:01", "fd00::/64"]);

        public string Prefix() => Pick(["0.0.0.0/0", "192.168.0.0/16", "10.9.0.0/16", "172.16.0.0/12", "10.0.0.0/8"]);

        public string Nexthop() => Chance(bad) ? Pick(["1.2.3.4", "bad", "fe80::1"]) : Pick(["10.0.0.254", "10.0.1.254", "discard"]);

        public NbCommand Command() => rng.Next(25) switch
        {
            0 or 1 => new LsAdd(Pick(Switches), MayExist: Chance(0.3)),
            2 => new LsDel(Pick(Switches), IfExists: Chance(0.5)),
            3 or 4 or 5 => new LspAdd(Pick(Switches), Chance(0.05) ? Pick(RouterPorts) : Pick(SwitchPorts), MayExist: Chance(0.2)),
            6 => new LspDel(Pick(SwitchPorts), IfExists: Chance(0.5)),
            7 or 8 => new LspSetAddresses(Pick(SwitchPorts), Some(LspAddress, 2)),
            9 => new LspSetPortSecurity(Pick(SwitchPorts), Some(() => $"{Mac()} {Ip()}", 1)),
            10 => new LspSetType(Pick(SwitchPorts), Chance(bad) ? "localnet" : Pick([PortTypes.Vif, PortTypes.Router])),
            11 => new LspSetOptions(Pick(SwitchPorts), Chance(0.8)
                ? ValueArray.Create(KeyValuePair.Create("router-port", Pick(RouterPorts)))
                : ValueArray.Create(KeyValuePair.Create("other", "x"))),
            12 => new LspSetEnabled(Pick(SwitchPorts), Chance(0.5)),
            13 => new LrAdd(Pick(Routers), MayExist: Chance(0.3)),
            14 => new LrDel(Pick(Routers), IfExists: Chance(0.5)),
            15 or 16 => new LrpAdd(Pick(Routers), Chance(0.05) ? Pick(SwitchPorts) : Pick(RouterPorts), Mac(), Some(Network, 2),
                Chance(0.3) ? Pick(RouterPorts) : null),
            17 => new LrpDel(Pick(RouterPorts), IfExists: Chance(0.5)),
            18 => new LrpSet(Pick(RouterPorts), Chance(0.3) ? Mac() : null, Chance(0.3) ? Some(Network, 2) : null,
                Chance(0.5) ? (Chance(0.3) ? "" : Pick(RouterPorts)) : null),
            19 => new LrRouteAdd(Pick(Routers), Prefix(), Nexthop(), Chance(0.3) ? Pick(RouterPorts) : null,
                Chance(bad) ? "bogus" : Chance(0.2) ? "src-ip" : "dst-ip", MayExist: Chance(0.3)),
            20 => new LrRouteDel(Pick(Routers), IfExists: Chance(0.5)),
            21 => new AclAdd(Chance(0.5) ? Pick(Switches) : Pick(Groups), Chance(bad) ? "sideways" : Pick(AclValues.Directions),
                Chance(bad) ? 40000 : rng.Next(0, 1001), Pick(Matches), Chance(bad) ? "maybe" : Pick(AclValues.Actions), MayExist: Chance(0.2)),
            22 => new AclDel(Chance(0.5) ? Pick(Switches) : Pick(Groups)),
            23 => rng.Next(3) switch
            {
                0 => new PgAdd(Pick(Groups), Some(() => Pick(SwitchPorts), 3)),
                1 => new PgSetPorts(Pick(Groups), Some(() => Chance(0.05) ? Pick(RouterPorts) : Pick(SwitchPorts), 3)),
                _ => new PgDel(Pick(Groups), IfExists: Chance(0.5)),
            },
            _ => Chance(0.6)
                ? new AddressSetAdd(Pick(Sets), Some(SetEntry, 3))
                : new AddressSetDel(Pick(Sets), IfExists: Chance(0.5)),
        };
    }

    /// <summary>
    /// Random edits straight on the model, bypassing the commands' checks: what a store or a bug could hand
    /// the validator (duplicate keys and names, ports stranded in groups, keys out of range).
    /// </summary>
    private sealed class Edit(Random rng)
    {
        private readonly Gen gen = new(rng, bad: 0.3);

        private uint PortKey() => gen.Pick<uint>([1, 2, 3, 4, 0, Keys.MaxPort + 1]);

        private uint DatapathKey(NbDatabase db)
        {
            var used = db.Switches.Values.Select(s => s.TunnelKey).Concat(db.Routers.Values.Select(r => r.TunnelKey)).ToList();
            return rng.Next(5) switch
            {
                0 when used.Count > 0 => gen.Pick(used),
                1 => gen.Pick<uint>([0, Keys.MaxDatapath + 1]),
                _ => (uint)rng.Next(1, 12),
            };
        }

        private SwitchPort RandomSwitchPort(string name) => new(
            name,
            gen.Chance(0.1) ? "localnet" : gen.Chance(0.3) ? PortTypes.Router : PortTypes.Vif,
            gen.Some(gen.LspAddress, 2),
            gen.Some(() => $"{gen.Mac()} {gen.Ip()}", 1),
            gen.Chance(0.5)
                ? ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).SetItem("router-port", gen.Pick(RouterPorts))
                : ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal),
            PortKey(),
            gen.Chance(0.8));

        private RouterPort RandomRouterPort(string name) =>
            new(name, gen.Mac(), gen.Some(gen.Network, 2), gen.Chance(0.4) ? gen.Pick(RouterPorts) : null, PortKey());

        private Acl RandomAcl() =>
            new(gen.Chance(0.1) ? "sideways" : gen.Pick(AclValues.Directions), gen.Chance(0.1) ? -1 : rng.Next(0, 1001),
                gen.Pick(Matches), gen.Chance(0.1) ? "maybe" : gen.Pick(AclValues.Actions));

        public NbDatabase Apply(NbDatabase db, List<string> log)
        {
            var sw = db.Switches.Count > 0 ? gen.Pick(db.Switches.Values.ToList()) : null;
            var lr = db.Routers.Count > 0 ? gen.Pick(db.Routers.Values.ToList()) : null;
            var pg = db.PortGroups.Count > 0 ? gen.Pick(db.PortGroups.Values.ToList()) : null;
            switch (rng.Next(16))
            {
                case 0 when sw is not null:
                    {
                        var p = RandomSwitchPort(gen.Chance(0.1) ? gen.Pick(RouterPorts) : gen.Pick(SwitchPorts));
                        log.Add($"put lsp {p} on {sw.Name}");
                        return Put(db, sw with { Ports = sw.Ports.SetItem(p.Name, p) });
                    }
                case 1 when sw is { Ports.Count: > 0 }:
                    {
                        var p = gen.Pick(sw.Ports.Keys.ToList());
                        log.Add($"remove lsp {p} from {sw.Name} (port groups untouched)");
                        return Put(db, sw with { Ports = sw.Ports.Remove(p) });
                    }
                case 2 when sw is { Ports.Count: > 0 }:
                    {
                        var p = gen.Pick(sw.Ports.Values.ToList());
                        var changed = rng.Next(5) switch
                        {
                            0 => p with { Addresses = gen.Some(gen.LspAddress, 2) },
                            1 => p with { Type = gen.Chance(0.5) ? PortTypes.Router : PortTypes.Vif },
                            2 => p with { Options = p.Options.SetItem("router-port", gen.Pick(RouterPorts)) },
                            3 => p with { TunnelKey = PortKey() },
                            _ => p with { PortSecurity = gen.Some(() => $"{gen.Mac()} {gen.Ip()}", 1) },
                        };
                        log.Add($"change lsp {p.Name} on {sw.Name} to {changed}");
                        return Put(db, sw with { Ports = sw.Ports.SetItem(p.Name, changed) });
                    }
                case 3 when lr is not null:
                    {
                        var p = RandomRouterPort(gen.Chance(0.1) ? gen.Pick(SwitchPorts) : gen.Pick(RouterPorts));
                        log.Add($"put lrp {p} on {lr.Name}");
                        return Put(db, lr with { Ports = lr.Ports.SetItem(p.Name, p) });
                    }
                case 4 when lr is { Ports.Count: > 0 }:
                    {
                        var p = gen.Pick(lr.Ports.Keys.ToList());
                        log.Add($"remove lrp {p} from {lr.Name}");
                        return Put(db, lr with { Ports = lr.Ports.Remove(p) });
                    }
                case 5 when lr is { Ports.Count: > 0 }:
                    {
                        var p = gen.Pick(lr.Ports.Values.ToList());
                        var changed = rng.Next(4) switch
                        {
                            0 => p with { Mac = gen.Mac() },
                            1 => p with { Networks = gen.Some(gen.Network, 2) },
                            2 => p with { Peer = gen.Chance(0.3) ? null : gen.Pick(RouterPorts) },
                            _ => p with { TunnelKey = PortKey() },
                        };
                        log.Add($"change lrp {p.Name} on {lr.Name} to {changed}");
                        return Put(db, lr with { Ports = lr.Ports.SetItem(p.Name, changed) });
                    }
                case 6:
                    {
                        string name = gen.Pick(Switches);
                        var created = LogicalSwitch.Create(name, DatapathKey(db));
                        if (gen.Chance(0.5))
                        {
                            var p = RandomSwitchPort(gen.Pick(SwitchPorts));
                            created = created with { Ports = created.Ports.SetItem(p.Name, p) };
                        }
                        log.Add($"put ls {name} key {created.TunnelKey} ports {string.Join(",", created.Ports.Keys)}");
                        return Put(db, created);
                    }
                case 7 when sw is not null:
                    log.Add($"remove ls {sw.Name}");
                    return db with { Switches = db.Switches.Remove(sw.Name) };
                case 8 when lr is not null:
                    log.Add($"remove lr {lr.Name}");
                    return db with { Routers = db.Routers.Remove(lr.Name) };
                case 9 when sw is not null || lr is not null:
                    {
                        uint key = DatapathKey(db);
                        log.Add($"datapath key {key} on {(sw is not null ? sw.Name : lr!.Name)}");
                        return sw is not null ? Put(db, sw with { TunnelKey = key }) : Put(db, lr! with { TunnelKey = key });
                    }
                case 10:
                    {
                        var created = LogicalRouter.Create(gen.Pick(Routers), DatapathKey(db));
                        log.Add($"put lr {created.Name} key {created.TunnelKey}");
                        return Put(db, created);
                    }
                case 11 when lr is not null:
                    {
                        var routes = gen.Some(() => new StaticRoute(gen.Prefix(), gen.Nexthop(), gen.Chance(0.3) ? gen.Pick(RouterPorts) : null,
                            gen.Chance(0.1) ? "bogus" : "dst-ip"), 3);
                        log.Add($"routes of {lr.Name}: {routes}");
                        return Put(db, lr with { StaticRoutes = routes });
                    }
                case 12 when sw is not null:
                    {
                        var acls = gen.Chance(0.5) || sw.Acls.Count == 0 ? NbOrder.With(sw.Acls, RandomAcl()) : sw.Acls.Skip(1).ToValueArray();
                        log.Add($"acls of {sw.Name}: {acls}");
                        return Put(db, sw with { Acls = acls });
                    }
                case 13 when pg is not null:
                    {
                        var changed = rng.Next(3) switch
                        {
                            0 => pg with { Acls = NbOrder.With(pg.Acls, RandomAcl()) },
                            1 => pg with { Ports = NbOrder.StringSet(gen.Some(() => gen.Chance(0.2) ? gen.Pick(RouterPorts) : gen.Pick(SwitchPorts), 3)) },
                            _ => pg with { Acls = pg.Acls.Skip(1).ToValueArray() },
                        };
                        log.Add($"change pg {pg.Name}: ports {changed.Ports} acls {changed.Acls}");
                        return db with { PortGroups = db.PortGroups.SetItem(pg.Name, changed) };
                    }
                case 14:
                    {
                        string name = gen.Pick(Groups);
                        if (db.PortGroups.ContainsKey(name) && gen.Chance(0.5))
                        {
                            log.Add($"remove pg {name}");
                            return db with { PortGroups = db.PortGroups.Remove(name) };
                        }
                        var created = new PortGroup(name, NbOrder.StringSet(gen.Some(() => gen.Pick(SwitchPorts), 3)), gen.Chance(0.3) ? ValueArray.Create(RandomAcl()) : ValueArray<Acl>.Empty);
                        log.Add($"put pg {name}: ports {created.Ports} acls {created.Acls}");
                        return db with { PortGroups = db.PortGroups.SetItem(name, created) };
                    }
                default:
                    {
                        string name = gen.Pick(Sets);
                        if (db.AddressSets.ContainsKey(name) && gen.Chance(0.5))
                        {
                            log.Add($"remove address set {name}");
                            return db with { AddressSets = db.AddressSets.Remove(name) };
                        }
                        var created = new AddressSet(name, NbOrder.StringSet(gen.Some(gen.SetEntry, 3)));
                        log.Add($"put address set {name}: {created.Addresses}");
                        return db with { AddressSets = db.AddressSets.SetItem(name, created) };
                    }
            }
        }

        private static NbDatabase Put(NbDatabase db, LogicalSwitch sw) => db with { Switches = db.Switches.SetItem(sw.Name, sw) };

        private static NbDatabase Put(NbDatabase db, LogicalRouter lr) => db with { Routers = db.Routers.SetItem(lr.Name, lr) };
    }
}
