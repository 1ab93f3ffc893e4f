namespace Overlay.OpenFlow.Fields;

/// <summary>How ovs-ofctl prints a field's value.</summary>
public enum FieldFormat
{
    Hexadecimal,
    Decimal,
    Ethernet,
    IPv4,
    IPv6,
    /// <summary>An OpenFlow 1.1+ 32-bit port number; reserved ports print by name.</summary>
    Port,
}
