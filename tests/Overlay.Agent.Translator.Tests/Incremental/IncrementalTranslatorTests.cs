using System.Collections.Immutable;
using Overlay.Agent.Translator.Incremental;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Tests.Incremental;

/// <summary>Incremental == full: after every logical-flow diff (fixed seed), and after update-then-revert.</summary>
public class IncrementalTranslatorTests
{
    private static readonly Dictionary<string, int> Placement = new() { ["p1"] = 1, ["p2"] = 2, ["q1"] = 1 };

    /// <summary>The router topology's flows plus ACL-like flows built to share conjunction clauses and to clash.</summary>
    private static (LogicalNetwork Base, List<LogicalFlow> Universe) Universe()
    {
        var network = Networks.Compile(Networks.Router);
        uint sw0 = network.Datapaths.Single(d => d.Name == "sw0").Key;
        var extra = new List<LogicalFlow>();
        string[] srcs = ["{10.0.0.1, 10.0.0.2, 10.0.0.3}", "{10.0.0.2, 10.0.0.4, 10.0.0.5}", "{10.0.0.1, 10.0.0.9, 10.0.0.7}"];
        string[] ports = ["{22, 80, 443}", "{22, 8080, 8443}", "{53, 80, 123}"];
        foreach (var s in srcs)
            foreach (var p in ports)
                extra.Add(LogicalFlow.Create(sw0, Stages.LsInAcl, 2000, $"ip4.src == {s} && tcp.dst == {p}", "drop;", "acl"));
        extra.Add(LogicalFlow.Create(sw0, Stages.LsInAcl, 2000, "ip4.src == 10.0.0.1 && tcp.dst == 22", "next;", "clash"));
        extra.Add(LogicalFlow.Create(sw0, Stages.LsInAcl, 2000, "ip4.src == 10.0.0.1 && tcp.dst == 22", "drop;", "same"));
        extra.Add(LogicalFlow.Create(sw0, Stages.LsInAcl, 1500, "ip4.dts == 1", "next;", "typo"));
        extra.Add(LogicalFlow.Create(sw0, Stages.LsInAcl, 1500, "inport == \"p2\" && ip4", "drop;", "remote-pinned"));
        return (network, [.. network.Flows, .. extra]);
    }

    private static HostView View(LogicalNetwork network, IEnumerable<LogicalFlow> flows) =>
        Hosts.View(network with { Flows = [.. flows] }, 1, 2, Placement);

