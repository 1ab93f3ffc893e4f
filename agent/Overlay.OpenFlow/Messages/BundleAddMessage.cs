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

    internal override void WriteBody(OfpWriter w) => WriteBody(w, BundleId, Flags, Message, Xid, Version);

    /// <summary>
    /// Writes a whole OFPT_BUNDLE_ADD_MESSAGE frame for <paramref name="message"/> without building the
    /// wrapper record or a copy of the message with the xid (the bundle send path does this 100k times).
    /// </summary>
    internal static void WriteFrame(OfpWriter w, uint bundleId, BundleFlags flags, OfpMessage message, uint xid, byte version)
    {
        int start = w.Position;
        w.U8(version);
        w.U8((byte)OfpType.BundleAddMessage);
        w.U16(0);
        w.U32(xid);
        WriteBody(w, bundleId, flags, message, xid, version);
        w.PatchLength(start + 2, start, OfpTypeNames.Name(OfpType.BundleAddMessage));
    }

    /// <summary>Writes a whole OFPT_BUNDLE_ADD_MESSAGE frame for <paramref name="flowMod"/>, straight from its flow entry.</summary>
    internal static void WriteFrame(OfpWriter w, uint bundleId, BundleFlags flags, in BundledFlowMod flowMod, uint xid, byte version)
    {
        int start = w.Position;
        w.U8(version);
        w.U8((byte)OfpType.BundleAddMessage);
        w.U16(0);
        w.U32(xid);
        w.U32(bundleId);
        w.U16(0);
        w.U16((ushort)flags);
        flowMod.WriteFrame(w, version, xid);
        w.PatchLength(start + 2, start, OfpTypeNames.Name(OfpType.BundleAddMessage));
    }

    private static void WriteBody(OfpWriter w, uint bundleId, BundleFlags flags, OfpMessage message, uint xid, byte version)
    {
        w.U32(bundleId);
        w.U16(0);
        w.U16((ushort)flags);
        message.EncodeTo(w, version, xid);
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
