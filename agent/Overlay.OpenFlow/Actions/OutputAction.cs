using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Actions;

/// <summary>OFPAT_OUTPUT: <c>output:3</c>, or a reserved port by name (<c>IN_PORT</c>, <c>LOCAL</c>, <c>CONTROLLER:65535</c>).</summary>
public sealed record OutputAction(uint Port, ushort MaxLen = 0) : OfAction
{
    /// <summary>Send to the controller with up to <paramref name="maxLen"/> bytes of the packet.</summary>
    public static OutputAction ToController(ushort maxLen = ushort.MaxValue) => new(OfPort.Controller, maxLen);

    internal override void Write(OfpWriter w)
    {
        w.U16(ActionType.Output);
        w.U16(16);
        w.U32(Port);
        w.U16(MaxLen);
        w.Zeros(6);
    }

    public override string ToString()
    {
        if (Port < OfPort.Max)
        {
            return "output:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        string name = OfPort.Format(Port);
        return Port == OfPort.Controller ? $"{name}:{MaxLen}" : name;
    }
}
