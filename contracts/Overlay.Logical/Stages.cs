using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Overlay.Logical;

public enum DatapathKind : byte { Switch, Router }

/// <summary>
/// One logical pipeline stage. Table is the stage's index within its pipeline, taken from its position
/// in <see cref="Stages.Declared"/>; DefaultActions is what its priority-0 flow does.
/// </summary>
public sealed record Stage(DatapathKind Kind, Pipeline Pipeline, int Table, string Name, string DefaultActions)
{
    public override string ToString() => Name;
}

/// <summary>
/// The logical pipelines, declared once. Names and order follow OVN 23.03 where the features overlap;
/// table numbers come from this list and are never typed anywhere else.
/// </summary>
public static class Stages
{
    private static readonly (DatapathKind Kind, Pipeline Pipeline, string Name, string Default)[] Declaration =
    [
        // Logical switch, ingress.
        (DatapathKind.Switch, Pipeline.Ingress, "ls_in_check_port_sec", "next;"),
        (DatapathKind.Switch, Pipeline.Ingress, "ls_in_apply_port_sec", "next;"),
        (DatapathKind.Switch, Pipeline.Ingress, "ls_in_acl", "next;"),
        (DatapathKind.Switch, Pipeline.Ingress, "ls_in_arp_rsp", "next;"),
        (DatapathKind.Switch, Pipeline.Ingress, "ls_in_l2_lkup", "drop;"),
        // Logical switch, egress.
        (DatapathKind.Switch, Pipeline.Egress, "ls_out_acl", "next;"),
        (DatapathKind.Switch, Pipeline.Egress, "ls_out_check_port_sec", "next;"),
        (DatapathKind.Switch, Pipeline.Egress, "ls_out_apply_port_sec", "output;"),
        // Logical router, ingress.
        (DatapathKind.Router, Pipeline.Ingress, "lr_in_admission", "drop;"),
        (DatapathKind.Router, Pipeline.Ingress, "lr_in_ip_input", "next;"),
        (DatapathKind.Router, Pipeline.Ingress, "lr_in_ip_routing", "drop;"),
        (DatapathKind.Router, Pipeline.Ingress, "lr_in_arp_resolve", "drop;"),
        (DatapathKind.Router, Pipeline.Ingress, "lr_in_arp_request", "output;"),
        // Logical router, egress.
        (DatapathKind.Router, Pipeline.Egress, "lr_out_delivery", "drop;"),
    ];

    public static ImmutableArray<Stage> Declared { get; } = Build();

    private static readonly FrozenDictionary<string, Stage> ByName = Declared.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    private static ImmutableArray<Stage> Build()
    {
        var counters = new Dictionary<(DatapathKind, Pipeline), int>();
        var list = ImmutableArray.CreateBuilder<Stage>(Declaration.Length);
        foreach (var (kind, pipeline, name, def) in Declaration)
        {
            counters.TryGetValue((kind, pipeline), out int table);
            counters[(kind, pipeline)] = table + 1;
            list.Add(new Stage(kind, pipeline, table, name, def));
        }
        return list.MoveToImmutable();
    }

    public static Stage Named(string name) =>
        ByName.TryGetValue(name, out var s) ? s : throw new ArgumentException($"no stage named '{name}'", nameof(name));

    public static Stage? Find(string name) => ByName.GetValueOrDefault(name);

    public static IEnumerable<Stage> Of(DatapathKind kind, Pipeline pipeline) =>
        Declared.Where(s => s.Kind == kind && s.Pipeline == pipeline);

    public static Stage? At(DatapathKind kind, Pipeline pipeline, int table) =>
        Declared.FirstOrDefault(s => s.Kind == kind && s.Pipeline == pipeline && s.Table == table);

    public static int Count(DatapathKind kind, Pipeline pipeline) => Of(kind, pipeline).Count();

    // Named handles for the compiler; each resolves against the declaration above.
    public static readonly Stage LsInCheckPortSec = Named("ls_in_check_port_sec");
    public static readonly Stage LsInApplyPortSec = Named("ls_in_apply_port_sec");
    public static readonly Stage LsInAcl = Named("ls_in_acl");
    public static readonly Stage LsInArpRsp = Named("ls_in_arp_rsp");
    public static readonly Stage LsInL2Lkup = Named("ls_in_l2_lkup");
    public static readonly Stage LsOutAcl = Named("ls_out_acl");
    public static readonly Stage LsOutCheckPortSec = Named("ls_out_check_port_sec");
    public static readonly Stage LsOutApplyPortSec = Named("ls_out_apply_port_sec");
    public static readonly Stage LrInAdmission = Named("lr_in_admission");
    public static readonly Stage LrInIpInput = Named("lr_in_ip_input");
    public static readonly Stage LrInIpRouting = Named("lr_in_ip_routing");
    public static readonly Stage LrInArpResolve = Named("lr_in_arp_resolve");
    public static readonly Stage LrInArpRequest = Named("lr_in_arp_request");
    public static readonly Stage LrOutDelivery = Named("lr_out_delivery");
}
