namespace Overlay.Northd.Compiler.Nb;

/// <summary>Validation of address set entries and port group members.</summary>
internal static class GroupRules
{
    public static void Check(NbDatabase db, NbIndex index, List<NbDiagnostic> problems)
    {
        foreach (var set in db.AddressSets.Values) CheckAddressSet(set, problems);

        foreach (var pg in db.PortGroups.Values)
            foreach (var port in pg.Ports)
                CheckMember(pg, port, index, problems);
    }

    public static void CheckAddressSet(AddressSet set, List<NbDiagnostic> problems)
    {
        foreach (var entry in set.Addresses)
            if (AddressRules.AddressSetEntry(entry) is { } message)
                problems.Add(new(NbObjects.AddressSet(set.Name), "addresses", entry, message));
    }

    public static void CheckMember(PortGroup pg, string port, NbIndex index, List<NbDiagnostic> problems)
    {
        if (index.FindSwitchPort(port) is null)
            problems.Add(new(NbObjects.PortGroup(pg.Name), "ports", port, $"switch port {port} does not exist"));
    }
}
