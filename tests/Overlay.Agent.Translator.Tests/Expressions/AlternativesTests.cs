using Overlay.Agent.Translator.Expressions;
using Overlay.Agent.Translator.Layout;

namespace Overlay.Agent.Translator.Tests.Expressions;

/// <summary>The few-clause minimization gives the general one's clauses in the general one's order.</summary>
public class AlternativesTests
{
    [Fact]
    public void Few_alternatives_minimize_as_the_general_way_does()
    {
        var storage = FieldMap.Find("ip4.dst")!;
        UInt128[] masks = [0xffffffff, 0xffffff00, 0xffff0000, 0xf0000000, 0x0000ffff, 0];
        var rng = new Random(1121);
        int reduced = 0;
        for (int n = 0; n < 3000; n++)
        {
            var clauses = new List<Clause>();
            int count = 2 + rng.Next(15);
            for (int i = 0; i < count; i++)
            {
                // Few distinct values, so duplicates and covering prefixes are common; some values with bits outside the mask.
                UInt128 mask = masks[rng.Next(masks.Length)];
                UInt128 value = (uint)(0x0a000000 | rng.Next(4) << 8 | rng.Next(3));
                clauses.Add(rng.Next(8) == 0 ? new Clause(storage, value, mask) : Clause.Of(storage, value, mask));
            }
            var general = Alternatives.Minimize((IEnumerable<Clause>)clauses, 100);
            var few = Alternatives.Minimize(clauses, 100);
            Assert.Equal(general, few);
            if (few.Length < clauses.Count) reduced++;
        }
        Assert.True(reduced > 1000, $"only {reduced} cases had anything to minimize");
    }

    [Fact]
    public void Too_many_distinct_alternatives_are_reported_alike()
    {
        var storage = FieldMap.Find("ip4.dst")!;
        var clauses = Enumerable.Range(0, 6).Select(i => Clause.Of(storage, (UInt128)(i << 8), i % 2 == 0 ? 0xffffff00 : 0xffffffff)).ToList();
        var general = Assert.Throws<TranslationProblem>(() => Alternatives.Minimize((IEnumerable<Clause>)clauses, 5));
        var few = Assert.Throws<TranslationProblem>(() => Alternatives.Minimize(clauses, 5));
        Assert.Equal(general.Message, few.Message);
    }
}
