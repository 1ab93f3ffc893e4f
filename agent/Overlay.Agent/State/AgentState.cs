using System.Collections.Immutable;
using Overlay.Agent.Ovs;
using Overlay.Agent.Sync;
using Overlay.Agent.Translator;
using Overlay.Agent.View;
using Overlay.Logical;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.State;

/// <summary>Where the current view came from.</summary>
public enum ViewOrigin
{
    File,
    Cache,

    /// <summary>What overlay-northd sent over the Southbound stream.</summary>
    Northd,
}

/// <summary>The view document the agent currently works from.</summary>
public sealed record ViewInput(ViewDocument Document, ViewOrigin Origin, string Path)
{
    /// <summary>
    /// When known (a Southbound delta), how the network's logical flows differ from <see cref="FlowChanges.From"/>'s,
    /// so the planner need not compare the whole flow lists; it is used only when the planner's last network is that one.
    /// </summary>
    public FlowChanges? Changes { get; init; }
}

/// <summary>Logical flows added (or changed) and removed between <paramref name="From"/> and the next network.</summary>
public sealed record FlowChanges(LogicalNetwork From, IReadOnlyList<LogicalFlow> Added, IReadOnlyList<LogicalFlow> Removed);

/// <summary>
/// What br-int should hold: the flows, the tunnel ports they output to, and the translation they came from
/// (for attributing errors and annotating). <see cref="Installable"/> is false while tunnel ports the flows
/// need have no OpenFlow port number yet.
/// </summary>
public sealed record DesiredState(long Generation, FlowSet Flows, ImmutableArray<TunnelPort> Tunnels, Translation? Translation, bool Installable)
{
    /// <summary>The logical network revision the flows were translated from.</summary>
    public long Revision { get; init; }

    /// <summary>One line describing where a flow came from, by its cookie (empty when unknown).</summary>
    public string OriginOf(FlowEntry flow) =>
        Translation is not null && Translation.Cookies.TryGetValue(flow.Cookie, out var origins) && !origins.IsDefaultOrEmpty
            ? string.Join("; ", origins.Select(o => o.Describe()))
            : "";
}

/// <summary>A flow the switch refused, with the switch's decoded error.</summary>
public sealed record RejectedFlow(FlowEntry Flow, string Error, string Origin);

/// <summary>How the switch side stands: connected, what generation is installed, counts for tests and tools.</summary>
public sealed record SwitchStatus(
    bool Connected,
    long InstalledGeneration,
    int InstalledFlows,
    long Sessions,
    long DriftRepairs,
    long Audits,
    ImmutableArray<RejectedFlow> Rejected)
{
    public static SwitchStatus Initial { get; } = new(false, 0, 0, 0, 0, 0, []);

    /// <summary>The logical network revision of the installed generation (barrier-confirmed).</summary>
    public long InstalledRevision { get; init; }
}

/// <summary>
/// How the Southbound subscription stands (only with <c>--northd</c>): the revision held (what northd sent, also
/// after updates that changed nothing here), the revision whose content was last handed to the planner, the last
/// revision reported installed, the last VIF set reported, and counts for tests and tools.
/// </summary>
public sealed record SouthboundStatus(
    bool Connected,
    long Revision,
    long PublishedRevision,
    long ReportedInstalled,
    ImmutableArray<string> ReportedBindings,
    long Updates,
    long Resyncs,
    long Subscriptions)
{
    public static SouthboundStatus Initial { get; } = new(false, 0, 0, 0, default, 0, 0, 0);

    /// <summary>The OpenFlow port numbers last told to northd (<c>SouthboundService.PortNumbersKey</c>).</summary>
    public string? ReportedPortNumbers { get; init; }
}

/// <summary>The cells the agent's loops share (one instance per host).</summary>
public sealed class AgentState
{
    public StateCell<ViewInput?> View { get; } = new(null);

    public StateCell<LocalOvsState> Ovs { get; } = new(LocalOvsState.NotLive);

    public StateCell<DesiredState?> Desired { get; } = new(null);

    public StateCell<SwitchStatus> Switch { get; } = new(SwitchStatus.Initial);

    public StateCell<SouthboundStatus> Southbound { get; } = new(SouthboundStatus.Initial);
}
