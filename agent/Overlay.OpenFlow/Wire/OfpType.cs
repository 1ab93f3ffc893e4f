namespace Overlay.OpenFlow.Wire;

/// <summary>OpenFlow 1.5 message types (<c>ofp_type</c>).</summary>
public enum OfpType : byte
{
    Hello = 0,
    Error = 1,
    EchoRequest = 2,
    EchoReply = 3,
    Experimenter = 4,
    FeaturesRequest = 5,
    FeaturesReply = 6,
    GetConfigRequest = 7,
    GetConfigReply = 8,
    SetConfig = 9,
    PacketIn = 10,
    FlowRemoved = 11,
    PortStatus = 12,
    PacketOut = 13,
    FlowMod = 14,
    GroupMod = 15,
    PortMod = 16,
    TableMod = 17,
    MultipartRequest = 18,
    MultipartReply = 19,
    BarrierRequest = 20,
    BarrierReply = 21,
    RoleRequest = 24,
    RoleReply = 25,
    GetAsyncRequest = 26,
    GetAsyncReply = 27,
    SetAsync = 28,
    MeterMod = 29,
    RoleStatus = 30,
    TableStatus = 31,
    RequestForward = 32,
    BundleControl = 33,
    BundleAddMessage = 34,
    ControllerStatus = 35,
}

/// <summary>Names as ovs-ofctl prints them (OFPT_FLOW_MOD, ...).</summary>
public static class OfpTypeNames
{
    public static string Name(OfpType type) => type switch
    {
        OfpType.Hello => "OFPT_HELLO",
        OfpType.Error => "OFPT_ERROR",
        OfpType.EchoRequest => "OFPT_ECHO_REQUEST",
        OfpType.EchoReply => "OFPT_ECHO_REPLY",
        OfpType.Experimenter => "OFPT_EXPERIMENTER",
        OfpType.FeaturesRequest => "OFPT_FEATURES_REQUEST",
        OfpType.FeaturesReply => "OFPT_FEATURES_REPLY",
        OfpType.PacketIn => "OFPT_PACKET_IN",
        OfpType.FlowRemoved => "OFPT_FLOW_REMOVED",
        OfpType.PortStatus => "OFPT_PORT_STATUS",
        OfpType.PacketOut => "OFPT_PACKET_OUT",
        OfpType.FlowMod => "OFPT_FLOW_MOD",
        OfpType.GroupMod => "OFPT_GROUP_MOD",
        OfpType.MultipartRequest => "OFPST_REQUEST",
        OfpType.MultipartReply => "OFPST_REPLY",
        OfpType.BarrierRequest => "OFPT_BARRIER_REQUEST",
        OfpType.BarrierReply => "OFPT_BARRIER_REPLY",
        OfpType.BundleControl => "OFPT_BUNDLE_CONTROL",
        OfpType.BundleAddMessage => "OFPT_BUNDLE_ADD_MESSAGE",
        _ => $"OFPT_{(int)type}",
    };
}
