using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>OFPT_ECHO_REQUEST: liveness probe; the peer answers with the same payload.</summary>
public sealed record EchoRequest(ByteString Data) : OfpMessage
{
    public EchoRequest()
        : this(ByteString.Empty)
    {
    }

    public override OfpType Type => OfpType.EchoRequest;

    internal override void WriteBody(OfpWriter w) => w.Bytes(Data.Span);
}

/// <summary>OFPT_ECHO_REPLY carrying the request's payload back.</summary>
public sealed record EchoReply(ByteString Data) : OfpMessage
{
    public override OfpType Type => OfpType.EchoReply;

    internal override void WriteBody(OfpWriter w) => w.Bytes(Data.Span);
}
