using System.Collections.Immutable;
using Overlay.Agent.View;
using Overlay.Logical;

namespace Overlay.Agent.Tests.Support;

/// <summary>
/// A small logical network written by hand (stage 1's output shape): switch sw0 (key 1) with VIFs p1..p3,
/// the flood group, L2 lookup per MAC, and stage defaults; plus views of it for chassis hv1 with remotes.
/// </summary>
internal static class Networks
{
    public static string Mac(int n) => $"50:54:00:00:00:0{n}";

    public static LogicalNetwork Switch(int ports = 3, IEnumerable<LogicalFlow>? extra = null, long revision = 1)
    {
        var names = Enumerable.Range(1, ports).Select(i => "p" + i).ToArray();
        var flows = new List<LogicalFlow>
        {
            Flow(Stages.LsInCheckPortSec, 0, "1", "next;"),
            Flow(Stages.LsInApplyPortSec, 0, "1", "next;"),
            Flow(Stages.LsInAcl, 0, "1", "next;"),
            Flow(Stages.LsInArpRsp, 0, "1", "next;"),
            Flow(Stages.LsInL2Lkup, 70, "eth.mcast", "outport = \"_MC_flood\"; output;"),
            Flow(Stages.LsInL2Lkup, 0, "1", "drop;"),
            Flow(Stages.Named("ls_out_acl"), 0, "1", "next;"),
            Flow(Stages.Named("ls_out_check_port_sec"), 0, "1", "next;"),
            Flow(Stages.Named("ls_out_apply_port_sec"), 0, "1", "output;"),
        };
        for (int i = 1; i <= ports; i++)
            flows.Add(Flow(Stages.LsInL2Lkup, 50, $"eth.dst == {Mac(i)}", $"outport = \"p{i}\"; output;"));
        flows.AddRange(extra ?? []);
        return new LogicalNetwork(
            revision,
            [new DatapathBinding(1, "sw0", DatapathKind.Switch)],
            [.. names.Select((n, i) => new PortBinding(n, 1, (uint)(i + 1), "", null, ValueArray.Create($"{Mac(i + 1)} 10.0.0.{i + 1}"), ValueArray<string>.Empty))],
            [new MulticastGroup(1, Keys.McFloodName, Keys.McFlood, names.ToValueArray())],
            [],
            [],
            [.. flows]);
    }

    public static LogicalFlow Flow(Stage stage, int priority, string match, string actions) =>
        LogicalFlow.Create(1, stage, priority, match, actions, "test");

    /// <summary>An ACL flow that adds exactly one OpenFlow flow.</summary>
    public static LogicalFlow DropSsh => Flow(Stages.LsInAcl, 1000, "ip4 && tcp.dst == 22", "drop;");

    /// <summary>
    /// hv1's view: p1 and p2 on hv1 (ofports 1 and 2 unless given), p3 on hv2; remotes hv2 and (optionally) hv3.
    /// </summary>
    public static ViewDocument View(LogicalNetwork? network = null, bool withHv3 = true, uint? p1 = 1, uint? p2 = 2)
    {
        ImmutableArray<ViewRemote> remotes = withHv3
            ? [new("hv2", "192.168.0.2"), new("hv3", "192.168.0.3")]
            : [new("hv2", "192.168.0.2")];
        return new ViewDocument("hv1", "192.168.0.1", remotes,
            [new("p1", "hv1", p1), new("p2", "hv1", p2), new("p3", "hv2")],
            network ?? Switch());
    }
}
