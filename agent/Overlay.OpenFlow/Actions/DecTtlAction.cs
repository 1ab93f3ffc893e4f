using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>OFPAT_DEC_NW_TTL: <c>dec_ttl</c>. OVS only accepts it on flows that match ip or ipv6.</summary>
public sealed record DecTtlAction : OfAction
{
    internal override void Write(OfpWriter w)
    {
        w.U16(ActionType.DecNwTtl);
        w.U16(8);
        w.Zeros(4);
    }

    public override string ToString() => "dec_ttl";
}
