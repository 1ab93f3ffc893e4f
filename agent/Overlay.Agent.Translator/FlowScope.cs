using System.Collections.Immutable;
using Overlay.Agent.Translator.Expressions;

namespace Overlay.Agent.Translator;

/// <summary>Names as a flow on one datapath of this host sees them.</summary>
internal sealed class FlowScope(HostIndex index, DatapathScope scope) : INameScope
{
    public uint? KeyOf(string name) => scope.Keys.TryGetValue(name, out var k) ? k : null;

    public ImmutableArray<string>? PortGroup(string name) => index.PortGroups.TryGetValue(name, out var g) ? g : null;

    public ImmutableArray<string>? AddressSet(string name) => index.AddressSets.TryGetValue(name, out var a) ? a : null;

    public bool IsChassisResident(string port) => index.IsLocal(port);
}
