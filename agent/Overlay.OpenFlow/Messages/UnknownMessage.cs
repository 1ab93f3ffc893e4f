using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>A message this library does not model (PACKET_IN, PORT_STATUS, ...), kept as raw body bytes.</summary>
public sealed record UnknownMessage(OfpType MessageType, ByteString Body) : OfpMessage
{
    public override OfpType Type => MessageType;

    internal override void WriteBody(OfpWriter w) => w.Bytes(Body.Span);
}
