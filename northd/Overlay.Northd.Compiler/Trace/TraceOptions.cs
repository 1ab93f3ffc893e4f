using Overlay.Logical;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>A MAC binding get_arp/lookup_arp can find: IP (v4 or v6 text) learned on a router port.</summary>
public sealed record MacBinding(string Port, string Ip, string Mac);

/// <summary>
/// Knobs of a trace. CtStates are consumed by successive ct_next actions like ovn-trace's --ct options
/// ("new", "est", "est|rpl"; trk is implied); once used up ct_next reports est|trk.
/// </summary>
public sealed record TraceOptions
{
    public static TraceOptions Default { get; } = new();

    /// <summary>Most stage visits along one path (ingress → egress → peer ingress ...) before reporting a loop.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Most stage visits in the whole trace (floods multiply paths).</summary>
    public int MaxTableVisits { get; init; } = 100_000;

    public ValueArray<string> CtStates { get; init; } = ValueArray<string>.Empty;

    public ValueArray<MacBinding> MacBindings { get; init; } = ValueArray<MacBinding>.Empty;
}
