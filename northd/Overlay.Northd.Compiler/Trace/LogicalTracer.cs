using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// The logical tracer (OVN's ovn-trace over our southbound model): a packet described by a microflow enters a
/// datapath's ingress pipeline and is followed through stages, egress pipelines, multicast groups and patch ports
/// to its deliveries and drops. Build one per <see cref="LogicalNetwork"/>: its flows are parsed once and every
/// <see cref="Trace(string?, string, TraceOptions?)"/> reuses them. Pure: no I/O, no clock.
/// </summary>
public sealed class LogicalTracer
{
    private readonly TraceNetwork net;

    public LogicalTracer(LogicalNetwork network, SymbolTable? symbols = null) =>
        net = new TraceNetwork(network, symbols ?? SymbolTable.Default);

    /// <summary>Problems found while parsing the network's flows; such flows never match.</summary>
    public ImmutableArray<string> FlowWarnings => net.Warnings;

    /// <summary>One-shot form: parse the network and trace one packet.</summary>
    public static TraceResult Trace(LogicalNetwork network, string? datapath, string microflow, TraceOptions? options = null) =>
        new LogicalTracer(network).Trace(datapath, microflow, options);

    /// <param name="datapath">The datapath whose ingress the packet enters; null to take the inport's, as ovn-trace does.</param>
    public TraceResult Trace(string? datapath, string microflow, TraceOptions? options = null)
    {
        options ??= TraceOptions.Default;
        if (datapath is null)
        {
            var guess = MicroflowParser.Parse(microflow, net.Evaluator.Symbols);
            if (!guess.Ok) return TraceResult.Fail($"error parsing flow: {guess.Error}", guess.Error);
            if (guess.Value!.Inport.Length == 0) return TraceResult.Fail("error parsing flow: the microflow names no inport; give a datapath");
            if (net.Port(guess.Value.Inport) is not PortBinding inport) return TraceResult.Fail($"unknown port \"{guess.Value.Inport}\"");
            datapath = net.Datapath(inport.Datapath)?.Name ?? "";
        }
        var dp = net.Datapath(datapath);
        if (dp is null) return TraceResult.Fail($"unknown datapath \"{datapath}\"");
        var ctStates = ParseCtStates(options.CtStates);
        if (ctStates.Error is not null) return TraceResult.Fail(ctStates.Error);

        var parsed = MicroflowParser.Parse(microflow, net.Evaluator.Symbols, net.Context(dp.Key));
        if (!parsed.Ok) return TraceResult.Fail($"error parsing flow: {parsed.Error}", parsed.Error);
        var packet = parsed.Value!;

        var run = new TraceRun(net, options, ctStates.States);
        var root = run.Run(dp, packet);
        var warnings = new List<string>();
        if (packet.Inport.Length == 0) warnings.Add("microflow does not specify ingress port");
        warnings.AddRange(run.Warnings);
        uint inKey = net.PortOn(dp.Key, packet.Inport)?.Key ?? 0;
        uint outKey = net.PortOn(dp.Key, packet.Outport)?.Key ?? net.GroupOn(dp.Key, packet.Outport)?.Key ?? 0;
        return new TraceResult(null, null, OpenFlowMicroflow.Format(packet, inKey, outKey), packet,
            root.ToValueArray(), run.Verdicts.ToValueArray(), warnings.ToValueArray());
    }

    private static readonly string[] CtFlagNames = ["new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"];

    /// <summary>--ct values such as "new" or "est|rpl"; trk is always added, as ovn-trace does.</summary>
    private static (ImmutableArray<uint> States, string? Error) ParseCtStates(ValueArray<string> texts)
    {
        var states = ImmutableArray.CreateBuilder<uint>();
        foreach (var text in texts)
        {
            uint state = 0x20;
            foreach (var flag in text.Split(['|', ',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int bit = Array.IndexOf(CtFlagNames, flag);
                if (bit < 0) return ([], $"unknown ct_state flag \"{flag}\" in \"{text}\"");
                state |= 1u << bit;
            }
            states.Add(state);
        }
        return (states.ToImmutable(), null);
    }
}
