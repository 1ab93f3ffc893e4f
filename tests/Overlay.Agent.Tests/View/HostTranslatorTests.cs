using System.Collections.Immutable;
using Overlay.Agent.State;
using Overlay.Agent.Tests.Support;
using Overlay.Agent.Translator;
using Overlay.Agent.View;
using Overlay.Logical;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.View;

public sealed class HostTranslatorTests
{
    private static HostView View(LogicalNetwork network, bool p3Here) => HostView.Create(
        "hv1",
        "192.168.0.1",
        [new RemoteChassis("hv2", "192.168.0.2", 100)],
        network,
        [("p1", "hv1", 1u), ("p2", "hv1", 2u), ("p3", p3Here ? "hv1" : "hv2", p3Here ? 3u : null)]);

    private static string[] Full(HostView view) => Flows.Sorted(Translator.Translator.Translate(view).Flows.Select(f => f.Flow));

    [Fact]
    public async Task ASeededSequenceOfChangesAlwaysEqualsAFreshFullTranslation()
    {
        var random = new Random(20261121);
        LogicalFlow[] pool =
        [
            .. Enumerable.Range(0, 12).Select(i => Networks.Flow(Stages.LsInAcl, 1000 + i, $"ip4.src == $a && tcp.dst == {20 + i}", "drop;")),
            .. Enumerable.Range(0, 8).Select(i => Networks.Flow(Stages.LsInAcl, 900 + i, $"inport == \"p{1 + (i % 3)}\" && ip4.dst == 10.0.0.{i}", "next;")),
            .. Enumerable.Range(0, 6).Select(i => Networks.Flow(Stages.LsInAcl, 800 + i, $"ip4.dst == $b && udp.dst == {50 + i}", "drop;")),
        ];
        LogicalNetwork network = Networks.Switch() with
        {
            AddressSets = [new AddressSetBinding("a", ValueArray.Create("10.1.0.1")), new AddressSetBinding("b", ValueArray.Create("10.2.0.1", "10.2.0.2"))],
        };
        var translator = new HostTranslator();
        bool p3Here = false;
        int incremental = 0;
        for (int step = 0; step < 40; step++)
        {
            int kind = random.Next(6);
            LogicalNetwork before = network;
            FlowChanges? changes = null;
            if (kind == 0)
            {
                // A binding moves: not a flow-only change, so a full translation.
                p3Here = !p3Here;
            }
            else if (kind == 1)
            {
                var addresses = Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"10.1.{random.Next(4)}.{random.Next(1, 9)}").Distinct().ToArray();
                network = network with { AddressSets = [new AddressSetBinding("a", new ValueArray<string>(addresses)), network.AddressSets[1]] };
            }
            else
            {
                var flows = network.Flows.ToList();
                var added = new List<LogicalFlow>();
                var removed = new List<LogicalFlow>();
                foreach (LogicalFlow f in pool.Where(_ => random.Next(8) == 0))
                {
                    if (flows.RemoveAll(x => x.Id == f.Id) == 0)
                    {
                        flows.Add(f);
                        added.Add(f);
                    }
                    else
                    {
                        removed.Add(f);
                    }
                }

                network = network with { Flows = [.. flows] };
                // As the Southbound source says it, every other step; a stale one (from an older network) must be ignored.
                changes = (step % 4) switch
                {
                    0 => new FlowChanges(before, added, removed),
                    1 => new FlowChanges(Networks.Switch(), added, removed),
                    _ => null,
                };
            }

            HostView view = View(network, p3Here);
            HostTranslation made = await translator.TranslateAsync(view, changes, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            if (made.Incremental)
                incremental++;
            Assert.Equal(Full(view), Flows.Sorted(made.Translation.Flows.Select(f => f.Flow)));
            Assert.Equal(Full(view), Flows.Sorted(made.Flows));
            Assert.Equal([.. Translator.Translator.Translate(view).Tunnels], made.Translation.Tunnels.ToArray());
        }

        Assert.True(incremental >= 20, $"only {incremental} of 40 steps were incremental");
    }

    [Fact]
    public void TheLogicalFlowDiffNamesAddedChangedAndRemovedFlowsById()
    {
        LogicalFlow a = Networks.Flow(Stages.LsInAcl, 1, "ip4", "next;");
        LogicalFlow b = Networks.Flow(Stages.LsInAcl, 2, "ip4", "next;");
        LogicalFlow c = Networks.Flow(Stages.LsInAcl, 3, "ip4", "next;");
        var before = new Dictionary<ulong, LogicalFlow> { [a.Id] = a, [b.Id] = b };

        var (added, removed, now) = HostTranslator.Diff(before, ImmutableArray.Create(a with { Source = "elsewhere" }, c));

        Assert.Equal([a with { Source = "elsewhere" }, c], added.ToArray());
        Assert.Equal([b], removed.ToArray());
        Assert.Equal(2, now.Count);
    }
}
