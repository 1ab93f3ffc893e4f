using Overlay.Agent.Sync;
using Overlay.OpenFlow.Flows;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.Sync;

public sealed class FlowSetDerivationTests
{
    private static string Describe(FlowDiff d) =>
        string.Join(" | ", Flows.Sorted(d.Deletes)) + " || " + string.Join(" | ", d.Modifies.Select(m => $"{m.Before}->{m.After}").Order(StringComparer.Ordinal)) + " || " + string.Join(" | ", Flows.Sorted(d.Adds));

    [Fact]
    public void ADerivedSetHoldsTheSameFlowsAsOneBuiltWholeAndItsKnownDiffIsTheComputedOne()
    {
        var random = new Random(5);
        FlowSet current = FlowSet.Of(Enumerable.Range(0, 200).Select(i => Flows.Make(i)));
        var reference = current.ToDictionary(FlowSet.KeyOf);
        for (int step = 0; step < 50; step++)
        {
            var removed = new List<FlowEntry>();
            var added = new List<FlowEntry>();
            foreach (int i in Enumerable.Range(0, 260).Where(_ => random.Next(20) == 0))
            {
                FlowEntry f = Flows.Make(i, outPort: (uint)random.Next(1, 4));
                if (reference.Remove(FlowSet.KeyOf(f), out FlowEntry? old))
                    removed.Add(old); // Removed, or changed when it is added back below.
                if (random.Next(3) > 0)
                {
                    added.Add(f);
                    reference[FlowSet.KeyOf(f)] = f;
                }
            }

            FlowSet next = current.With(removed, added);
            FlowSet whole = FlowSet.Of(reference.Values);

            Assert.True(next.SetEquals(whole), $"step {step}");
            Assert.Equal(next.Count, next.Flows.Length);
            // The shortcut against the base gives what a full comparison gives.
            FlowDiff known = FlowDiff.Compute(current, next);
            FlowDiff computed = FlowDiff.Compute(FlowSet.Of(current), next);
            Assert.Equal(Describe(computed), Describe(known));
            current = next;
        }
    }

    [Fact]
    public void AKeyGivenTwiceInOneChangeEndsAsItsLastValue()
    {
        FlowSet a = FlowSet.Of([Flows.Make(1), Flows.Make(2)]);

        FlowSet b = a.With([Flows.Make(1)], [Flows.Make(1, outPort: 9), Flows.Make(5, outPort: 1), Flows.Make(1, outPort: 8), Flows.Make(5, outPort: 2)]);

        Assert.Equal(Flows.Sorted([Flows.Make(1, outPort: 8), Flows.Make(2), Flows.Make(5, outPort: 2)]), Flows.Sorted(b));
        Assert.Equal(3, b.Flows.Length);
        FlowDiff d = FlowDiff.Compute(a, b);
        Assert.Empty(d.Deletes);
        Assert.Equal([new FlowChange(Flows.Make(1), Flows.Make(1, outPort: 8))], d.Modifies.ToArray());
        Assert.Equal([Flows.Make(5, outPort: 2)], d.Adds.ToArray());
    }

    [Fact]
    public void TheKnownDiffIsOnlyUsedAgainstItsOwnBase()
    {
        FlowSet a = FlowSet.Of([Flows.Make(1), Flows.Make(2)]);
        FlowSet b = a.With([Flows.Make(1)], [Flows.Make(3)]);
        FlowSet other = FlowSet.Of([Flows.Make(2)]);

        Assert.Equal([Flows.Make(3)], FlowDiff.Compute(other, b).Adds.ToArray());
        Assert.Empty(FlowDiff.Compute(other, b).Deletes);
        Assert.Equal([Flows.Make(1)], FlowDiff.Compute(a, b).Deletes.ToArray());

        // Once a newer set is derived, the older one no longer remembers its base (nothing keeps old sets alive).
        FlowSet c = b.With([], [Flows.Make(4)]);
        Assert.Null(b.DiffFrom(a));
        Assert.NotNull(c.DiffFrom(b));
    }
}
