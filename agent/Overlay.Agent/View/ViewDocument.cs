using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Agent.View;

/// <summary>Another chassis as the view names it; <see cref="TunnelOfPort"/> is filled in cached views (the port the agent created).</summary>
public sealed record ViewRemote(string Name, string EncapIp, uint? TunnelOfPort = null);

/// <summary>Where a logical port is bound; <see cref="OfPort"/> only for ports on this chassis (filled in cached views).</summary>
public sealed record ViewBinding(string Port, string Chassis, uint? OfPort = null);

/// <summary>
/// The host view file (<c>--view FILE</c>; later written by <c>overlay compile … --chassis HOST -o view</c>)
/// and the agent's cache: the chassis it was made for, the other chassis, port bindings, and the logical
/// network. See <see cref="ViewJson"/> for the JSON layout.
/// </summary>
public sealed record ViewDocument(
    string Chassis,
    string EncapIp,
    ImmutableArray<ViewRemote> Remotes,
    ImmutableArray<ViewBinding> Bindings,
    LogicalNetwork Network);

/// <summary>A parsed view, or every problem that stopped it from parsing (nothing throws for bad input).</summary>
public sealed record ViewLoadResult(ViewDocument? Document, ImmutableArray<string> Problems)
{
    public bool Ok => Document is not null;

    public static ViewLoadResult Failed(params string[] problems) => new(null, [.. problems]);
}
