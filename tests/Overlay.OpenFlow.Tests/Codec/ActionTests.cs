using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.OpenFlow.Tests.Codec;

public sealed class ActionTests
{
    [Fact]
    public void LoadsIntoSubfieldsBecomeMaskedSetFields()
    {
        Assert.Equal("set_field:0x1/0x1->reg10", SetFieldAction.Load(OfFields.Reg(10), 1, 0, 1).ToString());
        Assert.Equal("set_field:0x2000000000000000000000000/0x2000000000000000000000000->xxreg0",
            SetFieldAction.Load(OfFields.Xxreg(0), 1, 97, 1).ToString());
        Assert.Equal("set_field:0x2->reg15", SetFieldAction.Load(OfFields.Reg(15), 2, 0, 32).ToString());
        Assert.Equal(SetFieldAction.Create(OfFields.Reg(15), 2), SetFieldAction.Load(Subfield.Whole(OfFields.Reg(15)), 2));
    }

    [Fact]
    public void LoadRejectsValuesAndRangesThatDoNotFit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SetFieldAction.Load(OfFields.Reg(1), 4, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SetFieldAction.Load(OfFields.Reg(1), 1, 31, 2));
    }

    [Fact]
    public void SetFieldValuesPrintInTheFieldsOwnFormat()
    {
        Assert.Equal("set_field:172.31.0.2->tun_dst", SetFieldAction.Ip(OfFields.TunDst, "172.31.0.2").ToString());
        Assert.Equal("set_field:02:00:00:00:00:01->eth_src", SetFieldAction.Mac(OfFields.EthSrc, "02:00:00:00:00:01").ToString());
        Assert.Equal("set_field:0x201->tun_metadata0", SetFieldAction.Create(OfFields.TunMetadata(0), 0x201).ToString());
        Assert.Equal("set_field:2->arp_op", SetFieldAction.Create(OfFields.ArpOp, 2).ToString());
        Assert.Equal("set_field:0->reg11", SetFieldAction.Create(OfFields.Reg(11), 0).ToString());
        Assert.Equal("set_field:0x5->xxreg1", SetFieldAction.Create(OfFields.Xxreg(1), 5UL).ToString());
    }

    [Fact]
    public void MovesPrintNxmSubfields()
    {
        Assert.Equal("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]", CopyFieldAction.Move(OfFields.EthSrc, OfFields.EthDst).ToString());
        Assert.Equal("move:NXM_NX_REG14[0..14]->NXM_NX_TUN_METADATA0[16..30]",
            new CopyFieldAction(Subfield.Range(OfFields.Reg(14), 0, 14), Subfield.Range(OfFields.TunMetadata(0), 16, 30)).ToString());
        Assert.Equal("move:NXM_NX_REG10[12]->NXM_NX_XXREG0[111]",
            new CopyFieldAction(Subfield.Range(OfFields.Reg(10), 12, 12), Subfield.Range(OfFields.Xxreg(0), 111, 111)).ToString());
    }

    [Fact]
    public void OutputAndResubmitUseOvsSpellings()
    {
        Assert.Equal("output:3", new OutputAction(3).ToString());
        Assert.Equal("IN_PORT", new OutputAction(OfPort.InPort).ToString());
        Assert.Equal("CONTROLLER:65535", OutputAction.ToController().ToString());
        Assert.Equal("resubmit(,37)", ResubmitAction.ToTable(37).ToString());
        Assert.Equal("resubmit(5,37)", new ResubmitAction(37, 5).ToString());
        Assert.Equal("resubmit:5", new ResubmitAction(255, 5).ToString());
        Assert.Equal("conjunction(7,2/3)", new ConjunctionAction(7, 2, 3).ToString());
    }

    [Fact]
    public void AnEmptyListIsDropAndListsCompareStructurally()
    {
        Assert.Equal("drop", ActionList.Drop.ToString());
        Assert.Equal(
            ActionList.Of(SetFieldAction.Create(OfFields.Reg(15), 2), ResubmitAction.ToTable(37)),
            ActionList.Of(SetFieldAction.Create(OfFields.Reg(15), 2), ResubmitAction.ToTable(37)));
        Assert.NotEqual(
            ActionList.Of(ResubmitAction.ToTable(37), SetFieldAction.Create(OfFields.Reg(15), 2)),
            ActionList.Of(SetFieldAction.Create(OfFields.Reg(15), 2), ResubmitAction.ToTable(37)));
    }

    [Fact]
    public void AListMadeFromAScratchSpanKeepsItsOwnCopyAndIsChecked()
    {
        OfAction[] scratch = [SetFieldAction.Create(OfFields.Reg(15), 2), ResubmitAction.ToTable(37)];
        var list = new ActionList(scratch.AsSpan());
        scratch[0] = new OutputAction(9);
        Assert.Equal(ActionList.Of(SetFieldAction.Create(OfFields.Reg(15), 2), ResubmitAction.ToTable(37)), list);
        OfAction[] bad = [new GotoTableAction(3), new OutputAction(1)];
        Assert.Throws<ArgumentException>(() => new ActionList(bad.AsSpan()));
    }

    [Fact]
    public void InstructionsMustComeLast()
    {
        Assert.Throws<ArgumentException>(() => ActionList.Of(new GotoTableAction(3), new OutputAction(1)));
        Assert.Throws<ArgumentException>(() => ActionList.Of(new GotoTableAction(3), new WriteMetadataAction(1)));
        Assert.Equal("output:1,write_metadata:0x1/0xff,goto_table:3",
            ActionList.Of(new OutputAction(1), new WriteMetadataAction(1, 0xff), new GotoTableAction(3)).ToString());
    }

    [Fact]
    public void InvalidConjunctionAndMoveWidthsFailToEncode()
    {
        var badConj = new Overlay.OpenFlow.Flows.FlowEntry(0, 1, 0, Match.Any, ActionList.Of(new ConjunctionAction(1, 3, 2)));
        var badMove = new Overlay.OpenFlow.Flows.FlowEntry(0, 1, 0, Match.Any,
            ActionList.Of(new CopyFieldAction(Subfield.Range(OfFields.Reg(1), 0, 3), Subfield.Range(OfFields.Reg(2), 0, 7))));

        Assert.Throws<InvalidOperationException>(() => Overlay.OpenFlow.Messages.FlowMod.Add(badConj).Encode());
        Assert.Throws<InvalidOperationException>(() => Overlay.OpenFlow.Messages.FlowMod.Add(badMove).Encode());
        var pastTheEnd = badMove with
        {
            Actions = ActionList.Of(new CopyFieldAction(Subfield.Range(OfFields.Reg(1), 24, 39), Subfield.Range(OfFields.Reg(2), 0, 15))),
        };
        Assert.Throws<InvalidOperationException>(() => Overlay.OpenFlow.Messages.FlowMod.Add(pastTheEnd).Encode());
    }
}
