using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>OFPBCT_* bundle control types.</summary>
public enum BundleControlType : ushort
{
    OpenRequest = 0,
    OpenReply = 1,
    CloseRequest = 2,
    CloseReply = 3,
    CommitRequest = 4,
    CommitReply = 5,
    DiscardRequest = 6,
    DiscardReply = 7,
}

/// <summary>OFPBF_* bundle flags.</summary>
[Flags]
public enum BundleFlags : ushort
{
    None = 0,

    /// <summary>All or nothing: a failing message rolls the whole bundle back.</summary>
    Atomic = 1,

    /// <summary>Apply messages in the order they were added.</summary>
    Ordered = 2,
}

/// <summary>OFPT_BUNDLE_CONTROL (OpenFlow 1.4+ type 33): open/close/commit/discard a bundle and their replies.</summary>
public sealed record BundleControl(uint BundleId, BundleControlType ControlType, BundleFlags Flags) : OfpMessage
{
    public override OfpType Type => OfpType.BundleControl;

    /// <summary>Bundle properties (rarely used), kept raw.</summary>
    public ByteString Properties { get; init; } = ByteString.Empty;

    internal override void WriteBody(OfpWriter w)
    {
        w.U32(BundleId);
        w.U16((ushort)ControlType);
        w.U16((ushort)Flags);
        w.Bytes(Properties.Span);
    }

    internal static BundleControl DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new OfpReader(body, "OFPT_BUNDLE_CONTROL");
        uint id = r.U32();
        var type = (BundleControlType)r.U16();
        var flags = (BundleFlags)r.U16();
        return new BundleControl(id, type, flags) { Properties = ByteString.CopyFrom(r.Rest) };
    }
}
