using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;

namespace Overlay.OpenFlow.Tests.Codec;

/// <summary>Flows of the kinds an OVN-like agent installs, each named for theory data.</summary>
internal static class FlowCorpus
{
    private static readonly Dictionary<string, FlowEntry> Flows = new()
    {
        ["vif-classify"] = new FlowEntry(0, 100, 0xba7994de, Match.Builder().InPort(1).Build(), ActionList.Of(
            SetFieldAction.Create(OfFields.Reg(13), 1),
            SetFieldAction.Create(OfFields.Reg(11), 5),
            SetFieldAction.Create(OfFields.Metadata, 1),
            SetFieldAction.Create(OfFields.Reg(14), 1),
            ResubmitAction.ToTable(8))),

        ["tunnel-classify"] = new FlowEntry(0, 100, 0x1, Match.Builder().InPort(3).Build(), ActionList.Of(
            new CopyFieldAction(Subfield.Range(OfFields.TunId, 0, 23), Subfield.Range(OfFields.Metadata, 0, 23)),
            new CopyFieldAction(Subfield.Range(OfFields.TunMetadata(0), 16, 30), Subfield.Range(OfFields.Reg(14), 0, 14)),
            new CopyFieldAction(Subfield.Range(OfFields.TunMetadata(0), 0, 15), Subfield.Range(OfFields.Reg(15), 0, 15)),
            ResubmitAction.ToTable(40))),

        ["remote-output"] = new FlowEntry(39, 100, 0x2, Match.Builder().Reg(15, 2).Metadata(1).Build(), ActionList.Of(
            SetFieldAction.Load(OfFields.TunId, 1, 0, 24),
            SetFieldAction.Create(OfFields.TunMetadata(0), 2),
            new CopyFieldAction(Subfield.Range(OfFields.Reg(14), 0, 14), Subfield.Range(OfFields.TunMetadata(0), 16, 30)),
            new OutputAction(3),
            ResubmitAction.ToTable(40))),

        ["tunnel-match"] = new FlowEntry(0, 100, 0, Match.Builder().InPort(100).TunId(1).TunMetadata(0, 0x101).Build(), ActionList.Of(new OutputAction(1))),

        ["tunnel-masks"] = new FlowEntry(0, 90, 0, Match.Builder()
            .TunId(0x5, 0xff).TunSrc("172.31.0.1").TunDst("172.31.0.0/24").TunMetadata(0, 0x10000, 0xffff0000).Build(), ActionList.Drop),

        ["tunnel-send"] = new FlowEntry(20, 100, 0, Match.Builder().Metadata(1).EthDst("02:00:00:00:02:01").Build(), ActionList.Of(
            SetFieldAction.Create(OfFields.TunId, 1),
            SetFieldAction.Ip(OfFields.TunDst, "172.31.0.2"),
            SetFieldAction.Create(OfFields.TunMetadata(0), 0x201),
            new OutputAction(100))),

        ["conjunction-clause"] = new FlowEntry(16, 2500, 0, Match.Builder()
            .Tcp().Reg(0, 0x80, 0x80).Metadata(1).Ipv4Src("10.0.0.3").Build(), ActionList.Of(new ConjunctionAction(3600579565, 1, 2))),

        ["conjunction-id"] = new FlowEntry(16, 2500, 0xb4a75a8e, Match.Builder()
            .ConjId(3600579565).Tcp().Reg(0, 0x80, 0x80).Metadata(1).Build(), ActionList.Of(
            SetFieldAction.Load(OfFields.Xxreg(0), 1, 97, 1),
            ResubmitAction.ToTable(17))),

        ["route"] = new FlowEntry(21, 73, 0xf0b31402, Match.Builder().IPv4().Reg(7, 0).Metadata(3).Ipv4Dst("30.0.0.0/24").Build(), ActionList.Of(
            new DecTtlAction(),
            SetFieldAction.Load(OfFields.Xxreg(0), 0x14000032, 96, 32),
            SetFieldAction.Mac(OfFields.EthSrc, "00:00:00:00:ff:02"),
            SetFieldAction.Create(OfFields.Reg(15), 2),
            SetFieldAction.Load(OfFields.Reg(10), 1, 0, 1),
            ResubmitAction.ToTable(22))),

        ["arp-responder"] = new FlowEntry(10, 100, 0, Match.Builder().Metadata(1).Arp().ArpOp(1).ArpTpa("10.0.2.2").Build(), ActionList.Of(
            CopyFieldAction.Move(OfFields.EthSrc, OfFields.EthDst),
            SetFieldAction.Mac(OfFields.EthSrc, "02:00:00:00:02:02"),
            SetFieldAction.Create(OfFields.ArpOp, 2),
            CopyFieldAction.Move(OfFields.ArpSha, OfFields.ArpTha),
            SetFieldAction.Mac(OfFields.ArpSha, "02:00:00:00:02:02"),
            CopyFieldAction.Move(OfFields.ArpSpa, OfFields.ArpTpa),
            SetFieldAction.Ip(OfFields.ArpSpa, "10.0.2.2"),
            new OutputAction(OfPort.InPort))),

        ["ipv6-icmp"] = new FlowEntry(12, 110, 0, Match.Builder()
            .IPv6().IpProto(58).Set(OfFields.Icmpv6Type, 135UL).Ipv6Src("fe80::/10").Ipv6Dst("fe80::1").Build(),
            ActionList.Of(SetFieldAction.Ip(OfFields.Ipv6Src, "fe80::2"), ResubmitAction.ToTable(13))),

        ["vlan"] = new FlowEntry(0, 150, 0, Match.Builder().InPort(4).VlanVid(5).VlanPcp(3).Build(),
            ActionList.Of(new PopVlanAction(), new OutputAction(2))),

        ["untagged"] = new FlowEntry(0, 140, 0, Match.Builder().InPort(4).NoVlan().Build(),
            ActionList.Of(new PushVlanAction(), SetFieldAction.Create(OfFields.VlanVid, 0x1005), new OutputAction(6))),

        ["l4-masks"] = new FlowEntry(30, 200, 0, Match.Builder()
            .Udp().Ipv4Src("10.1.2.3/255.0.255.0").UdpDst(0x50, 0xfff0).IpDscp(4).IpEcn(1).IpTtl(9).Build(),
            ActionList.Of(new OutputAction(OfPort.Local))),

        ["ethernet-masks"] = new FlowEntry(30, 210, 0, Match.Builder()
            .EthSrc("00:00:00:00:00:01", "ff:ff:ff:00:00:00").EthDst("01:00:00:00:00:00", "01:00:00:00:00:00").EthType(0x88cc).Build(),
            ActionList.Drop),

        ["icmp"] = new FlowEntry(30, 220, 0, Match.Builder().Icmp().Icmpv4Type(8).Icmpv4Code(0).Build(), ActionList.Of(new OutputAction(OfPort.Normal))),

        ["instructions"] = new FlowEntry(0, 100, 0, Match.Builder().InPort(2).Build(), ActionList.Of(
            SetFieldAction.Create(OfFields.Reg(14), 258),
            new WriteMetadataAction(1),
            new GotoTableAction(10))),

        ["write-metadata-masked"] = new FlowEntry(1, 5, 0, Match.Any, ActionList.Of(new WriteMetadataAction(0x5, 0xff), new GotoTableAction(4))),

        ["clone"] = new FlowEntry(65, 100, 0, Match.Builder().Reg(15, 2).Metadata(3).Build(), ActionList.Of(new CloneAction(ActionList.Of(
            new CtClearAction(),
            SetFieldAction.Create(OfFields.Reg(11), 0),
            SetFieldAction.Create(OfFields.Metadata, 2),
            ResubmitAction.ToTable(8))))),

        ["resubmit-forms"] = new FlowEntry(7, 7, 0, Match.Any, ActionList.Of(
            new ResubmitAction(4, 5),
            new ResubmitAction(255, 9),
            new GroupAction(3))),

        ["conntrack-fields"] = new FlowEntry(44, 65535, 0, Match.Builder()
            .Set(OfFields.CtMark, 0x1UL, 0x1UL).Set(OfFields.CtZone, 5UL).Set(OfFields.PktMark, 0x20UL)
            .Set(OfFields.CtLabel, (UInt128)1 << 96, (UInt128)1 << 96).Build(),
            ActionList.Of(SetFieldAction.Load(OfFields.PktMark, 1, 1, 1), new OutputAction(7))),

        ["timeouts-and-flags"] = new FlowEntry(3, 1, 0xffffffffffffffff, Match.Builder().Xreg(2, 0x1_0000_0002).Build(), ActionList.Drop)
        {
            IdleTimeout = 30,
            HardTimeout = 300,
            Importance = 7,
            Flags = FlowModFlags.SendFlowRemoved | FlowModFlags.CheckOverlap,
        },

        ["xxreg-match"] = new FlowEntry(5, 50, 0, Match.Builder().Xxreg(1, ((UInt128)0xa << 64) | 0xb).Build(),
            ActionList.Of(CopyFieldAction.Move(OfFields.Xxreg(1), OfFields.Xxreg(2)), new OutputAction(OfPort.InPort))),

        ["default-drop"] = new FlowEntry(0, 0, 0, Match.Any, ActionList.Drop),
    };

    public static TheoryData<string> Names() => new(Flows.Keys);

    public static IEnumerable<string> AllNames => Flows.Keys;

    public static FlowEntry Get(string name) => Flows[name];
}
