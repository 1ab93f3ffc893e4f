using Overlay.Agent.Translator.Layout;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>What an OpenFlow flow was made from; its cookie is derived from it (see <see cref="FlowCookies"/>).</summary>
public abstract record FlowOrigin
{
    /// <summary>One line for people: <c>lflow 1a2b.. (ls_in_acl, priority 100)</c>, <c>port binding vm1</c>.</summary>
    public abstract string Describe();
}

public sealed record LogicalFlowOrigin(LogicalFlow Flow) : FlowOrigin
{
    public override string Describe() =>
        $"lflow {Flow.IdText} ({Flow.Stage.Name}, priority {Flow.Priority}, match=({Flow.Match}), actions=({Flow.Actions}))";
}

public sealed record PortBindingOrigin(PortBinding Port) : FlowOrigin
{
    public override string Describe() => $"port binding {Port.Name} (datapath {Port.Datapath}, key {Port.Key})";
}

public sealed record MulticastGroupOrigin(MulticastGroup Group) : FlowOrigin
{
    public override string Describe() => $"multicast group {Group.Name} (datapath {Group.Datapath}, key {Group.Key})";
}

public sealed record ChassisOrigin(string Chassis) : FlowOrigin
{
    public override string Describe() => $"tunnel from chassis {Chassis}";
}

/// <summary>A fixed flow of the physical pipeline (table defaults); cookie 0, as ovn-controller does.</summary>
public sealed record PipelineOrigin(PhysicalTable Table) : FlowOrigin
{
    public override string Describe() => $"pipeline default of table {Table.Id} ({Table.Name})";
}

/// <summary>
/// Cookies: a logical flow's OpenFlow carries the logical flow id itself, so <c>cookie=0x&lt;id&gt;</c> names the
/// logical flow; physical-table flows carry a stable 64-bit hash of their port binding, multicast group or chassis.
/// </summary>
public static class FlowCookies
{
    public static ulong For(FlowOrigin origin) => origin switch
    {
        LogicalFlowOrigin l => l.Flow.Id,
        PortBindingOrigin p => Hash("port_binding", p.Port.Datapath, p.Port.Name),
        MulticastGroupOrigin m => Hash("multicast_group", m.Group.Datapath, m.Group.Name),
        ChassisOrigin c => Hash("chassis", 0, c.Chassis),
        _ => 0,
    };

    private static ulong Hash(string kind, uint datapath, string name)
    {
        // FNV-1a then the splitmix64 finalizer, like FlowId: stable across processes and replicas.
        ulong h = 14695981039346656037UL;
        foreach (char c in kind) h = (h ^ c) * 1099511628211UL;
        for (int i = 0; i < 4; i++) h = (h ^ (byte)(datapath >> (8 * i))) * 1099511628211UL;
        foreach (char c in name) h = (h ^ c) * 1099511628211UL;
        h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL;
        h ^= h >> 27; h *= 0x94d049bb133111ebUL;
        h ^= h >> 31;
        return h;
    }
}
