using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Tests.Support;

namespace Overlay.OpenFlow.Tests.Codec;

public sealed class MessageVectorTests
{
    [Theory]
    [MemberData(nameof(MessageVectors.Names), MemberType = typeof(MessageVectors))]
    public void EncodesToTheVector(string name)
    {
        (OfpMessage message, string hex, _) = MessageVectors.All[name];

        Assert.Equal(hex, Convert.ToHexString(message.Encode()));
    }

    [Theory]
    [MemberData(nameof(MessageVectors.Names), MemberType = typeof(MessageVectors))]
    public void DecodesTheVectorBackToTheSameMessage(string name)
    {
        (OfpMessage message, string hex, _) = MessageVectors.All[name];

        OfpMessage decoded = OfpMessage.Decode(Convert.FromHexString(hex));

        Assert.IsType(message.GetType(), decoded);
        Assert.Equal(message.Xid, decoded.Xid);
        Assert.Equal(hex, Convert.ToHexString(decoded.Encode()));
    }

    [Theory]
    [MemberData(nameof(MessageVectors.Names), MemberType = typeof(MessageVectors))]
    public void OvsDecodesTheVectorAsIntended(string name)
    {
        (_, string hex, string printed) = MessageVectors.All[name];

        string ovs = OfctlOracle.OfpPrint(Convert.FromHexString(hex));

        Assert.DoesNotContain("decode error", ovs, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(printed, ovs, StringComparison.Ordinal);
    }

    [Fact]
    public void SimpleRecordsCompareEqualAfterARoundTrip()
    {
        foreach (string name in new[] { "hello", "features-reply", "error-nicira", "flow-mod-add", "bundle-open", "bundle-add", "flow-stats-request" })
        {
            (OfpMessage message, string hex, _) = MessageVectors.All[name];
            Assert.Equal(message, OfpMessage.Decode(Convert.FromHexString(hex)));
        }
    }
}
