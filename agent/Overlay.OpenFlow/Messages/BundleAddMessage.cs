using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// OFPT_BUNDLE_ADD_MESSAGE (type 34): one message (a flow mod) added to an open bundle.
/// The embedded message always carries the same xid as this message (OVS rejects a
/// mismatch with OFPBFC_MSG_BAD_XID), which is how errors are attributed to it.
/// </summary>
public sealed record BundleAddMessage(uint BundleId, BundleFlags Flags, OfpMessage Message) : OfpMessage
{
    public override OfpType Type => OfpType.BundleAddMessage;

    internal override void WriteBody(OfpWriter w)
    {
        w.U32(BundleId);
        w.U16(0);
        w.U16((ushort)Flags);
        (Message with { Xid = Xid, Version = Version }).EncodeTo(w);
    }

    internal static BundleAddMessage DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new OfpReader(body, "OFPT_BUNDLE_ADD_MESSAGE");
        uint id = r.U32();
        r.Skip(2);
        var flags = (BundleFlags)r.U16();
        ReadOnlySpan<byte> rest = r.Rest;
        if (rest.Length < OfpHeader.Size)
        {
            throw r.Error($"embedded message is {rest.Length} bytes, shorter than a header");
        }

        int innerLength = OfpHeader.Read(rest).Length;
        if (innerLength < OfpHeader.Size || innerLength > rest.Length)
        {
            throw r.Error($"embedded message claims {innerLength} bytes but {rest.Length} remain");
        }

        return new BundleAddMessage(id, flags, OfpMessage.Decode(rest[..innerLength]));
    }
}
