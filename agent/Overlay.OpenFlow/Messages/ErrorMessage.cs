using System.Buffers.Binary;
using Overlay.OpenFlow.Errors;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// OFPT_ERROR. <see cref="Xid"/> is the xid of the request that failed; <see cref="Data"/>
/// usually holds the first bytes (OVS: up to 64) of that request. Experimenter errors
/// (type 0xffff) carry their exp_code in <see cref="Code"/> and the vendor in <see cref="Experimenter"/>.
/// </summary>
public sealed record ErrorMessage(ushort ErrorType, ushort Code, uint Experimenter, ByteString Data) : OfpMessage
{
    public override OfpType Type => OfpType.Error;

    /// <summary>Builds the error a switch would send for <paramref name="name"/> (e.g. "OFPBFC_MSG_FAILED").</summary>
    public static ErrorMessage Create(string name, uint xid, ReadOnlySpan<byte> offendingRequest = default)
    {
        (ushort type, ushort code, uint experimenter) = OfpErrorCatalog.Find(name)
            ?? throw new ArgumentException($"unknown OpenFlow error name '{name}'", nameof(name));
        int n = Math.Min(offendingRequest.Length, 64);
        return new ErrorMessage(type, code, experimenter, ByteString.CopyFrom(offendingRequest[..n])) { Xid = xid };
    }

    public bool IsExperimenter => ErrorType == OfpErrorCatalog.ExperimenterType;

    /// <summary>ovs-ofctl name, e.g. OFPBRC_BAD_TYPE or NXTTMFC_ALREADY_MAPPED; a numeric form if unknown.</summary>
    public string Name => OfpErrorCatalog.Lookup(ErrorType, Code, Experimenter)?.Name
        ?? (IsExperimenter
            ? $"OFPET_EXPERIMENTER(vendor=0x{Experimenter:x},code={Code})"
            : $"{OfpErrorCatalog.TypeName(ErrorType)}(code={Code})");

    /// <summary>Human description from Open vSwitch's error table, when known.</summary>
    public string? Description => OfpErrorCatalog.Lookup(ErrorType, Code, Experimenter)?.Description;

    /// <summary>Type of the request that failed, read from the embedded request header.</summary>
    public OfpType? OffendingType => Data.Length >= OfpHeader.Size ? (OfpType)Data[1] : null;

    /// <summary>Xid in the embedded request header (normally equal to <see cref="Xid"/>).</summary>
    public uint? OffendingXid => Data.Length >= OfpHeader.Size ? BinaryPrimitives.ReadUInt32BigEndian(Data.Span[4..]) : null;

    /// <summary>Decodes the embedded request when it is complete (not truncated); null otherwise.</summary>
    public OfpMessage? TryDecodeOffendingRequest()
    {
        if (Data.Length < OfpHeader.Size || BinaryPrimitives.ReadUInt16BigEndian(Data.Span[2..]) != Data.Length)
        {
            return null;
        }

        try
        {
            return OfpMessage.Decode(Data.Span);
        }
        catch (OpenFlowProtocolException)
        {
            return null;
        }
    }

    /// <summary>"OFPBRC_BAD_TYPE (ofp_header.type not supported.) for OFPT_FLOW_MOD xid=0x5".</summary>
    public string Describe()
    {
        string text = Name;
        if (Description is { Length: > 0 } d)
        {
            text += $" ({d})";
        }

        if (OffendingType is { } t)
        {
            text += $" for {OfpTypeNames.Name(t)} xid=0x{OffendingXid:x}";
        }

        return text;
    }

    public override string ToString() => $"OFPT_ERROR (xid=0x{Xid:x}): {Describe()}";

    internal override void WriteBody(OfpWriter w)
    {
        w.U16(ErrorType);
        w.U16(Code);
        if (IsExperimenter)
        {
            w.U32(Experimenter);
        }

        w.Bytes(Data.Span);
    }

    internal static ErrorMessage DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new OfpReader(body, "OFPT_ERROR");
        ushort type = r.U16();
        ushort code = r.U16();
        uint experimenter = type == OfpErrorCatalog.ExperimenterType ? r.U32() : 0;
        return new ErrorMessage(type, code, experimenter, ByteString.CopyFrom(r.Rest));
    }
}
