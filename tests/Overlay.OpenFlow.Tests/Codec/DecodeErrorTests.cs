using Overlay.OpenFlow.Errors;
using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow.Tests.Codec;

/// <summary>Malformed input never escapes as anything but an OpenFlowProtocolException with a reason.</summary>
public sealed class DecodeErrorTests
{
    [Fact]
    public void EveryTruncationOfEveryVectorIsDecodedOrRefusedWithAReason()
    {
        int refused = 0;
        foreach ((string name, (_, string hex, _)) in MessageVectors.All)
        {
            byte[] full = Convert.FromHexString(hex);
            for (int n = 0; n < full.Length; n++)
            {
                // The header claims exactly the bytes present, so the body parsers see the cut.
                byte[] cut = full[..n];
                if (n >= 4)
                {
                    cut[2] = (byte)(n >> 8);
                    cut[3] = (byte)n;
                }

                try
                {
                    OfpMessage.Decode(cut);
                }
                catch (OpenFlowProtocolException ex)
                {
                    Assert.False(string.IsNullOrWhiteSpace(ex.Reason), $"{name} cut to {n}");
                    refused++;
                }
            }
        }

        Assert.True(refused > 500, $"only {refused} truncations were refused");
    }

    [Fact]
    public void AFrameShorterThanItsHeaderLengthIsRefused()
    {
        byte[] frame = Convert.FromHexString(MessageVectors.All["features-reply"].Hex)[..20];

        var ex = Assert.Throws<OpenFlowProtocolException>(() => OfpMessage.Decode(frame));

        Assert.Contains("header says 32 bytes but the frame has 20", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ABodyShorterThanItsStructureNamesWhatWasMissing()
    {
        // FEATURES_REPLY whose header length covers only 12 of its 24 body bytes.
        byte[] frame = Convert.FromHexString("06060014000000070000020000FE0001" + "00000000");

        var ex = Assert.Throws<OpenFlowProtocolException>(() => OfpMessage.Decode(frame));

        Assert.Contains("OFPT_FEATURES_REPLY", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMatchLongerThanItsMessageIsRejected()
    {
        byte[] frame = Convert.FromHexString(MessageVectors.All["flow-mod-delete-cookie"].Hex);
        frame[51] = 0x40; // match length 64 in a message that has only 8 match bytes

        var ex = Assert.Throws<OpenFlowProtocolException>(() => OfpMessage.Decode(frame));

        Assert.Contains("match", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnActionWithBadLengthIsRejected()
    {
        byte[] frame = Convert.FromHexString(MessageVectors.All["flow-mod-add"].Hex);
        frame[frame.Length - 13] = 0x0c; // resubmit action length 12, not a multiple of 8

        var ex = Assert.Throws<OpenFlowProtocolException>(() => OfpMessage.Decode(frame));

        Assert.Contains("bad length 12", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesTheModelRefusesAreProtocolErrorsToo()
    {
        // FLOW_MOD whose only action is set_field reg1 with an all-zero mask.
        byte[] frame = Convert.FromHexString(
            "060E0060000000010000000000000000000000000000000000000000000000" + "01FFFFFFFFFFFFFFFFFFFFFFFF00000000"
            + "0001000400000000" + "00040018000000000019001000010308000000050000000000000000");
        frame[3] = (byte)frame.Length;

        var ex = Assert.Throws<OpenFlowProtocolException>(() => OfpMessage.Decode(frame));

        Assert.Contains("all-zero mask", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsAreNamedAsOvsOfctlNamesThem()
    {
        var bundle = (ErrorMessage)OfpMessage.Decode(Convert.FromHexString("0601000C000000090011000D"));
        var nicira = (ErrorMessage)OfpMessage.Decode(Convert.FromHexString("0601001000000002FFFF001400002320"));
        var unknown = new ErrorMessage(0xffff, 77, 0x12345678, ByteString.Empty);

        Assert.Equal("OFPBFC_MSG_FAILED", bundle.Name);
        Assert.Equal("One message in bundle failed.", bundle.Description);
        Assert.Equal("NXTTMFC_ALREADY_MAPPED", nicira.Name);
        Assert.Equal("OFPET_EXPERIMENTER(vendor=0x12345678,code=77)", unknown.Name);
        Assert.Equal("OFPET_BUNDLE_FAILED", OfpErrorCatalog.TypeName(17));
        Assert.Equal(((ushort)0xffff, (ushort)2, 0x2320u), OfpErrorCatalog.Find("NXBRC_NXM_INVALID"));
    }

    [Fact]
    public void AnErrorExposesTheOffendingRequest()
    {
        byte[] request = (FlowMod.Add(MessageVectors.SampleFlow) with { Xid = 0x2a }).Encode();
        ErrorMessage error = ErrorMessage.Create("OFPBAC_BAD_OUT_PORT", 0x2a, request);

        Assert.Equal(0x2au, error.OffendingXid);
        Assert.Equal(Wire.OfpType.FlowMod, error.OffendingType);
        Assert.Equal("OFPBAC_BAD_OUT_PORT (Problem validating output port.) for OFPT_FLOW_MOD xid=0x2a", error.Describe());
        Assert.Null(error.TryDecodeOffendingRequest()); // OVS truncates the request to 64 bytes
        Assert.IsType<BarrierRequest>(ErrorMessage.Create("OFPBRC_BAD_LEN", 1, new BarrierRequest { Xid = 1 }.Encode()).TryDecodeOffendingRequest());
    }
}
