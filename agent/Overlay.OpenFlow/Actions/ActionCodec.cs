using System.Collections.Immutable;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>
/// Encodes an <see cref="ActionList"/> as OpenFlow 1.5 instructions (apply-actions, then
/// write-metadata, then goto-table) and decodes instructions/actions back.
/// </summary>
internal static class ActionCodec
{
    public static void WriteInstructions(OfpWriter w, ActionList actions)
    {
        // Plain loops over the immutable array: this runs once per flow mod on the bundle send path.
        ImmutableArray<OfAction> items = actions.Items;
        int start = -1;
        foreach (OfAction a in items)
        {
            if (a.IsInstruction)
            {
                continue;
            }

            if (start < 0)
            {
                start = w.Position;
                w.U16(ActionType.InstructionApplyActions);
                w.U16(0);
                w.Zeros(4);
            }

            a.Write(w);
        }

        if (start >= 0)
        {
            w.PatchLength(start + 2, start, "apply-actions instruction");
        }

        foreach (OfAction a in items)
        {
            if (a.IsInstruction)
            {
                a.Write(w);
            }
        }
    }

    public static ActionList ReadInstructions(ref OfpReader r)
    {
        var result = new List<OfAction>();
        var tail = new List<OfAction>();
        while (!r.End)
        {
            ushort type = r.U16();
            int length = r.U16();
            if (length < 8 || length % 8 != 0)
            {
                throw r.Error($"instruction type {type} has bad length {length}");
            }

            ReadOnlySpan<byte> bodyBytes = r.Bytes(length - 4, "instruction");
            var body = new OfpReader(bodyBytes, "instruction");
            switch (type)
            {
                case ActionType.InstructionApplyActions:
                    body.Skip(4);
                    result.AddRange(ReadActions(ref body));
                    break;
                case ActionType.InstructionWriteMetadata:
                    body.Skip(4);
                    ulong value = body.U64();
                    ulong mask = body.U64();
                    tail.Add(new WriteMetadataAction(value, mask));
                    break;
                case ActionType.InstructionGotoTable:
                    tail.Add(new GotoTableAction(body.U8()));
                    break;
                default:
                    tail.Insert(0, new UnknownInstruction(Raw(type, length, bodyBytes)));
                    break;
            }
        }

        // Goto-table last, as ovs-ofctl prints and as ActionList requires.
        result.AddRange(tail.OrderBy(a => a is GotoTableAction ? 2 : a is WriteMetadataAction ? 1 : 0));
        return new ActionList(result);
    }

    public static List<OfAction> ReadActions(ref OfpReader r)
    {
        var actions = new List<OfAction>();
        while (!r.End)
        {
            ushort type = r.U16();
            int length = r.U16();
            if (length < 8 || length % 8 != 0)
            {
                throw r.Error($"action type {type} has bad length {length}");
            }

            ReadOnlySpan<byte> bodyBytes = r.Bytes(length - 4, "action");
            var body = new OfpReader(bodyBytes, "action");
            actions.Add(ReadAction(type, ref body) ?? new UnknownAction(Raw(type, length, bodyBytes)));
        }

        return actions;
    }

    private static OfAction? ReadAction(ushort type, ref OfpReader b)
    {
        switch (type)
        {
            case ActionType.Output:
                uint port = b.U32();
                return new OutputAction(port, b.U16());
            case ActionType.PushVlan:
                return new PushVlanAction(b.U16());
            case ActionType.PopVlan:
                return new PopVlanAction();
            case ActionType.Group:
                return new GroupAction(b.U32());
            case ActionType.DecNwTtl:
                return new DecTtlAction();
            case ActionType.SetField:
                (OfField field, ByteString value, ByteString? mask) = MatchCodec.ReadTlv(ref b);
                return new SetFieldAction(field, value, mask);
            case ActionType.CopyField:
                return ReadCopyField(ref b);
            case ActionType.Experimenter:
                return ReadExperimenter(ref b);
            default:
                return null;
        }
    }

    private static CopyFieldAction ReadCopyField(ref OfpReader b)
    {
        int bits = b.U16();
        int srcOffset = b.U16();
        int dstOffset = b.U16();
        b.Skip(2);
        OxmHeader src = OxmHeader.Read(ref b);
        OxmHeader dst = OxmHeader.Read(ref b);
        OfField srcField = OfFields.FromId(src.Id) ?? OfFields.Unknown(src.Id, src.PayloadLength);
        OfField dstField = OfFields.FromId(dst.Id) ?? OfFields.Unknown(dst.Id, dst.PayloadLength);
        return new CopyFieldAction(new Subfield(srcField, srcOffset, bits), new Subfield(dstField, dstOffset, bits));
    }

    private static OfAction? ReadExperimenter(ref OfpReader b)
    {
        if (b.U32() != Experimenters.Nicira)
        {
            return null;
        }

        ushort subtype = b.U16();
        switch (subtype)
        {
            case ActionType.NxResubmit:
                return new ResubmitAction(255, OfPort.From16(b.U16()));
            case ActionType.NxResubmitTable or ActionType.NxResubmitTableCt:
                uint inPort = OfPort.From16(b.U16());
                return new ResubmitAction(b.U8(), inPort, subtype == ActionType.NxResubmitTableCt);
            case ActionType.NxConjunction:
                byte clause = b.U8();
                byte clauses = b.U8();
                return new ConjunctionAction(b.U32(), (byte)(clause + 1), clauses);
            case ActionType.NxCtClear:
                return new CtClearAction();
            case ActionType.NxClone:
                b.Skip(6);
                var nested = new OfpReader(b.Rest, "clone actions");
                return new CloneAction(new ActionList(ReadActions(ref nested)));
            default:
                return null;
        }
    }

    // Re-assembles the raw bytes of an action or instruction we keep opaque.
    private static ByteString Raw(ushort type, int length, ReadOnlySpan<byte> body)
    {
        var raw = new byte[length];
        raw[0] = (byte)(type >> 8);
        raw[1] = (byte)type;
        raw[2] = (byte)(length >> 8);
        raw[3] = (byte)length;
        body.CopyTo(raw.AsSpan(4));
        return ByteString.Wrap(raw);
    }
}
