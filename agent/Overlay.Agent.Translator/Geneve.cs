namespace Overlay.Agent.Translator;

/// <summary>
/// OVN's Geneve option (class 0x0102, type 0x80, 4 bytes): 1 reserved bit, 15-bit logical inport, 16-bit logical
/// outport; the agent maps it to tun_metadata0 with a TLV table mod on connect.
/// </summary>
public static class Geneve
{
    public const ushort OptionClass = 0x0102;
    public const byte OptionType = 0x80;
    public const byte OptionLength = 4;
    public const int OptionIndex = 0;
    public const int InportBits = 15;
    public const int OutportBits = 16;

    /// <summary>The <c>ovs-ofctl add-tlv-map</c> argument.</summary>
    public static string TlvMap => $"{{class=0x{OptionClass:x4},type=0x{OptionType:x2},len={OptionLength}}}->tun_metadata{OptionIndex}";

    public static uint Pack(uint inport, uint outport) => (inport & 0x7fff) << 16 | (outport & 0xffff);
}
