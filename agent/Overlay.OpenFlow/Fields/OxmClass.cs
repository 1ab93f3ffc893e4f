namespace Overlay.OpenFlow.Fields;

/// <summary>OXM/NXM class numbers (the top 16 bits of a field header).</summary>
public static class OxmClass
{
    /// <summary>Nicira NXM_OF_* (OpenFlow 1.0 fields in NXM form).</summary>
    public const ushort Nxm0 = 0x0000;

    /// <summary>Nicira NXM_NX_* (registers, tunnel fields, ...).</summary>
    public const ushort Nxm1 = 0x0001;

    /// <summary>OXM_OF_* basic OpenFlow fields.</summary>
    public const ushort OpenFlowBasic = 0x8000;

    /// <summary>OXM_OF_PKT_REG* 64-bit packet registers (OpenFlow 1.5).</summary>
    public const ushort PacketRegs = 0x8001;

    /// <summary>Experimenter class: the header is followed by a 32-bit experimenter id.</summary>
    public const ushort Experimenter = 0xffff;
}
