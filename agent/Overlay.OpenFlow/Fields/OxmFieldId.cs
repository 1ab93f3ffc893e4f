namespace Overlay.OpenFlow.Fields;

/// <summary>Identity of an OXM/NXM field: class, field number and (for class 0xffff) experimenter id.</summary>
public readonly record struct OxmFieldId(ushort Class, byte Field, uint Experimenter = 0)
{
    public bool IsExperimenter => Class == OxmClass.Experimenter;

    public override string ToString() => IsExperimenter
        ? $"0x{Class:x4}:0x{Experimenter:x8}:{Field}"
        : $"0x{Class:x4}:{Field}";
}
