using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>Changes to the copied address sets and port groups, straight from the NB changes.</summary>
internal static class NamedSetChanges
{
    public static SetChanges<AddressSetBinding> AddressSets(List<NbChange> changes, NbDatabase before, NbDatabase after)
    {
        List<AddressSetBinding>? added = null, removed = null;
        foreach (var c in changes)
        {
            if (c.Kind != NbChangeKind.AddressSet) continue;
            if (before.AddressSets.TryGetValue(c.Owner, out var x)) (removed ??= []).Add(NamedSets.Of(x));
            if (after.AddressSets.TryGetValue(c.Owner, out var y)) (added ??= []).Add(NamedSets.Of(y));
        }
        return added is null && removed is null ? SetChanges<AddressSetBinding>.None : new((IReadOnlyList<AddressSetBinding>?)added ?? [], (IReadOnlyList<AddressSetBinding>?)removed ?? []);
    }

    public static SetChanges<PortGroupBinding> PortGroups(List<NbChange> changes, NbDatabase before, NbDatabase after)
    {
        List<PortGroupBinding>? added = null, removed = null;
        foreach (var c in changes)
        {
            if (c.Kind != NbChangeKind.PortGroupPorts) continue;
            if (before.PortGroups.TryGetValue(c.Owner, out var x)) (removed ??= []).Add(NamedSets.Of(x));
            if (after.PortGroups.TryGetValue(c.Owner, out var y)) (added ??= []).Add(NamedSets.Of(y));
        }
        return added is null && removed is null ? SetChanges<PortGroupBinding>.None : new((IReadOnlyList<PortGroupBinding>?)added ?? [], (IReadOnlyList<PortGroupBinding>?)removed ?? []);
    }
}