    private static void AssertSame(Translation expected, Translation actual)
    {
        var e = expected.Flows.ToDictionary(f => f.Key);
        var a = actual.Flows.ToDictionary(f => f.Key);
        var missing = e.Where(kv => !a.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => kv.Value.Flow.ToString()).ToList();
        var extra = a.Where(kv => !e.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => kv.Value.Flow.ToString()).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"missing:\n{string.Join("\n", missing)}\nextra:\n{string.Join("\n", extra)}");
        Assert.Equal(expected.Diagnostics.Select(d => d.ToString()).ToList(), actual.Diagnostics.Select(d => d.ToString()).ToList());
        Assert.True(expected.Diagnostics.SequenceEqual(actual.Diagnostics));
        Assert.Equal(expected.Flows.Select(f => f.Key), actual.Flows.Select(f => f.Key));
    }

    [Fact]
    public void Every_update_equals_a_full_translation()
    {
        var (network, universe) = Universe();
        var rng = new Random(9001);
        var present = universe.Where(_ => rng.Next(2) == 0).ToList();
        var inc = new IncrementalTranslator(View(network, present));
        AssertSame(Translator.Translate(View(network, present)), inc.Current);
        var installed = inc.Current.Flows.ToDictionary(f => f.Key);
        for (int step = 0; step < 60; step++)
        {
            var removed = present.Where(_ => rng.Next(8) == 0).ToList();
            var added = universe.Where(f => present.All(p => p.Id != f.Id) && rng.Next(8) == 0).ToList();
            // A flow whose source changed: same id, in both lists.
            if (present.Count > 0 && rng.Next(3) == 0)
            {
                var f = present[rng.Next(present.Count)];
                if (!removed.Contains(f)) { removed.Add(f); added.Add(f with { Source = f.Source + "'" }); }
            }
            present = [.. present.Except(removed), .. added];
            var view = View(network, present);
            var delta = inc.Update(view, added, removed);
            var full = Translator.Translate(view);
            AssertSame(full, inc.Current);
            delta.ApplyTo(installed);
            Assert.Equal(full.Flows.ToHashSet(), installed.Values.ToHashSet());
        }
    }

    [Fact]
    public void Update_then_revert_leaves_no_residue()
    {
        var (network, universe) = Universe();
        var rng = new Random(77);
        var present = universe.Where(_ => rng.Next(3) != 0).ToList();
        var inc = new IncrementalTranslator(View(network, present));
        var before = inc.Current;
        for (int i = 0; i < 20; i++)
        {
            var removed = present.Where(_ => rng.Next(4) == 0).ToList();
            var added = universe.Where(f => present.All(p => p.Id != f.Id) && rng.Next(4) == 0).ToList();
            var changed = present.Except(removed).Concat(added).ToList();
            var forth = inc.Update(View(network, changed), added, removed);
            var back = inc.Update(View(network, present), removed, added);
            AssertSame(before, inc.Current);
            Assert.Equal(forth.Removed.ToHashSet(), back.Added.ToHashSet());
            Assert.Equal(forth.Added.ToHashSet(), back.Removed.ToHashSet());
        }
    }

    [Fact]
    public void Changing_address_sets_and_port_groups_retranslates_the_flows_that_name_them()
    {
        var (network, universe) = Universe();
        uint sw0 = network.Datapaths.Single(d => d.Name == "sw0").Key;
        LogicalFlow[] users =
        [
            LogicalFlow.Create(sw0, Stages.LsInAcl, 3000, "ip4.dst == $as1 && tcp.dst == {22, 80, 443, 8080}", "drop;", "as"),
            LogicalFlow.Create(sw0, Stages.LsOutAcl, 3000, "outport == @pg1 && ip4", "drop;", "pg"),
            LogicalFlow.Create(sw0, Stages.LsOutAcl, 3001, "outport == @pg12 && ip4", "drop;", "pg12"),
        ];
        var rng = new Random(5);
        string[] ips = ["10.0.0.1", "10.0.0.2", "10.0.0.0/30", "10.0.1.0/24"];
        string[] ports = ["p1", "p2", "q1", "sw0-lr0"];
        LogicalNetwork With(int step) => network with
        {
            Flows = [.. universe.Take(40), .. users],
            AddressSets = [new AddressSetBinding("as1", ips.Where(_ => rng.Next(2) == 0).ToValueArray())],
            PortGroups = [new PortGroupBinding("pg1", ports.Where(_ => rng.Next(2) == 0).ToValueArray()), new PortGroupBinding("pg12", ValueArray.Create("p2"))],
        };
        var inc = new IncrementalTranslator(Hosts.View(With(0), 1, 2, Placement));
        for (int step = 1; step < 30; step++)
        {
            var view = Hosts.View(With(step), 1, 2, Placement);
            var before = inc.Current.Flows;
            var delta = inc.Update(view, [], []);
            AssertSame(Translator.Translate(view), inc.Current);
            Assert.True(delta.Removed.Concat(delta.Added).All(f => f.Origin is LogicalFlowOrigin { Flow.Source: "as" or "pg" }),
                "only the flows naming a changed set may change");
            Assert.Equal(FlowDelta.Between(before, inc.Current.Flows).Added.ToHashSet(), delta.Added.ToHashSet());
        }
    }

    [Fact]
    public void A_binding_change_falls_back_to_a_full_translation()
    {
        var (network, _) = Universe();
        var inc = new IncrementalTranslator(Hosts.View(network, 1, 2, Placement));
        var moved = Hosts.View(network, 1, 2, new Dictionary<string, int> { ["p1"] = 1, ["p2"] = 1, ["q1"] = 2 });
        var delta = inc.Update(moved, [], []);
        AssertSame(Translator.Translate(moved), inc.Current);
        Assert.False(delta.IsEmpty);
        Assert.Contains(delta.Added, f => f.Origin is PortBindingOrigin { Port.Name: "p2" } && f.Flow.Table == 0);
    }

    [Fact]
    public void An_unchanged_update_changes_nothing()
    {
        var (network, _) = Universe();
        var view = Hosts.View(network, 1, 2, Placement);
        var inc = new IncrementalTranslator(view);
        Assert.True(inc.Update(view, ImmutableArray<LogicalFlow>.Empty, ImmutableArray<LogicalFlow>.Empty).IsEmpty);
    }
}
