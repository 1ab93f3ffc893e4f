using Overlay.Logical;

namespace Overlay.Agent.Translator.Layout;

/// <summary>What a physical OpenFlow table is for; each role but the two logical ones has exactly one table.</summary>
public enum TableRole : byte
{
    /// <summary>Table 0: local VIF or tunnel in_port → metadata (datapath), reg14 (inport), reg15 (outport from a tunnel).</summary>
    PhysicalToLogical,
    /// <summary>One table per logical ingress stage index.</summary>
    LogicalIngress,
    /// <summary>Unicast to a port on another chassis: Geneve encapsulation; multicast head-end replication.</summary>
    RemoteOutput,
    /// <summary>Unicast to a local VIF or a patch port; multicast expansion to local members.</summary>
    LocalOutput,
    /// <summary>Drops a packet going back to its own logical inport unless flags.loopback; clears logical registers.</summary>
    CheckLoopback,
    /// <summary>One table per logical egress stage index.</summary>
    LogicalEgress,
    /// <summary>Where egress <c>output</c> lands (OVN's number); hands over to delivery.</summary>
    SaveInport,
    /// <summary>reg15 → local VIF ofport, or a patch port's peer datapath re-entering ingress.</summary>
    LogicalToPhysical,
}

/// <summary>
/// One physical table of br-int. Logical tables carry their pipeline and stage index; their stage names
/// depend on the datapath kind (table 8 is ls_in_check_port_sec on a switch, lr_in_admission on a router).
/// </summary>
public sealed record PhysicalTable(byte Id, string Name, TableRole Role, string Purpose, Pipeline? Pipeline = null, int StageIndex = -1)
{
    public bool IsLogical => Pipeline is not null;

    /// <summary>The stage this table runs for a datapath of <paramref name="kind"/>, if any.</summary>
    public Stage? StageFor(DatapathKind kind) => Pipeline is { } p ? Stages.At(kind, p, StageIndex) : null;

    /// <summary>The name people read: the stage name for logical tables when the datapath kind is known.</summary>
    public string NameFor(DatapathKind? kind) => kind is { } k && StageFor(k) is { } s ? s.Name : Name;

    public override string ToString() => $"{Id} ({Name})";
}
