using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow.Tests.Codec;

/// <summary>
/// One vector per message type: the message, its exact bytes, and a line ovs-ofctl
/// ofp-print must produce for those bytes. Bytes follow the OpenFlow 1.5 spec and the
/// OVS captures in reference/ovs-multihost.md.
/// </summary>
internal static class MessageVectors
{
    public static readonly FlowEntry SampleFlow = new(3, 100, 5, Match.Builder().Reg(14, 1).Metadata(1).Build(),
        ActionList.Of(ResubmitAction.ToTable(37)));

    private const string SampleFlowMod =
        "060E00700000000B" + "0000000000000005" + "0000000000000000" + "0300000000000064FFFFFFFFFFFFFFFFFFFFFFFF00000000"
        + "0001002480010F100000000100000000FFFFFFFF00000000800004080000000000000001" + "00000000"
        + "0004001800000000FFFF001000002320000EFFF825000000";

    public static readonly Dictionary<string, (OfpMessage Message, string Hex, string Printed)> All = new()
    {
        ["hello"] = (Hello.Offering(6) with { Xid = 1 }, "06000010000000010001000800000040", "OFPT_HELLO (OF1.5) (xid=0x1):\n version bitmap: 0x06"),
        ["hello-ovs"] = (new Hello(0x50) { Xid = 7 }, "06000010000000070001000800000050", "version bitmap: 0x04, 0x06"),
        ["echo-request"] = (new EchoRequest(ByteString.CopyFrom("abc"u8)) { Xid = 5 }, "0602000B00000005616263", "OFPT_ECHO_REQUEST (OF1.5) (xid=0x5): 3 bytes of payload"),
        ["echo-reply"] = (new EchoReply(ByteString.CopyFrom("abc"u8)) { Xid = 5 }, "0603000B00000005616263", "OFPT_ECHO_REPLY (OF1.5) (xid=0x5): 3 bytes of payload"),
        ["features-request"] = (new FeaturesRequest { Xid = 7 }, "0605000800000007", "OFPT_FEATURES_REQUEST (OF1.5) (xid=0x7):"),
        ["features-reply"] = (new FeaturesReply(0x0000020000fe0001, 0, 254, 0, 0x4f) { Xid = 7 },
            "06060020000000070000020000FE000100000000FE0000000000004F00000000",
            "OFPT_FEATURES_REPLY (OF1.5) (xid=0x7): dpid:0000020000fe0001\nn_tables:254, n_buffers:0"),
        ["barrier-request"] = (new BarrierRequest { Xid = 8 }, "0614000800000008", "OFPT_BARRIER_REQUEST (OF1.5) (xid=0x8):"),
        ["barrier-reply"] = (new BarrierReply { Xid = 8 }, "0615000800000008", "OFPT_BARRIER_REPLY (OF1.5) (xid=0x8):"),
        ["error-standard"] = (ErrorMessage.Create("OFPBRC_BAD_LEN", 5, Convert.FromHexString("0614000800000005")),
            "06010014000000050001000606140008" + "00000005", "OFPT_ERROR (OF1.5) (xid=0x5): OFPBRC_BAD_LEN\nOFPT_BARRIER_REQUEST (OF1.5) (xid=0x5):"),
        ["error-nicira"] = (ErrorMessage.Create("NXTTMFC_ALREADY_MAPPED", 2), "0601001000000002FFFF001400002320", "OFPT_ERROR (OF1.5) (xid=0x2): NXTTMFC_ALREADY_MAPPED"),
        ["error-bundle"] = (ErrorMessage.Create("OFPBFC_MSG_FAILED", 9), "0601000C000000090011000D", "OFPT_ERROR (OF1.5) (xid=0x9): OFPBFC_MSG_FAILED"),
        ["flow-mod-add"] = (FlowMod.Add(SampleFlow) with { Xid = 11 }, SampleFlowMod,
            "OFPT_FLOW_MOD (OF1.5) (xid=0xb): ADD table:3 priority=100,reg14=0x1,metadata=0x1 cookie:0x5 actions=resubmit(,37)"),
        ["flow-mod-delete-cookie"] = (FlowMod.Delete(255, null, 0x5, 0xff) with { Xid = 3 },
            "060E003800000003" + "0000000000000005" + "00000000000000FF" + "FF03000000000000FFFFFFFFFFFFFFFFFFFFFFFF00000000" + "0001000400000000",
            "OFPT_FLOW_MOD (OF1.5) (xid=0x3): DEL table:255 priority=0 cookie:0x5/0xff actions=drop"),
        ["flow-mod-delete-strict"] = (FlowMod.DeleteStrict(SampleFlow) with { Xid = 3 },
            "060E005800000003" + "0000000000000005" + "0000000000000000" + "0304000000000064FFFFFFFFFFFFFFFFFFFFFFFF00000000"
            + "0001002480010F100000000100000000FFFFFFFF00000000800004080000000000000001" + "00000000",
            "OFPT_FLOW_MOD (OF1.5) (xid=0x3): DEL_STRICT table:3 priority=100,reg14=0x1,metadata=0x1 actions=drop"),
        ["bundle-open"] = (new BundleControl(1, BundleControlType.OpenRequest, BundleFlags.Atomic | BundleFlags.Ordered) { Xid = 10 },
            "062100100000000A0000000100000003", "bundle_id=0x1 type=OPEN_REQUEST flags=atomic ordered"),
        ["bundle-commit-reply"] = (new BundleControl(1, BundleControlType.CommitReply, BundleFlags.None) { Xid = 10 },
            "062100100000000A0000000100050000", "bundle_id=0x1 type=COMMIT_REPLY flags=0"),
        ["bundle-add"] = (new BundleAddMessage(1, BundleFlags.Atomic | BundleFlags.Ordered, FlowMod.Add(SampleFlow) with { Xid = 11 }) { Xid = 11 },
            "062200800000000B0000000100000003" + SampleFlowMod,
            "OFPT_BUNDLE_ADD_MESSAGE (OF1.5) (xid=0xb):\n bundle_id=0x1 flags=atomic ordered\nOFPT_FLOW_MOD (OF1.5) (xid=0xb): ADD table:3"),
        ["tlv-table-mod"] = (new TlvTableMod(TlvTableModCommand.Add, [new TlvMapping(0x0102, 0x80, 4, 0)]) { Xid = 2 },
            "0604002000000002000023200000001800000000000000000102800400000000",
            "NXT_TLV_TABLE_MOD (OF1.5) (xid=0x2):\n ADD mapping table:\n  class  type  length  match field\n ------  ----  ------  --------------\n  0x102  0x80       4  tun_metadata0"),
        ["tlv-table-request"] = (new TlvTableRequest { Xid = 2 }, "06040010000000020000232000000019", "NXT_TLV_TABLE_REQUEST (OF1.5) (xid=0x2):"),
        ["tlv-table-reply"] = (new TlvTableReply(256, 64, [new TlvMapping(0x0102, 0x80, 4, 0)]) { Xid = 2 },
            "0604002800000002000023200000001A000001000040000000000000000000000102800400000000",
            "max option space=256 max fields=64"),
        ["flow-stats-request"] = (new FlowStatsRequest(3, 0x5, 0xff) { Xid = 4 },
            "0612003800000004000100000000000003000000FFFFFFFFFFFFFFFF00000000" + "000000000000000500000000000000FF" + "0001000400000000",
            "OFPST_FLOW request (OF1.5) (xid=0x4): table=3"),
        ["flow-stats-reply"] = (new FlowStatsReply(MultipartFlags.More,
            [new FlowStats(SampleFlow, 1, 500_000_000, 7, 700) { IdleAgeSeconds = 2 }]) { Xid = 4 },
            "061300A000000004" + "0001000100000000"
            + "0090000003000064000000000000000000000000000000050001002480010F100000000100000000FFFFFFFF00000000"
            + "80000408000000000000000100000000000000348002000800000001" + "1DCD6500" + "800202080000000200000000"
            + "800208080000000000000007" + "80020A0800000000000002BC00000000"
            + "0004001800000000FFFF001000002320000EFFF825000000",
            "OFPST_FLOW reply (OF1.5) (xid=0x4): flags=[more]\n cookie=0x5, duration=1.500s, table=3, n_packets=7, n_bytes=700, idle_age=2, priority=100,reg14=0x1,metadata=0x1 actions=resubmit(,37)"),
        ["table-features-request-read"] = (new TableFeaturesRequest { Xid = 12 }, "061200100000000C000C000000000000", "OFPST_TABLE_FEATURES request (OF1.5) (xid=0xc):"),
        ["table-features-request-rename"] = (new TableFeaturesRequest(
            [new TableFeatures(0, TableFeaturesCommand.Modify, "phy_to_log", ulong.MaxValue, ulong.MaxValue, 0, 1000000)]) { Xid = 12 },
            "061200500000000C000C000000000000" + "00400001000000007068795F746F5F6C6F6700000000000000000000000000000000000000000000"
            + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000000F4240",
            "  command: modify\n  table 0 (\"phy_to_log\"):"),
        ["table-features-reply"] = (new TableFeaturesReply(MultipartFlags.None,
            [new TableFeatures(1, TableFeaturesCommand.Replace, "ls_in_port_sec", 0, 0, 3, 1000000)]) { Xid = 12 },
            "061300500000000C000C000000000000" + "00400100000000006C735F696E5F706F72745F736563000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000003000F4240",
            "OFPST_TABLE_FEATURES reply (OF1.5) (xid=0xc):\n  table 1 (\"ls_in_port_sec\"):"),
    };

    public static TheoryData<string> Names() => new(All.Keys);
}
