using System.Collections.Immutable;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Expressions;

/// <summary>
/// The direct routes (plain conjunctions with at most one set or OR on one field, without the annotated tree and the
/// general normalization; templates for flows that differ only in constants) give exactly what the general path
/// gives: the same flows in the same order with the same origins, and the same diagnostics, for random conjunctions
/// (fixed seed) under actions with and without prerequisites, for per-port flows, and for matches with problems.
/// </summary>
public class ShortcutEquivalenceTests
{
    private static readonly string[] Actions =
    [
        "next;",
        "ip.ttl--; next;",
        "eth.dst = eth.src; arp.op = 2; next;",
        "outport = \"p2\"; output;",
        "tcp.dst = 80; next;",
        "reg0 = 10.0.0.1; reg1[0..15] = 7; next;",
        "outport = \"nowhere\"; output;",
        "drop;",
    ];

    private static LogicalNetwork Network(IReadOnlyList<(string Match, string Actions)> flows)
    {
        PortBinding Vif(string name, uint dp, uint key) => new(name, dp, key, "", null, ValueArray<string>.Empty, ValueArray<string>.Empty);
        var logical = flows.Select((f, i) => LogicalFlow.Create(1, Stages.LsInAcl, 1000 + i % 50, f.Match, f.Actions, "test")).ToImmutableArray();
        return new LogicalNetwork(1,
            [new DatapathBinding(1, "sw", DatapathKind.Switch)],
            [Vif("p1", 1, 1), Vif("p2", 1, 2), Vif("p3", 1, 3), Vif("p4", 1, 4)],
            [new MulticastGroup(1, Keys.McFloodName, Keys.McFlood, ValueArray.Create("p1", "p2", "p3", "p4"))],
            [
                new AddressSetBinding("as1", ValueArray.Create("10.0.0.1", "10.0.0.0/30")),
                new AddressSetBinding("as2", ValueArray.Create("10.0.0.7", "10.0.1.0/24", "10.0.0.7", "fe80::1", "not-an-address")),
                new AddressSetBinding("one", ValueArray.Create("10.0.2.1")),
                new AddressSetBinding("empty", ValueArray<string>.Empty),
                new AddressSetBinding("v6", ValueArray.Create("fe80::1", "fe80::2")),
                new AddressSetBinding("all", ValueArray.Create("10.0.0.1", "0.0.0.0/0")),
                new AddressSetBinding("wide", ValueArray.Create("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5")),
            ],
            [
                new PortGroupBinding("pg", ValueArray.Create("p1", "p3")),
                new PortGroupBinding("pg2", ValueArray.Create("p1", "p2", "p4", "elsewhere-dp")),
                new PortGroupBinding("pg4", ValueArray.Create("p4", "p3", "p2", "p1")),
                new PortGroupBinding("none", ValueArray.Create("elsewhere-dp")),
                new PortGroupBinding("one", ValueArray.Create("elsewhere-dp", "p2")),
                new PortGroupBinding("pg31", ValueArray.Create("p3", "p1")),
                new PortGroupBinding("away", ValueArray.Create("p3", "p4")),
            ],
            logical);
    }

