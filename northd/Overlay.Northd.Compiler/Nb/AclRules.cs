using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Validation of ACLs on switches and port groups: direction, priority range, verdict, and a match that
/// parses and type-checks with every $address_set and @port_group naming an existing one.
/// </summary>
internal static class AclRules
{
    public static void Check(NbDatabase db, List<NbDiagnostic> problems)
    {
        foreach (var sw in db.Switches.Values)
            foreach (var acl in sw.Acls) CheckAcl(db, AclOwner.Switch, sw.Name, acl, problems);
        foreach (var pg in db.PortGroups.Values)
            foreach (var acl in pg.Acls) CheckAcl(db, AclOwner.PortGroup, pg.Name, acl, problems);
    }

    public static void CheckAcl(NbDatabase db, AclOwner owner, string entity, Acl acl, List<NbDiagnostic> problems)
    {
        string obj = NbObjects.Acl(owner, entity, acl);
        if (!AclValues.Directions.Contains(acl.Direction))
            problems.Add(new(obj, "direction", acl.Direction, "direction must be \"from-lport\" or \"to-lport\""));
        if (acl.Priority is < 0 or > AclValues.MaxPriority)
            problems.Add(new(obj, "priority", acl.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"priority must be in 0..{AclValues.MaxPriority}"));
        if (!AclValues.Actions.Contains(acl.Action))
            problems.Add(new(obj, "action", acl.Action, $"verdict must be one of {string.Join(", ", AclValues.Actions)}"));

        var parsed = LogicalSyntax.ParseMatch(acl.Match);
        if (!parsed.Ok)
        {
            problems.Add(new(obj, "match", acl.Match, parsed.Error!.ToString()));
            return;
        }
        foreach (var message in DanglingReferences(db, acl.Match))
            problems.Add(new(obj, "match", acl.Match, message));
    }

    /// <summary>
    /// $name must be an address set, or the &lt;pg&gt;_ip4 / &lt;pg&gt;_ip6 set OVN derives from each port
    /// group; @name must be a port group.
    /// </summary>
    private static IEnumerable<string> DanglingReferences(NbDatabase db, string match)
    {
        var tokens = Lexer.Tokenize(match);
        if (!tokens.Ok) yield break;
        foreach (var t in tokens.Value!)
        {
            string name = t.Text.Length > 1 ? t.Text[1..] : "";
            if (t.Kind == TokenKind.AddressSet && !db.AddressSets.ContainsKey(name) && !IsDerivedPortGroupSet(db, name))
                yield return new SyntaxError(t.Column, t.Text, $"address set {t.Text} does not exist").ToString();
            else if (t.Kind == TokenKind.PortGroup && !db.PortGroups.ContainsKey(name))
                yield return new SyntaxError(t.Column, t.Text, $"port group {t.Text} does not exist").ToString();
        }
    }

    private static bool IsDerivedPortGroupSet(NbDatabase db, string name) =>
        (name.EndsWith("_ip4", StringComparison.Ordinal) || name.EndsWith("_ip6", StringComparison.Ordinal))
        && db.PortGroups.ContainsKey(name[..^4]);
}
