using System.Collections.Frozen;
using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Logical.Evaluation;

namespace Overlay.Northd.Compiler.Trace;

/// <summary>
/// A <see cref="LogicalNetwork"/> indexed for tracing: datapaths, ports and multicast groups by name, and every
/// logical flow parsed once and grouped per (datapath, pipeline, table), highest priority first, then lowest id.
/// </summary>
internal sealed class TraceNetwork
{
    private readonly FrozenDictionary<string, DatapathBinding> datapathsByName;
    private readonly FrozenDictionary<uint, DatapathBinding> datapathsByKey;
    private readonly FrozenDictionary<string, PortBinding> ports;
    private readonly FrozenDictionary<(uint, string), MulticastGroup> groups;
    private readonly FrozenDictionary<string, ImmutableArray<string>> addressSets;
    private readonly FrozenDictionary<string, ImmutableArray<string>> portGroups;
    private readonly FrozenDictionary<(uint, Pipeline, int), ImmutableArray<CompiledFlow>> flows;
    private readonly FrozenDictionary<uint, DatapathContext> contexts;

    public TraceNetwork(LogicalNetwork network, SymbolTable symbols)
    {
        Network = network;
        Evaluator = ReferenceEquals(symbols, SymbolTable.Default) ? ExprEvaluator.Default : new ExprEvaluator(symbols);
        datapathsByName = network.Datapaths.DistinctBy(d => d.Name).ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
        datapathsByKey = network.Datapaths.DistinctBy(d => d.Key).ToFrozenDictionary(d => d.Key);
        ports = network.Ports.DistinctBy(p => p.Name).ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        groups = network.MulticastGroups.DistinctBy(g => (g.Datapath, g.Name)).ToFrozenDictionary(g => (g.Datapath, g.Name));
        addressSets = network.AddressSets.DistinctBy(a => a.Name).ToFrozenDictionary(a => a.Name, a => a.Addresses.Items, StringComparer.Ordinal);
        portGroups = network.PortGroups.DistinctBy(g => g.Name).ToFrozenDictionary(g => g.Name, g => g.Ports.Items, StringComparer.Ordinal);
        contexts = network.Datapaths.DistinctBy(d => d.Key).ToFrozenDictionary(d => d.Key, d => new DatapathContext(this, d.Key));

        var warnings = new List<string>();
        var compiled = new List<CompiledFlow>();
        foreach (var f in network.Flows)
        {
            var (flow, problem) = CompiledFlow.Compile(f, Evaluator, contexts.TryGetValue(f.Datapath, out var c) ? c : new DatapathContext(this, f.Datapath));
            if (flow is not null) compiled.Add(flow);
            else warnings.Add(problem!);
        }
        flows = compiled
            .GroupBy(f => (f.Flow.Datapath, f.Flow.Pipeline, f.Flow.Stage.Table))
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(f => f.Flow.Priority).ThenBy(f => f.Flow.Id).ToImmutableArray());
        Warnings = [.. warnings];
    }

    public LogicalNetwork Network { get; }

    public ExprEvaluator Evaluator { get; }

    /// <summary>Flows that could not be parsed and are left out of every trace.</summary>
    public ImmutableArray<string> Warnings { get; }

    public DatapathBinding? Datapath(string name) => datapathsByName.GetValueOrDefault(name);

    public DatapathBinding? Datapath(uint key) => datapathsByKey.GetValueOrDefault(key);

    public PortBinding? Port(string name) => ports.GetValueOrDefault(name);

    /// <summary>A port of datapath <paramref name="dp"/> by name, or null.</summary>
    public PortBinding? PortOn(uint dp, string name) => ports.TryGetValue(name, out var p) && p.Datapath == dp ? p : null;

    public MulticastGroup? GroupOn(uint dp, string name) => groups.GetValueOrDefault((dp, name));

    public ImmutableArray<CompiledFlow> Flows(uint dp, Pipeline pipeline, int table) =>
        flows.TryGetValue((dp, pipeline, table), out var list) ? list : [];

    public IEvaluationContext Context(uint dp) => contexts.TryGetValue(dp, out var c) ? c : new DatapathContext(this, dp);

    /// <summary>
    /// Names as a match on one datapath sees them: its own ports and multicast groups; port groups reduced to
    /// members on this datapath (OVN keeps one SB port group per datapath); any existing port is chassis-resident.
    /// </summary>
    private sealed class DatapathContext(TraceNetwork net, uint dp) : IEvaluationContext
    {
        public bool IsKnownPort(string name) => net.PortOn(dp, name) is not null || net.GroupOn(dp, name) is not null;

        public ImmutableArray<string>? AddressSet(string name) => net.addressSets.TryGetValue(name, out var a) ? a : null;

        public ImmutableArray<string>? PortGroup(string name) =>
            net.portGroups.TryGetValue(name, out var g) ? g.Where(p => net.PortOn(dp, p) is not null).ToImmutableArray() : null;

        public bool IsChassisResident(string port) => net.Port(port) is not null;
    }
}
