using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>OFPT_BARRIER_REQUEST: the reply comes only after every earlier message was processed.</summary>
public sealed record BarrierRequest : OfpMessage
{
    public override OfpType Type => OfpType.BarrierRequest;

    internal override void WriteBody(OfpWriter w)
    {
    }
}

/// <summary>OFPT_BARRIER_REPLY.</summary>
public sealed record BarrierReply : OfpMessage
{
    public override OfpType Type => OfpType.BarrierReply;

    internal override void WriteBody(OfpWriter w)
    {
    }
}
