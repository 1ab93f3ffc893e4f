using System.Collections.Immutable;
using Overlay.Agent.Translator.Expressions;

namespace Overlay.Agent.Translator;

/// <summary>
/// Names as a flow on one datapath of this host sees them. Lookups beyond the datapath's own names (port groups,
/// address sets, port residency) are recorded, so a cached translation can tell whether it still holds.
/// </summary>
internal sealed class FlowScope(HostIndex index, DatapathScope scope) : INameScope
{
    private List<NameLookup>? lookups;

    public NameLookup[] Lookups => lookups is null ? [] : [.. lookups];

    public uint? KeyOf(string name) => scope.Keys.TryGetValue(name, out var k) ? k : null;

    public ImmutableArray<string>? PortGroup(string name)
    {
        ImmutableArray<string>? g = index.PortGroups.TryGetValue(name, out var v) ? v : null;
        (lookups ??= []).Add(new NameLookup(NameLookupKind.PortGroup, name, g, false));
        return g;
    }

    public IReadOnlyList<uint> MemberKeys(string group, ImmutableArray<string> members) => scope.MemberKeys(group, members);

    public ImmutableArray<string>? AddressSet(string name)
    {
        ImmutableArray<string>? a = index.AddressSets.TryGetValue(name, out var v) ? v : null;
        (lookups ??= []).Add(new NameLookup(NameLookupKind.AddressSet, name, a, false));
        return a;
    }

    public bool IsChassisResident(string port)
    {
        bool local = index.IsLocal(port);
        (lookups ??= []).Add(new NameLookup(NameLookupKind.Resident, port, null, local));
        return local;
    }
}
