namespace Overlay.OpenFlow.Wire;

/// <summary>OpenFlow wire protocol versions (the first byte of every message).</summary>
public static class OfpVersion
{
    public const byte OpenFlow10 = 0x01;
    public const byte OpenFlow13 = 0x04;
    public const byte OpenFlow14 = 0x05;
    public const byte OpenFlow15 = 0x06;

    /// <summary>"OF1.5" for 0x06, as ovs-ofctl labels messages.</summary>
    public static string Name(byte version) => version switch
    {
        0x01 => "OF1.0",
        0x02 => "OF1.1",
        0x03 => "OF1.2",
        0x04 => "OF1.3",
        0x05 => "OF1.4",
        0x06 => "OF1.5",
        _ => $"OF?(0x{version:x2})",
    };
}
