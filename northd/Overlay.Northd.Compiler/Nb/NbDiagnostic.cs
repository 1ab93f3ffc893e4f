namespace Overlay.Northd.Compiler.Nb;

/// <summary>Where an NB change came from: a script line, or a YAML line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column = 0)
{
    public override string ToString() => Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}

/// <summary>
/// One problem with NB input: the object (e.g. "lsp sw0-port1"), the field ("addresses"), the offending
/// value and what is wrong, plus where the value came from when known. Problems are data, never exceptions.
/// </summary>
public sealed record NbDiagnostic(string Object, string Field, string Value, string Message, SourceLocation? Location = null)
{
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        if (Location is not null) sb.Append(Location).Append(": ");
        sb.Append(Object);
        if (Field.Length > 0) sb.Append(": ").Append(Field);
        if (Value.Length > 0) sb.Append(": \"").Append(Value).Append('"');
        sb.Append(": ").Append(Message);
        return sb.ToString();
    }
}

/// <summary>The outcome of an NB transaction: the new database, or null and every reason it was refused.</summary>
public sealed record NbApplyResult(NbDatabase? Database, IReadOnlyList<NbDiagnostic> Diagnostics)
{
    public bool Ok => Database is not null;

    public static NbApplyResult Refused(IReadOnlyList<NbDiagnostic> diagnostics) => new(null, diagnostics);
}

/// <summary>How diagnostics name NB objects, in one place so the validator and the transaction agree.</summary>
public static class NbObjects
{
    public static string Switch(string name) => $"ls {name}";
    public static string SwitchPort(string name) => $"lsp {name}";
    public static string Router(string name) => $"lr {name}";
    public static string RouterPort(string name) => $"lrp {name}";
    public static string AddressSet(string name) => $"address_set {name}";
    public static string PortGroup(string name) => $"pg {name}";

    public static string Route(string router, StaticRoute route) =>
        route.Policy == "dst-ip" ? $"lr {router} route {route.IpPrefix}" : $"lr {router} route {route.IpPrefix} ({route.Policy})";

    public static string Acl(AclOwner owner, string entity, Acl acl) =>
        $"{(owner == AclOwner.Switch ? "ls" : "pg")} {entity} acl {acl.Direction} {acl.Priority} ({acl.Match})";
}

/// <summary>What an ACL hangs off: a logical switch or a port group.</summary>
public enum AclOwner : byte { Switch, PortGroup }
