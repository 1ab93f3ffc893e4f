using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>An action this library does not model, kept as raw bytes (header included) so it survives a round trip.</summary>
public sealed record UnknownAction(ByteString Raw) : OfAction
{
    internal override void Write(OfpWriter w) => w.Bytes(Raw.Span);

    public override string ToString() => $"unknown_action(0x{Raw.ToHex()})";
}

/// <summary>An instruction this library does not model (write_actions, clear_actions, meter, ...), kept raw.</summary>
public sealed record UnknownInstruction(ByteString Raw) : OfAction
{
    public override bool IsInstruction => true;

    internal override void Write(OfpWriter w) => w.Bytes(Raw.Span);

    public override string ToString() => $"unknown_instruction(0x{Raw.ToHex()})";
}
