namespace Overlay.OpenFlow;

/// <summary>OpenFlow 1.1+ 32-bit port numbers, including the reserved ports.</summary>
public static class OfPort
{
    /// <summary>Highest number for a physical/logical port (ports at or above 0xffffff00 are reserved).</summary>
    public const uint Max = 0xffffff00;

    /// <summary>Send the packet out the port it came in on (OFPP_IN_PORT).</summary>
    public const uint InPort = 0xfffffff8;

    public const uint Table = 0xfffffff9;
    public const uint Normal = 0xfffffffa;
    public const uint Flood = 0xfffffffb;
    public const uint All = 0xfffffffc;
    public const uint Controller = 0xfffffffd;
    public const uint Local = 0xfffffffe;

    /// <summary>Wildcard port (OFPP_ANY), e.g. for out_port in flow mods and stats requests.</summary>
    public const uint Any = 0xffffffff;

    /// <summary>Formats like ovs-ofctl: reserved ports by name (IN_PORT, LOCAL, ...), others in decimal.</summary>
    public static string Format(uint port) => ReservedName(port) ?? port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The ovs-ofctl name of a reserved port, or null for an ordinary port.</summary>
    public static string? ReservedName(uint port) => port switch
    {
        InPort => "IN_PORT",
        Table => "TABLE",
        Normal => "NORMAL",
        Flood => "FLOOD",
        All => "ALL",
        Controller => "CONTROLLER",
        Local => "LOCAL",
        Any => "ANY",
        0xfffffff7 => "UNSET",
        _ => null,
    };

    /// <summary>Converts an OpenFlow 1.0 16-bit port (as in NXAST_RESUBMIT) to the 32-bit space.</summary>
    public static uint From16(ushort port) => port >= 0xff00 ? 0xffff0000u | port : port;

    /// <summary>Converts to the 16-bit space used by Nicira actions; throws for unrepresentable ports.</summary>
    public static ushort To16(uint port) => port switch
    {
        < 0xff00 => (ushort)port,
        >= Max => (ushort)(port & 0xffff),
        _ => throw new ArgumentOutOfRangeException(nameof(port), port, "port does not fit the 16-bit range of Nicira actions"),
    };
}
