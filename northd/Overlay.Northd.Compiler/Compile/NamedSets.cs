using System.Collections.Immutable;
using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile;

/// <summary>Address sets and port groups, copied to the logical network for the hosts to expand $name and @name.</summary>
internal static class NamedSets
{
    public static AddressSetBinding Of(AddressSet set) => new(set.Name, set.Addresses);

    public static PortGroupBinding Of(PortGroup pg) => new(pg.Name, pg.Ports);

    public static ImmutableArray<AddressSetBinding> AddressSets(NbDatabase db)
    {
        var list = ImmutableArray.CreateBuilder<AddressSetBinding>(db.AddressSets.Count);
        foreach (var set in db.AddressSets.Values) list.Add(Of(set));
        return list.MoveToImmutable();
    }

    public static ImmutableArray<PortGroupBinding> PortGroups(NbDatabase db)
    {
        var list = ImmutableArray.CreateBuilder<PortGroupBinding>(db.PortGroups.Count);
        foreach (var pg in db.PortGroups.Values) list.Add(Of(pg));
        return list.MoveToImmutable();
    }
}