    private static void AssertSame(LogicalNetwork network, int maxFlows = 100_000)
    {
        // p1 and p2 here, p3 and p4 on the other host: flows pinned to them are dropped on both routes.
        var view = Hosts.View(network, 1, 2, new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["p3"] = 2, ["p4"] = 2 });
        var direct = Translator.Translate(view, new TranslatorOptions { MaxFlowsPerLogicalFlow = maxFlows });
        var general = Translator.Translate(view, new TranslatorOptions { MaxFlowsPerLogicalFlow = maxFlows, Shortcuts = false });
        Assert.Equal(general.Diagnostics.ToArray(), direct.Diagnostics.ToArray());
        Assert.Equal(general.Flows.Length, direct.Flows.Length);
        for (int i = 0; i < general.Flows.Length; i++)
        {
            Assert.Equal(general.Flows[i].Flow, direct.Flows[i].Flow);
            Assert.Equal(general.Flows[i].Origins, direct.Flows[i].Origins);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20261121)]
    public void Random_conjunctions_translate_alike_on_both_routes(int seed)
    {
        var rng = new Random(seed);
        var gen = new RandomExpressions(rng);
        var flows = new List<(string, string)>();
        while (flows.Count < 600)
        {
            // Mostly conjunctions of atoms (the direct route), some deeper expressions (the general one).
            var expr = rng.Next(4) == 0 ? gen.Next() : AndExpr.Of(Enumerable.Range(0, 1 + rng.Next(4)).Select(_ => gen.Next(rng.Next(3) == 0 ? 1 : 0)));
            var text = Formatter.Format(expr);
            if (LogicalSyntax.ParseMatch(text).Ok) flows.Add((text, Actions[rng.Next(Actions.Length)]));
        }
        var network = Network(flows);
        Assert.True(network.Flows.Length == 600);
        AssertSame(network);
    }

    /// <summary>Per-port flows as northd writes them, many per skeleton, with constants that fit and some that do not.</summary>
    [Theory]
    [InlineData(11, 100_000)]
    [InlineData(20261122, 100_000)]
    [InlineData(5, 2)]
    [InlineData(6, 1)]
    public void Flows_that_differ_only_in_constants_translate_alike_on_both_routes(int seed, int maxFlows)
    {
        var rng = new Random(seed);
        string Port() => rng.Next(6) switch { 0 => "nowhere", 1 => "_MC_flood", var n => "p" + (n - 1) };
        string AddressSet() => rng.Next(9) switch { 0 => "as1", 1 => "as2", 2 => "one", 3 => "empty", 4 => "v6", 5 => "all", 6 => "wide", 7 => "missing", _ => "as1" };
        string PortGroup() => rng.Next(8) switch { 0 => "pg", 1 => "pg2", 2 => "none", 3 => "missing", 4 => "one", 5 => "pg31", 6 => "away", _ => "pg4" };
        string Mac() => $"0a:00:00:00:{rng.Next(3):x2}:{rng.Next(256):x2}";
        string Ip() => $"10.0.{rng.Next(3)}.{rng.Next(256)}";
        string Small() => rng.Next(5) == 0 ? "70000" : rng.Next(4).ToString();
        string Wide() => rng.Next(4) switch { 0 => "0x1ffffffff", 1 => "0x" + rng.Next().ToString("x"), _ => rng.Next(9).ToString() };
        var shapes = new Func<(string, string)>[]
        {
            () => ($"eth.dst == {Mac()}", $"outport = \"{Port()}\"; output;"),
            () => ($"arp.tpa == {Ip()} && arp.op == {Small()}",
                $"eth.dst = eth.src; eth.src = {Mac()}; arp.op = 2; arp.tha = arp.sha; arp.sha = {Mac()}; arp.tpa = arp.spa; arp.spa = {Ip()}; outport = inport; flags.loopback = 1; output;"),
            () => ($"outport == \"{Port()}\" && reg0 == {Ip()}", $"eth.dst = {Mac()}; next;"),
            () => ($"inport == \"{Port()}\" && ip4.dst == {Ip()} && ip.ttl == {Small()}", $"reg1 = {Wide()}; next;"),
            () => ($"ip4.src == {Ip()} && ip4.src == 10.0.{rng.Next(2)}.{rng.Next(2)}", "next;"),
            () => ($"reg0[0..15] == {Small()} && reg3 == {Wide()}", $"reg2 = {Wide()}; drop;"),
            () => ($"eth.src == {Mac()} && eth.src[40] == {rng.Next(3)}", $"xreg0[0..47] = {Mac()}; outport = \"{Port()}\"; next;"),
            () => ($"tcp.dst == {Small()} && ip4.dst == {Ip()}", $"outport = \"{Port()}\"; output;"),
            () => ($"inport == \"{Port()}\" && eth.type == {rng.Next(2) switch { 0 => "0x800", _ => "0x806" }} && arp.op == 1", "next;"),
            () => ($"reg0 == {Ip()}", $"reg0 = \"{Port()}\"; next;"),
            // Templates with one OR on one storage: the ip predicate, prerequisites that bring it, a set in the skeleton.
            () => ($"outport == \"{Port()}\" && eth.dst == {Mac()} && ip", $"reg0[15] = {rng.Next(3)}; next;"),
            () => ($"inport == \"{Port()}\" && eth.src == {Mac()} && ip4.src == 0.0.0.0 && ip4.dst == 255.255.255.255 && udp.src == {Small()} && udp.dst == 67", "next;"),
            () => ($"ip4.dst == {Ip()} && icmp4.type == {Small()} && icmp4.code == 0",
                $"ip4.dst <-> ip4.src; ip.ttl = {Small()}; icmp4.type = 0; flags.loopback = 1; next;"),
            () => ($"ip4.dst == {Ip()} && icmp4.type == {Small()} && icmp4.code == 0", $"ip.ttl = {Small()}; icmp4.type = 0; flags.loopback = 1; next;"),
            () => ($"reg0 == {Small()}", $"ip.ttl = {Small()}; udp.src = {Small()}; next;"),
            () => ($"ip6 && reg0 == {Small()}", $"ip.ttl = {Small()}; icmp4.type = {Small()}; next;"),
            () => ($"ip4.dst == 10.0.{rng.Next(3)}.0/24", $"ip.ttl--; reg0 = ip4.dst; reg1 = {Ip()}; eth.src = {Mac()}; outport = \"{Port()}\"; flags.loopback = 1; next;"),
            () => ($"reg0 == {Wide()} && ip && eth.type == {rng.Next(3) switch { 0 => "0x800", 1 => "0x86dd", _ => "0x806" }}", "next;"),
            () => ($"tcp.dst == {Small()} && ip.ttl == {{0, 1}}", "next;"),
            () => ($"outport == \"{Port()}\" && ip4.dst == {{10.0.0.1, 10.0.0.0/8, 224.0.0.0/4}}", $"reg0 = {Wide()}; next;"),
            // Sets whose elements are constants of the text: each flow's elements make its dimension.
            () => ($"inport == \"{Port()}\" && eth.src == {Mac()} && arp.sha == {Mac()} && arp.spa == {{{Ip()}}}", "next;"),
            () => ($"outport == \"{Port()}\" && eth.dst == {Mac()} && ip4.dst == {{{Ip()}, 255.255.255.255, 224.0.0.0/4}}", "next;"),
            () => ($"ip4.src == {{{Ip()}, 10.0.{rng.Next(3)}.0/24}} && reg1 == {Small()}", $"reg2 = {Wide()}; next;"),
            () => ($"ip.ttl == {{{Small()}, {Small()}, {Small()}}} && eth.type == 0x800", "next;"),
            () => ($"reg0[0..7] == {{{rng.Next(4)}, {rng.Next(4)}}} && outport == \"{Port()}\"", "next;"),
            () => ($"ip4.dst == {{{Ip()}, {Ip()}}} && ip", "next;"),
            () => ($"outport == {{\"{Port()}\", \"{Port()}\"}} && reg0 == {Small()}", "next;"),
            () => ($"tcp.dst == {{{Small()}, {Small()}}} && ip4.dst == {Ip()}", "next;"),
            () => ($"ip4.dst == {{10.0.0.0/8, 10.1.0.0/16, 172.16.0.0/12}} && reg0 == {Small()}", "next;"),
            // Port groups: this datapath's members, those bound elsewhere dropped when the group is on the pinned port.
            () => ($"inport == @{PortGroup()} && ip4 && reg0 == {Small()}", "next;"),
            () => ($"outport == @{PortGroup()} && icmp4", "drop;"),
            () => ($"inport == @{PortGroup()} && udp.dst == {Small()}", "next;"),
            () => ($"inport == @{PortGroup()} && inport == \"{Port()}\"", "next;"),
            () => ($"inport == @{PortGroup()} && ip4.src == {{{Ip()}, {Ip()}}}", "next;"),
            // Port groups beside prerequisites that bring ip (an OR that ip4 settles), ACLs as northd writes them.
            () => ($"outport == @{PortGroup()} && ip4 && tcp.dst == {Small()}", "next;"),
            () => ($"inport == @{PortGroup()} && tcp.dst == {Small()}", "drop;"),
            () => ($"outport == @{PortGroup()} && ip4 && ip4.src == $as1", "next;"),
            // Address sets: their addresses on the field, the one dimension (beside a group, what the pinned port leaves of it).
            () => ($"outport == @{PortGroup()} && ip4 && ip4.src == ${AddressSet()}", rng.Next(2) == 0 ? "next;" : $"reg0 = {Wide()}; next;"),
            () => ($"ip4.dst == ${AddressSet()} && reg0 == {Small()}", "next;"),
            () => ($"inport == \"{Port()}\" && ip4.src == ${AddressSet()} && tcp.dst == {Small()}", "drop;"),
            () => ($"reg1 == ${AddressSet()} && ip4.dst == {{{Ip()}, {Ip()}}}", "next;"),
            () => ($"outport == @{PortGroup()} && ip6 && udp.src == {Small()}", "next;"),
            // A group beside the ip OR: on the pinned port, members bound elsewhere go first; on the other port they stay.
            () => ($"inport == @{PortGroup()} && udp.dst == {Small()} && reg0 == {Small()}", "next;"),
            () => ($"outport == @{PortGroup()} && tcp.src == {Small()}", "next;"),
            // A group beside a set of constants (one element, or a few): what the pinned port leaves of the group, by the set's.
            () => ($"outport == @{PortGroup()} && ip4 && tcp.dst == {{{Small()}, {Small()}}}", "next;"),
            () => ($"inport == @{PortGroup()} && ip4 && udp.dst == {{{Small()}, {Small()}, {Small()}}}", "drop;"),
            () => ($"outport == @{PortGroup()} && ip4 && reg0 == {{{Small()}, {Small()}}} && reg1 == {Small()}", "next;"),
            () => ($"inport == @{PortGroup()} && reg14 == {{{rng.Next(5)}, {rng.Next(5)}}}", "next;"),
            // The other OR before the group (a set, an address set, the ip a field brings), or after it from the actions:
            // the two dimensions in the order the match gives them.
            () => ($"tcp.dst == {{{Small()}, {Small()}}} && outport == @{PortGroup()} && ip4", "next;"),
            () => ($"ip4.src == ${AddressSet()} && inport == @{PortGroup()}", "next;"),
            () => ($"udp.dst == {Small()} && inport == @{PortGroup()}", "drop;"),
            () => ($"ip && outport == @{PortGroup()} && reg0 == {Small()}", "next;"),
            () => ($"inport == @{PortGroup()} && reg0 == {Small()}", "tcp.dst = 80; next;"),
            // The match that is just 1 (every stage's default flow), or now and then 0, under actions with and without constants.
            () => (rng.Next(8) == 0 ? "0" : "1", rng.Next(3) switch { 0 => "next;", 1 => $"outport = \"{Port()}\"; output;", _ => $"reg0 = {Wide()}; ip.ttl--; next;" }),
        };
        var flows = new List<(string, string)>();
        for (int i = 0; i < 1500; i++) flows.Add(shapes[rng.Next(shapes.Length)]());
        AssertSame(Network(flows), maxFlows);
    }

    [Fact]
    public void Matches_with_problems_report_alike_on_both_routes()
    {
        string[] matches =
        [
            "inport == \"nowhere\"",
            "eth.src == 00:00:00:00:00:01 && outport == \"nowhere\" && ct_label.blocked == 1",
            "ct_label.blocked == 1 && inport == \"nowhere\"",
            "0 && inport == \"nowhere\"",
            "inport == \"p1\" && 0",
            "inport == \"p3\" && ip4",
            "outport == \"p4\" && tcp.dst == 80",
            "ip4.src == 10.0.0.1 && ip4.src == 10.0.0.2",
            "arp && ip4",
            "eth.mcast && eth.dst[40]",
            "ip.ttl == 3 && ip4.dst == 10.0.0.0/8",
            "reg0[3] && reg0 == 8",
            "is_chassis_resident(\"p1\") && ip4",
            "inport == @pg && ip4",
            "ip4.src == $as1 && tcp",
            "1",
            "0",
            "ip4.dst == {10.0.0.1, 10.0.0.2, 10.0.0.3} && ip4.dst == 10.0.0.0/31",
            "ip4.dst == {10.0.0.1, 10.0.0.2} && ip4.dst == 10.0.0.3",
            "ip && ip4.src == 10.0.0.1",
            "ip && reg0 == 1",
            "udp.src == 68 && udp.dst == 67 && ip4.src == 0.0.0.0",
            "udp.src == 68 && udp.dst == 67",
            "ip && ip && reg0 == 1",
            "ip && tcp.dst == 80 && ip6",
            "inport == {\"p1\", \"p3\"} && ip4",
            "outport == \"p3\" && ip4.src == {10.0.0.1, 10.0.0.2}",
            "ip4.src == {10.0.0.1, 10.0.0.2} && ip6",
            "ip4.src == {10.0.0.1, 10.0.0.0/8}",
            "ip.ttl == {0, 1} && ip4",
            "tcp.dst == {80, 443} && tcp.src == {1, 2}",
            "reg0[0..7] == {1, 2} && reg0 == 0x101",
        ];
        var flows = matches.SelectMany(m => Actions.Select(a => (m, a))).ToList();
        AssertSame(Network(flows));
    }

    /// <summary>
    /// Many switches with the same per-port flows, so one template serves every datapath and two workers use it at
    /// once: each flow's match is on its own datapath (metadata) and ports, as on the general route.
    /// </summary>
    [Fact]
    public void Flows_of_one_template_on_many_datapaths_translate_alike_on_both_routes()
    {
        const int switches = 20, ports = 4;
        PortBinding Vif(string name, uint dp, uint key) => new(name, dp, key, "", null, ValueArray<string>.Empty, ValueArray<string>.Empty);
        var flows = new List<LogicalFlow>();
        var vifs = new List<PortBinding>();
        var placement = new Dictionary<string, int>();
        for (uint dp = 1; dp <= switches; dp++)
            for (uint k = 1; k <= ports; k++)
            {
                string name = $"s{dp}p{k}";
                vifs.Add(Vif(name, dp, k));
                placement[name] = k % 2 == 1 ? 1 : 2;
                flows.Add(LogicalFlow.Create(dp, Stages.LsInL2Lkup, 50, $"eth.dst == 0a:00:00:00:{dp:x2}:{k:x2}", $"outport = \"{name}\"; output;", "test"));
                flows.Add(LogicalFlow.Create(dp, Stages.LsInArpRsp, 50, $"arp.tpa == 10.0.{dp}.{k} && arp.op == 1 && inport == \"{name}\"", "next;", "test"));
                flows.Add(LogicalFlow.Create(dp, Stages.LsInArpRsp, 100, $"arp.tpa == 10.0.{dp}.{k} && arp.op == 1",
                    $"eth.dst = eth.src; eth.src = 0a:00:00:00:{dp:x2}:{k:x2}; arp.op = 2; arp.tha = arp.sha; arp.sha = 0a:00:00:00:{dp:x2}:{k:x2}; " +
                    $"arp.tpa = arp.spa; arp.spa = 10.0.{dp}.{k}; outport = inport; flags.loopback = 1; output;", "test"));
            }
        var network = new LogicalNetwork(1,
            [.. Enumerable.Range(1, switches).Select(dp => new DatapathBinding((uint)dp, $"sw{dp}", DatapathKind.Switch))],
            [.. vifs], [], [], [], [.. flows]);
        var view = Hosts.View(network, 1, 2, placement);
        var direct = Translator.Translate(view);
        var general = Translator.Translate(view, new TranslatorOptions { Shortcuts = false });
        Assert.Empty(direct.Diagnostics);
        Assert.Equal(general.Flows.Select(f => (f.Flow, f.Origins)), direct.Flows.Select(f => (f.Flow, f.Origins)));
        // The ARP flow on a port's inport is dropped for the ports on host 2: three flows per port here, two per port there.
        Assert.Equal(switches * ports / 2 * 3 + switches * ports / 2 * 2,
            direct.Flows.Count(f => f.Origins.Any(o => o is LogicalFlowOrigin)));
    }

    /// <summary>
    /// A port's name written with an escape (<c>"p\u0033"</c> is p3) is not read by the quick check on the text that
    /// skips flows pinned to a VIF bound elsewhere, so these flows reach the templates, whose matches must still drop
    /// the pinned ones: p3 and p4 are bound to the other host.
    /// </summary>
    [Fact]
    public void Flows_pinned_elsewhere_by_an_escaped_name_make_no_flows_on_either_route()
    {
        var flows = new List<(string, string)>();
        for (int round = 0; round < 3; round++)
            for (int p = 1; p <= 4; p++)
            {
                flows.Add(($"inport == \"p\\u003{p}\" && eth.src == 0a:00:00:00:0{round}:0{p}", "next;"));
                flows.Add(($"inport == \"p\\u003{p}\" && eth.src == 0a:00:00:00:0{round}:0{p} && reg0 == {round}", "reg1 = 7; next;"));
            }
        var network = Network(flows);
        AssertSame(network);

        var view = Hosts.View(network, 1, 2, new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["p3"] = 2, ["p4"] = 2 });
        var made = Translator.Translate(view).Flows.SelectMany(f => f.Origins).OfType<LogicalFlowOrigin>().Select(o => o.Flow.Match).ToHashSet();
        Assert.Equal(12, made.Count);
        Assert.All(made, m => Assert.True(m.Contains("\\u0031") || m.Contains("\\u0032"), m));
    }
}
