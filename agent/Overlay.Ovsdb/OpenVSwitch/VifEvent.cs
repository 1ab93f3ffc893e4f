namespace Overlay.Ovsdb.OpenVSwitch;

/// <summary>An Interface that carries <c>external_ids:iface-id</c>, i.e. a VIF bound to a logical port.</summary>
/// <param name="OfPort">The OpenFlow port, null until ovs-vswitchd assigns one (or when it failed to).</param>
public sealed record Vif(Guid InterfaceUuid, string Name, string IfaceId, int? OfPort);

public enum VifEventKind
{
    /// <summary>An interface gained an iface-id (or was created with one), or already had one when watching began.</summary>
    Added,

    /// <summary>The interface was deleted or lost its iface-id. <see cref="VifEvent.Vif"/> is its last state.</summary>
    Removed,

    /// <summary>ovs-vswitchd assigned, changed or withdrew the OpenFlow port number.</summary>
    OfPortChanged,
}

public sealed record VifEvent(VifEventKind Kind, Vif Vif)
{
    public override string ToString() => $"{Kind} {Vif.Name} iface-id={Vif.IfaceId} ofport={(Vif.OfPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")}";
}
