using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Agent.Translator.Layout;

/// <summary>
/// br-int's tables, declared once in the shape of OVN 23.03.1 (controller/lflow.h): table numbers follow
/// from the order and sizes below and are never typed anywhere else. Logical pipelines reserve OVN's room
/// (ingress 8..36, egress 42..63) so numbers stay put as stages are added; <see cref="Build"/> refuses a
/// declaration whose stages do not fit (the test suite's BUILD_ASSERT).
/// </summary>
public static class PhysicalPipeline
{
    private abstract record Decl;

    private sealed record Single(TableRole Role, string Name, string Purpose) : Decl;

    private sealed record Logical(Pipeline Pipeline, int Capacity, string Purpose) : Decl;

    private sealed record Unused(int Count, string Why) : Decl;

    private static readonly Decl[] Declaration =
    [
        new Single(TableRole.PhysicalToLogical, "phy_to_log",
            "local VIF in_port -> metadata=datapath, reg14=inport; tunnel in_port -> datapath, inport, outport from tun_id and tun_metadata0"),
        new Unused(7, "OVN leaves tables 1-7 free"),
        new Logical(Pipeline.Ingress, 29, "logical ingress pipeline: one table per stage"),
        new Unused(2, "OVN 23.03.1's large-packet tables 37-38 (no MTU checks here)"),
        new Single(TableRole.RemoteOutput, "remote_output",
            "outport on another chassis -> Geneve (tun_id=datapath, tun_metadata0=inport<<16|outport); multicast: patch members, one copy per remote chassis"),
        new Single(TableRole.LocalOutput, "local_output", "outport is a local VIF or patch port; multicast: each local member"),
        new Single(TableRole.CheckLoopback, "check_loopback", "drop inport == outport unless flags.loopback; clear logical registers"),
        new Logical(Pipeline.Egress, 22, "logical egress pipeline: one table per stage"),
        new Single(TableRole.SaveInport, "save_inport", "egress output lands here (OVN's number); hairpin is decided in log_to_phy"),
        new Single(TableRole.LogicalToPhysical, "log_to_phy", "local VIF -> output (IN_PORT when it came from there); patch port -> peer datapath's ingress"),
    ];

    /// <summary>Every declared table in id order (unused ids are absent).</summary>
    public static ImmutableArray<PhysicalTable> Tables { get; } = Build();

    private static readonly PhysicalTable?[] ById = Index(Tables);

    public static PhysicalTable PhysicalToLogical { get; } = Only(TableRole.PhysicalToLogical);
    public static PhysicalTable RemoteOutput { get; } = Only(TableRole.RemoteOutput);
    public static PhysicalTable LocalOutput { get; } = Only(TableRole.LocalOutput);
    public static PhysicalTable CheckLoopback { get; } = Only(TableRole.CheckLoopback);
    public static PhysicalTable SaveInport { get; } = Only(TableRole.SaveInport);
    public static PhysicalTable LogicalToPhysical { get; } = Only(TableRole.LogicalToPhysical);

    /// <summary>The first logical ingress table (OVN's 8).</summary>
    public static byte IngressBase { get; } = Tables.First(t => t.Role == TableRole.LogicalIngress).Id;

    /// <summary>The first logical egress table (OVN's 42).</summary>
    public static byte EgressBase { get; } = Tables.First(t => t.Role == TableRole.LogicalEgress).Id;

    public static int Capacity(Pipeline pipeline) => pipeline == Pipeline.Ingress ? IngressCapacity : EgressCapacity;

    private static readonly int IngressCapacity = Tables.Count(t => t.Pipeline == Pipeline.Ingress);
    private static readonly int EgressCapacity = Tables.Count(t => t.Pipeline == Pipeline.Egress);

    /// <summary>The physical table of stage <paramref name="index"/> of <paramref name="pipeline"/>, or null beyond the reserved room.</summary>
    public static byte? TableOf(Pipeline pipeline, int index) =>
        index >= 0 && index < Capacity(pipeline) ? (byte)((pipeline == Pipeline.Ingress ? IngressBase : EgressBase) + index) : null;

    public static byte TableOf(Stage stage) =>
        TableOf(stage.Pipeline, stage.Table) ?? throw new ArgumentException($"stage {stage.Name} does not fit the physical pipeline", nameof(stage));

    public static PhysicalTable? Find(byte id) => ById[id];

    /// <summary>A table's name as people read it: the stage name for logical tables when the datapath kind is known.</summary>
    public static string NameOf(byte id, DatapathKind? kind = null) => Find(id)?.NameFor(kind) ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ImmutableArray<PhysicalTable> Build()
    {
        var tables = ImmutableArray.CreateBuilder<PhysicalTable>();
        int next = 0;
        foreach (var decl in Declaration)
        {
            switch (decl)
            {
                case Single s:
                    tables.Add(new PhysicalTable(Id(next++), s.Name, s.Role, s.Purpose));
                    break;
                case Unused u:
                    next += u.Count;
                    break;
                case Logical l:
                    foreach (DatapathKind kind in Enum.GetValues<DatapathKind>())
                    {
                        int used = Stages.Count(kind, l.Pipeline);
                        if (used > l.Capacity)
                            throw new InvalidOperationException($"{used} {kind} {l.Pipeline} stages do not fit the {l.Capacity} tables reserved for them");
                    }
                    var role = l.Pipeline == Pipeline.Ingress ? TableRole.LogicalIngress : TableRole.LogicalEgress;
                    for (int i = 0; i < l.Capacity; i++)
                        tables.Add(new PhysicalTable(Id(next++), LogicalName(l.Pipeline, i), role, l.Purpose, l.Pipeline, i));
                    break;
            }
        }
        return tables.ToImmutable();
    }

    /// <summary>
    /// A switch-wide name for a logical table, which switches and routers share: "in_acl/ip_routing" (the stages
    /// without their ls_in_/lr_in_ prefixes), or "ingress7" when no stage uses it. At most 32 characters (OpenFlow).
    /// </summary>
    private static string LogicalName(Pipeline pipeline, int index)
    {
        var stages = Enum.GetValues<DatapathKind>().Select(k => Stages.At(k, pipeline, index)).OfType<Stage>()
            .Select(s => s.Name[(s.Name.IndexOf('_', s.Name.IndexOf('_') + 1) + 1)..]).Distinct().ToList();
        string name = stages.Count == 0
            ? (pipeline == Pipeline.Ingress ? "ingress" : "egress") + index.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : (pipeline == Pipeline.Ingress ? "in_" : "out_") + string.Join('/', stages);
        return name.Length <= 32 ? name : name[..32];
    }

    private static byte Id(int n) => n <= 254 ? (byte)n : throw new InvalidOperationException("the physical pipeline needs more than 255 tables");

    private static PhysicalTable?[] Index(ImmutableArray<PhysicalTable> tables)
    {
        var byId = new PhysicalTable?[256];
        foreach (var t in tables) byId[t.Id] = t;
        return byId;
    }

    private static PhysicalTable Only(TableRole role) => Tables.Single(t => t.Role == role);
}
