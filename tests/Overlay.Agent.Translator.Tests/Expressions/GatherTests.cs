using Overlay.Agent.Translator.Expressions;
using Overlay.Agent.Translator.Layout;

namespace Overlay.Agent.Translator.Tests.Expressions;

/// <summary>
/// A gather takes one OR on one storage as the dimension of a plain conjunction; the same OR met again in the same AND
/// (the <c>ip</c> prerequisite of both <c>ip.ttl</c> and <c>icmp4.type</c>) adds nothing, and a different second OR
/// makes the conjunction more than plain, which the general path then takes.
/// </summary>
public class GatherTests
{
    private static Node Or(string field, params uint[] values)
    {
        var storage = FieldMap.Find(field);
        Assert.NotNull(storage);
        return new OrNode([.. values.Select(v => (Node)new ClauseNode(Clause.Of(storage, v, uint.MaxValue)))]);
    }

    private static (bool Plain, List<Clause>? Dimension, Clause[] Fixed) Gather(Node node)
    {
        var annotator = new Annotator(Annotator.NoNames.Instance);
        annotator.GatherDimension();
        int start = Normalizer.ClauseStack.Top;
        bool plain = Annotator.TryGather(node, annotator, out _);
        var pushed = Normalizer.ClauseStack.From(start).ToArray();
        Normalizer.ClauseStack.Top = start;
        return (plain, annotator.Dimension, pushed);
    }

    [Fact]
    public void The_same_or_twice_in_one_and_is_one_dimension()
    {
        var src = new ClauseNode(Clause.Of(FieldMap.Find("ip4.src")!, 7, uint.MaxValue));
        var (plain, dimension, pushed) = Gather(new AndNode([Or("ip4.dst", 1, 2), src, Or("ip4.dst", 1, 2)]));
        Assert.True(plain);
        Assert.Equal([1, 2], dimension!.Select(c => (int)c.Value));
        Assert.Single(pushed);
    }

    [Theory]
    [InlineData("ip4.dst", 1u, 3u)] // other values
    [InlineData("ip4.src", 1u, 2u)] // the same values on another storage
    public void A_different_second_or_in_one_and_is_not_plain(string field, uint a, uint b)
    {
        var (plain, _, _) = Gather(new AndNode([Or("ip4.dst", 1, 2), Or(field, a, b)]));
        Assert.False(plain);
    }
}
