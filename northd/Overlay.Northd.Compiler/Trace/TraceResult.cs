using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>Where one copy of the packet ended up.</summary>
public abstract record TraceVerdict(string Datapath, PacketState Packet);

/// <summary>The packet left through a VIF (type "") port: its final fields are in Packet.</summary>
public sealed record Delivery(string Datapath, string Port, PacketState Packet) : TraceVerdict(Datapath, Packet)
{
    public override string ToString() => $"output(\"{Port}\") on {Datapath}";
}

public enum DropReason : byte
{
    /// <summary><c>drop;</c> or an empty action list.</summary>
    DropAction,
    /// <summary>No flow of the stage matched.</summary>
    NoMatch,
    /// <summary><c>ip.ttl--</c> on a TTL of 0 or 1.</summary>
    TtlExpired,
    /// <summary>Unicast output to the inport without flags.loopback.</summary>
    Loopback,
    /// <summary>Output to a multicast group with no member but the inport (and no flags.loopback).</summary>
    EmptyGroup,
    /// <summary>The depth or size limit of <see cref="TraceOptions"/> was reached.</summary>
    Loop,
    /// <summary><c>output;</c> with no outport, an unknown outport, or a patch port without a peer.</summary>
    BadOutport,
    /// <summary>The actions ended without next, output or a new packet.</summary>
    ActionsEnded,
}

/// <summary>The packet was dropped in Stage (table Table of Pipeline on Datapath); Flow is the flow that did it, if any.</summary>
public sealed record Drop(string Datapath, Pipeline Pipeline, int Table, string? Stage, DropReason Reason, LogicalFlow? Flow, PacketState Packet)
    : TraceVerdict(Datapath, Packet)
{
    public override string ToString() => $"drop ({Reason}) in {Datapath} {Pipeline.ToString().ToLowerInvariant()} table {Table} {Stage}";
}

/// <summary>
/// A logical trace: the OpenFlow-style text of the initial packet (ovn-trace's first line, without "# "),
/// the event tree the renderers print, and the verdicts in trace order. Error is set (and the rest empty) when the
/// datapath or microflow is bad; MicroflowError then has the column and token.
/// </summary>
public sealed record TraceResult(
    string? Error,
    SyntaxError? MicroflowError,
    string Flow,
    PacketState? Packet,
    ValueArray<TraceNode> Root,
    ValueArray<TraceVerdict> Verdicts,
    ValueArray<string> Warnings)
{
    public bool Ok => Error is null;

    public IEnumerable<Delivery> Deliveries => Verdicts.OfType<Delivery>();

    public IEnumerable<Drop> Drops => Verdicts.OfType<Drop>();

    public static TraceResult Fail(string error, SyntaxError? syntax = null) =>
        new(error, syntax, "", null, ValueArray<TraceNode>.Empty, ValueArray<TraceVerdict>.Empty, ValueArray<string>.Empty);
}
