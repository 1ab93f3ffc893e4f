using Overlay.Logical;
using L = Overlay.Logical;

namespace Overlay.Contracts.Sb;

/// <summary>
/// The southbound model (Overlay.Logical) to and from its wire form (southbound.proto). Optional strings are ""
/// on the wire and null in the model. FromProto rejects what the model cannot hold with a FormatException.
/// </summary>
public static class SbConvert
{
    public static Datapath ToProto(DatapathBinding datapath) => new()
    {
        Key = datapath.Key,
        Name = datapath.Name,
        Kind = datapath.Kind switch
        {
            L.DatapathKind.Switch => DatapathKind.Switch,
            L.DatapathKind.Router => DatapathKind.Router,
            _ => throw new ArgumentOutOfRangeException(nameof(datapath), datapath.Kind, "unknown datapath kind"),
        },
    };

    public static DatapathBinding FromProto(Datapath datapath) => new(
        datapath.Key,
        datapath.Name,
        datapath.Kind switch
        {
            DatapathKind.Switch => L.DatapathKind.Switch,
            DatapathKind.Router => L.DatapathKind.Router,
            _ => throw new FormatException($"datapath '{datapath.Name}' has unknown kind {(int)datapath.Kind}"),
        });

    /// <summary>A port binding with the chassis it is bound to (null: unbound).</summary>
    public static PortBinding ToProto(L.PortBinding port, string? chassis = null)
    {
        var proto = new PortBinding
        {
            Name = port.Name,
            Datapath = port.Datapath,
            Key = port.Key,
            Type = port.Type,
            Peer = port.Peer ?? "",
            Chassis = chassis ?? "",
        };
        proto.Addresses.AddRange(port.Addresses);
        proto.PortSecurity.AddRange(port.PortSecurity);
        return proto;
    }

    public static L.PortBinding FromProto(PortBinding port) => new(
        port.Name,
        port.Datapath,
        port.Key,
        port.Type,
        NullIfEmpty(port.Peer),
        new ValueArray<string>(port.Addresses),
        new ValueArray<string>(port.PortSecurity));

    /// <summary>The port binding and the chassis it is bound to (null: unbound).</summary>
    public static L.PortBinding FromProto(PortBinding port, out string? chassis)
    {
        chassis = ChassisOf(port);
        return FromProto(port);
    }

    /// <summary>The chassis a port is bound to, null when unbound.</summary>
    public static string? ChassisOf(PortBinding port) => NullIfEmpty(port.Chassis);

    public static MulticastGroup ToProto(L.MulticastGroup group)
    {
        var proto = new MulticastGroup { Datapath = group.Datapath, Name = group.Name, Key = group.Key };
        proto.Ports.AddRange(group.Ports);
        return proto;
    }

    public static L.MulticastGroup FromProto(MulticastGroup group) =>
        new(group.Datapath, group.Name, group.Key, new ValueArray<string>(group.Ports));

    public static AddressSet ToProto(AddressSetBinding set)
    {
        var proto = new AddressSet { Name = set.Name };
        proto.Addresses.AddRange(set.Addresses);
        return proto;
    }

    public static AddressSetBinding FromProto(AddressSet set) => new(set.Name, new ValueArray<string>(set.Addresses));

    public static PortGroup ToProto(PortGroupBinding group)
    {
        var proto = new PortGroup { Name = group.Name };
        proto.Ports.AddRange(group.Ports);
        return proto;
    }

    public static PortGroupBinding FromProto(PortGroup group) => new(group.Name, new ValueArray<string>(group.Ports));

    public static LogicalFlow ToProto(L.LogicalFlow flow) => new()
    {
        Id = flow.Id,
        Datapath = flow.Datapath,
        Stage = flow.Stage.Name,
        Priority = flow.Priority,
        Match = flow.Match,
        Actions = flow.Actions,
        Source = flow.Source,
    };

    /// <summary>
    /// The flow with the id it was sent with, after checking that id is the one its fields give
    /// (<see cref="FlowId.Compute"/>): a mismatch means the two sides disagree on the flow and is a FormatException.
    /// </summary>
    public static L.LogicalFlow FromProto(LogicalFlow flow)
    {
        var stage = Stages.Find(flow.Stage)
            ?? throw new FormatException($"logical flow {FlowId.Format(flow.Id)} names unknown stage '{flow.Stage}'");
        ulong expected = FlowId.Compute(flow.Datapath, stage, flow.Priority, flow.Match, flow.Actions);
        if (expected != flow.Id)
            throw new FormatException(
                $"logical flow id {FlowId.Format(flow.Id)} does not match its fields (expected {FlowId.Format(expected)}) " +
                $"on datapath {flow.Datapath} in {flow.Stage} priority {flow.Priority} match '{flow.Match}'");
        return new L.LogicalFlow(flow.Datapath, stage, flow.Priority, flow.Match, flow.Actions, flow.Id, flow.Source);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
