using Overlay.Contracts.Wire;

namespace Overlay.Contracts.Tests;

public class GrpcHeaderTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("100n", 1L)]
    [InlineData("1n", 1L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Parses_every_timeout_unit(string text, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(text, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void Rejects_malformed_timeouts(string? text) => Assert.False(GrpcTimeout.TryParse(text, out _));

    [Fact]
    public void Formats_timeouts_in_at_most_eight_digits_never_shorter()
    {
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.Zero));
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-1)));
        Assert.Equal("250000u", GrpcTimeout.Format(TimeSpan.FromMilliseconds(250)));
        Assert.Equal("10000000u", GrpcTimeout.Format(TimeSpan.FromSeconds(10)));
        Assert.Equal("3600000m", GrpcTimeout.Format(TimeSpan.FromHours(1)));
        Assert.Equal("99999999H", GrpcTimeout.Format(TimeSpan.MaxValue));
        foreach (var span in new[] { 1L, 99, 12345, 10_000_000_000, 123_456_789_012_345, long.MaxValue / 3 }.Select(TimeSpan.FromTicks))
        {
            string text = GrpcTimeout.Format(span);
            Assert.True(text.Length <= 9, text);
            Assert.True(GrpcTimeout.TryParse(text, out var back), text);
            Assert.True(back >= span, $"{text} is shorter than {span}");
        }
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("ünï ✓", "%C3%BCn%C3%AF %E2%9C%93")]
    public void Percent_encodes_status_messages(string message, string wire)
    {
        Assert.Equal(wire, GrpcStatusMessage.Encode(message));
        Assert.Equal(message, GrpcStatusMessage.Decode(wire));
    }

    [Theory]
    [InlineData("50%", "50%")]
    [InlineData("%zz%4", "%zz%4")]
    [InlineData(null, "")]
    public void Decoding_keeps_malformed_escapes(string? wire, string message) => Assert.Equal(message, GrpcStatusMessage.Decode(wire));
}
