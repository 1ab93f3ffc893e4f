namespace Overlay.Northd.Compiler.Nb.Tests;

public class NetAddrTests
{
    [Theory]
    [InlineData("50:54:00:00:00:01", true)]
    [InlineData("AA:bb:CC:dd:EE:ff", true)]
    [InlineData("50:54:00:00:00:0z", false)]
    [InlineData("50:54:00:00:00", false)]
    [InlineData("50:54:00:00:00:01:02", false)]
    [InlineData("5:54:00:00:00:01", false)]
    [InlineData("50-54-00-00-00-01", false)]
    [InlineData("", false)]
    public void Mac(string text, bool valid) => Assert.Equal(valid, NetAddr.IsMac(text));

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.0.0.1", false)]
    [InlineData("10.0.0", false)]
    [InlineData("10.0.0.1.2", false)]
    [InlineData("010.0.0.1", false)]
    [InlineData("1", false)]
    [InlineData(" 10.0.0.1", false)]
    [InlineData("+1.0.0.1", false)]
    public void Ipv4(string text, bool valid) => Assert.Equal(valid, NetAddr.TryParseIpv4(text, out _));

    [Theory]
    [InlineData("fd00::1", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("[fd00::1]", false)]
    [InlineData("fd00::1::2", false)]
    [InlineData("10.0.0.1", false)]
    public void Ipv6(string text, bool valid) => Assert.Equal(valid, NetAddr.TryParseIpv6(text, out _));

    [Fact]
    public void Prefix_parsing_normalizing_and_containment()
    {
        Assert.Null(NetAddr.TryParsePrefix("10.0.0.5/24", false, out var p));
        Assert.Equal(("10.0.0.0/24", "10.0.0.5/24", true), (p.NormalizedText, p.ToString(), p.HasHostBits));
        Assert.True(p.Contains(NetAddr.ParseAddress("10.0.0.200")!.Value));
        Assert.False(p.Contains(NetAddr.ParseAddress("10.0.1.1")!.Value));
        Assert.Null(NetAddr.TryParsePrefix("10.0.0.7", true, out var host));
        Assert.Equal(("10.0.0.7", 32), (host.NormalizedText, host.PrefixLength));
        Assert.Null(NetAddr.TryParsePrefix("fd00::5/64", false, out var v6));
        Assert.Equal("fd00::/64", v6.NormalizedText);
        Assert.Equal("a prefix length is required (e.g. 10.0.0.1/24)", NetAddr.TryParsePrefix("10.0.0.1", false, out _));
        Assert.Equal("prefix length 129 is longer than 128 bits", NetAddr.TryParsePrefix("fd00::/129", false, out _));
        Assert.Null(NetAddr.TryParsePrefix("0.0.0.0/0", false, out var all));
        Assert.True(all.Contains(NetAddr.ParseAddress("1.2.3.4")!.Value));
        Assert.False(all.Contains(NetAddr.ParseAddress("fd00::1")!.Value));
    }

    [Fact]
    public void Overlap()
    {
        static IpPrefix P(string s) { Assert.Null(NetAddr.TryParsePrefix(s, false, out var p)); return p; }
        Assert.True(P("10.0.0.1/16").Overlaps(P("10.0.5.1/24")));
        Assert.True(P("10.0.5.1/24").Overlaps(P("10.0.0.1/16")));
        Assert.False(P("10.0.0.1/24").Overlaps(P("10.0.1.1/24")));
        Assert.False(P("10.0.0.1/24").Overlaps(P("fd00::1/64")));
    }
}
