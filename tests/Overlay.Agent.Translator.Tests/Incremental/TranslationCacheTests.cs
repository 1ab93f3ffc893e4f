using Overlay.Agent.Translator.Incremental;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Incremental;

/// <summary>
/// A translation with a <see cref="TranslationCache"/> kept from earlier ones equals a translation from scratch:
/// over a fixed-seed walk of views that change bindings, logical flows, address sets, port groups and port
/// residency, with a roomy cache and with one small enough to be dropped and refilled all the time.
/// </summary>
public class TranslationCacheTests
{
    private static readonly string[] VifNames = ["p1", "p2", "q1"];

    private static List<LogicalFlow> Extra(LogicalNetwork network)
    {
        uint sw0 = network.Datapaths.Single(d => d.Name == "sw0").Key;
        return
        [
            LogicalFlow.Create(sw0, Stages.LsInAcl, 3000, "ip4.dst == $as1 && tcp.dst == {22, 80, 443, 8080}", "drop;", "as"),
            LogicalFlow.Create(sw0, Stages.LsOutAcl, 3000, "outport == @pg1 && ip4", "drop;", "pg"),
            LogicalFlow.Create(sw0, Stages.LsOutAcl, 2900, "outport == @pg1 && ip4 && ip4.src == $as1", "next;", "pg-as"),
            LogicalFlow.Create(sw0, Stages.LsInAcl, 2900, "ip4.dst == $as1 && reg0 == 1", "next;", "as-only"),
            LogicalFlow.Create(sw0, Stages.LsInAcl, 2500, "is_chassis_resident(\"p2\") && ip4.src == {10.0.0.1, 10.0.0.2}", "next;", "resident"),
            LogicalFlow.Create(sw0, Stages.LsInAcl, 2400, "inport == \"p2\" && ip4.src == {10.0.0.1, 10.0.0.9, 10.0.0.7} && tcp.dst == {22, 80, 443}", "drop;", "conj"),
            LogicalFlow.Create(sw0, Stages.LsInAcl, 2300, "ip4.src == 10.0.0.1 && tcp.dst == 22", "next;", "clash"),
            LogicalFlow.Create(sw0, Stages.LsInAcl, 2300, "ip4.src == 10.0.0.1 && tcp.dst == 22", "drop;", "clash2"),
            LogicalFlow.Create(sw0, Stages.LsInAcl, 1500, "ip4.dts == 1", "next;", "typo"),
            LogicalFlow.Create(sw0, Stages.LsInL2Lkup, 60, "eth.dst == 00:00:00:00:00:99", "outport = \"nope\"; output;", "unknown-port"),
        ];
    }

    private static void AssertSame(Translation expected, Translation actual)
    {
        Assert.Equal(expected.Flows.Select(f => f.Flow.ToString()), actual.Flows.Select(f => f.Flow.ToString()));
        Assert.True(expected.Flows.Select(f => f.Flow).SequenceEqual(actual.Flows.Select(f => f.Flow)));
        Assert.True(expected.Flows.Select(f => f.Origins).SequenceEqual(actual.Flows.Select(f => f.Origins)));
        Assert.True(expected.Diagnostics.SequenceEqual(actual.Diagnostics));
        // TunnelPort's options are a dictionary, which compares by reference.
        Assert.Equal(expected.Tunnels.Select(t => (t.Name, t.Chassis, t.RemoteIp, t.OfPort, t.Requested, string.Join(',', t.Options))),
            actual.Tunnels.Select(t => (t.Name, t.Chassis, t.RemoteIp, t.OfPort, t.Requested, string.Join(',', t.Options))));
        Assert.Equal(expected.Datapaths.ToArray(), actual.Datapaths.ToArray());
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(7)]
    public void A_cached_translation_equals_one_from_scratch(int capacity)
    {
        var network = Networks.Compile(Networks.Router);
        var universe = network.Flows.Concat(Extra(network)).ToList();
        var rng = new Random(4242 + capacity);
        string[] ips = ["10.0.0.1", "10.0.0.2", "10.0.0.0/30", "10.0.1.0/24"];
        string[] members = ["p1", "p2", "q1", "sw0-lr0"];
        var cache = new TranslationCache(capacity);
        var flows = universe;
        var placement = new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["q1"] = 1 };
        var sets = network with { };
        for (int step = 0; step < 40; step++)
        {
            switch (rng.Next(4))
            {
                case 0: // a binding moves (or the host's own VIF leaves)
                    placement = VifNames.ToDictionary(p => p, p => rng.Next(3) == 0 ? rng.Next(1, 4) : placement[p]);
                    break;
                case 1: // logical flows come and go
                    flows = [.. universe.Where(_ => rng.Next(5) != 0)];
                    break;
                case 2: // address sets and port groups change
                    sets = network with
                    {
                        AddressSets = [new AddressSetBinding("as1", ips.Where(_ => rng.Next(2) == 0).ToValueArray())],
                        PortGroups = [new PortGroupBinding("pg1", members.Where(_ => rng.Next(2) == 0).ToValueArray())],
                    };
                    break;
                default: // nothing changes
                    break;
            }
            int self = rng.Next(1, 3);
            var view = Hosts.View(sets with { Flows = [.. flows] }, self, 3, placement);
            AssertSame(Translator.Translate(view), Translator.Translate(view, null, cache));
        }
        Assert.True(cache.Count <= capacity);
    }

    [Fact]
    public void An_incremental_translator_sharing_the_cache_of_a_full_translation_agrees_with_it()
    {
        var network = Networks.Compile(Networks.Router);
        var placement = new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 2, ["q1"] = 1 };
        var view = Hosts.View(network with { Flows = [.. network.Flows, .. Extra(network)] }, 1, 2, placement);
        var cache = new TranslationCache();
        var full = Translator.Translate(view, null, cache);
        var inc = new IncrementalTranslator(view, null, cache);
        AssertSame(full, inc.Current);

        var moved = Hosts.View(view.Network, 1, 2, new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["q1"] = 2 });
        var delta = inc.Update(moved, [], []);
        AssertSame(Translator.Translate(moved), inc.Current);
        AssertSame(Translator.Translate(moved), Translator.Translate(moved, null, cache));
        Assert.Contains(delta.Added, f => f.Origin is LogicalFlowOrigin { Flow.Source: "resident" });
    }

    [Fact]
    public void Options_that_differ_from_the_cached_ones_are_honoured()
    {
        var network = Networks.Compile(Networks.Router);
        var view = Hosts.View(network with { Flows = [.. network.Flows, .. Extra(network)] }, 1, 2,
            new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["q1"] = 2 });
        var cache = new TranslationCache();
        var loose = new TranslatorOptions { ConjunctionThreshold = 1000 };
        AssertSame(Translator.Translate(view), Translator.Translate(view, null, cache));
        AssertSame(Translator.Translate(view, loose), Translator.Translate(view, loose, cache));
        AssertSame(Translator.Translate(view), Translator.Translate(view, null, cache));
    }
}
