using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Actions;

namespace Overlay.OpenFlow.Tests.Codec;

public sealed class MatchTests
{
    [Fact]
    public void FieldOrderDoesNotMatterForEquality()
    {
        Match a = Match.Builder().Reg(14, 1).Metadata(1).EthDst("02:00:00:00:00:01").Build();
        Match b = Match.Builder().EthDst("02:00:00:00:00:01").Metadata(1).Reg(14, 1).Build();

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("reg14=0x1,metadata=0x1,dl_dst=02:00:00:00:00:01", a.ToString());
    }

    [Fact]
    public void ValuesAreMaskedAndFullMasksDropped()
    {
        Match masked = Match.Builder().IPv4().Ipv4Dst("10.1.2.3/8").Reg(3, 0xff, 0xffffffff).Build();
        Match plain = Match.Builder().IPv4().Ipv4Dst("10.0.0.0/8").Reg(3, 0xff).Build();

        Assert.Equal(plain, masked);
        Assert.Equal("ip,reg3=0xff,nw_dst=10.0.0.0/8", masked.ToString());
    }

    [Fact]
    public void AnAllZeroMaskRemovesTheField()
    {
        Assert.Equal(Match.Any, Match.Builder().Reg(1, 5, 0).Build());
    }

    [Fact]
    public void WideRegistersAreStoredAsTheirThirtyTwoBitRegisters()
    {
        Match viaXxreg = Match.Builder().Xxreg(0, (UInt128)0x80 << 96, (UInt128)0x80 << 96).Build();
        Match viaXreg = Match.Builder().Xreg(0, 0x80UL << 32, 0x80UL << 32).Build();
        Match viaReg = Match.Builder().Reg(0, 0x80, 0x80).Build();

        Assert.Equal(viaReg, viaXxreg);
        Assert.Equal(viaReg, viaXreg);
        Assert.Equal("reg0=0x80/0x80", viaXxreg.ToString());
    }

    [Fact]
    public void TunnelMetadataIgnoresLeadingZeroBytesButKeepsMasks()
    {
        Match shortForm = Match.Builder().Set(OfFields.TunMetadata(0), ByteString.FromHex("0101")).Build();
        Match switchForm = Match.Builder().Set(OfFields.TunMetadata(0), ByteString.FromHex("00000101")).Build();
        Match masked = Match.Builder().Set(OfFields.TunMetadata(0), ByteString.FromHex("00000001"), ByteString.FromHex("000000ff")).Build();

        Assert.Equal(shortForm, switchForm);
        Assert.Equal("tun_metadata0=0x101", switchForm.ToString());
        Assert.NotEqual(Match.Builder().TunMetadata(0, 1).Build(), masked);
        Assert.Equal(ByteString.FromHex("ff"), masked.Get(OfFields.TunMetadata(0))!.Mask);
    }

    [Fact]
    public void BuildRefusesMissingPrerequisites()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Match.Builder().Ipv4Src("10.0.0.1").TcpDst(80).Build());

        Assert.Contains("ip_src needs eth_type=0x0800", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tcp_dst needs ip or ipv6 with nw_proto=6", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Match.Builder().Tcp().Ipv4Src("10.0.0.1").TcpDst(80).Build().Validate());
    }

    [Fact]
    public void IntegersSetWideFieldsToo()
    {
        Assert.Equal(
            Match.Builder().Xxreg(1, 5).Build(),
            Match.Builder().Set(OfFields.Xxreg(1), 5UL).Build());
        Assert.Equal("reg4=0,reg5=0,reg6=0,reg7=0x5", Match.Builder().Set(OfFields.Xxreg(1), 5UL).Build().ToString());
    }

    [Fact]
    public void UnmaskableFieldsRefuseMasks()
    {
        Assert.Throws<ArgumentException>(() => Match.Builder().Set(OfFields.EthType, 0x800UL, 0xff00UL));
    }

    [Fact]
    public void WrongWidthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Match.Builder().Set(OfFields.EthSrc, ByteString.FromHex("0102")));
        Assert.Throws<ArgumentException>(() => Match.Builder().Ipv4Src("fe80::1"));
        Assert.Throws<FormatException>(() => Match.Builder().EthSrc("02:00:00"));
    }

    [Fact]
    public void FormatsLikeOvsOfctl()
    {
        Assert.Equal("tcp6,ipv6_src=fe80::/10,tp_dst=0x50/0xfff0",
            Match.Builder().IPv6().IpProto(6).Ipv6Src("fe80::1/10").Set(OfFields.TcpDst, 0x5aUL, 0xfff0UL).Build().ToString());
        Assert.Equal("ip,nw_proto=47", Match.Builder().IPv4().IpProto(47).Build().ToString());
        Assert.Equal("in_port=LOCAL,vlan_tci=0x0000/0x1fff", Match.Builder().InPort(OfPort.Local).NoVlan().Build().ToString());
        Assert.Equal("arp,arp_tpa=10.0.0.1,arp_op=1", Match.Builder().Arp().ArpOp(1).ArpTpa("10.0.0.1").Build().ToString());
        Assert.Equal("ip,nw_src=10.0.2.0/255.0.255.0", Match.Builder().IPv4().Ipv4Src("10.1.2.3/255.0.255.0").Build().ToString());
    }

    [Fact]
    public void UnknownFieldsFromTheWireSurviveARoundTrip()
    {
        // A flow mod whose match carries NXM_NX_CT_STATE (class 1, field 105), which this library does not model.
        Match match = Match.Builder().Reg(1, 1).Build();
        byte[] bytes = (FlowMod.Add(new FlowEntry(0, 1, 0, match, ActionList.Drop)) with { Xid = 1 }).Encode();
        byte[] withCtState = InsertMatchTlv(bytes, Convert.FromHexString("0001D20400000021"));

        var decoded = (FlowMod)OfpMessage.Decode(withCtState);

        Assert.Contains(decoded.Match.Fields, f => f.Field.Id == new OxmFieldId(1, 105));
        Assert.Equal(decoded.Match, ((FlowMod)OfpMessage.Decode(withCtState)).Match);
        Assert.Equal(Convert.ToHexString(withCtState), Convert.ToHexString((decoded with { Xid = 1 }).Encode()));
    }

    // Appends a TLV at the end of the match and fixes up the match and message lengths.
    private static byte[] InsertMatchTlv(byte[] flowMod, byte[] tlv)
    {
        const int matchOffset = 48;
        int matchLength = (flowMod[matchOffset + 2] << 8) | flowMod[matchOffset + 3];
        int padded = (matchLength + 7) / 8 * 8;
        byte[] fields = flowMod[(matchOffset + 4)..(matchOffset + matchLength)];
        byte[] newFields = [.. fields, .. tlv];
        int newLength = 4 + newFields.Length;
        int newPadded = (newLength + 7) / 8 * 8;
        byte[] match = [0, 1, (byte)(newLength >> 8), (byte)newLength, .. newFields, .. new byte[newPadded - newLength]];
        byte[] result = [.. flowMod[..matchOffset], .. match, .. flowMod[(matchOffset + padded)..]];
        result[2] = (byte)(result.Length >> 8);
        result[3] = (byte)result.Length;
        return result;
    }
}
