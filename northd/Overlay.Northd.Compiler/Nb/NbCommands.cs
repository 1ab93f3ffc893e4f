using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// One NB change, as one ovn-nbctl verb. Commands are data; <see cref="NbTransaction"/> applies a list
/// of them atomically. Values are kept as written; the validator judges them after the transaction.
/// Source is where the command came from (script line, YAML node) so later diagnostics can point there.
/// </summary>
public abstract record NbCommand
{
    public SourceLocation? Source { get; init; }

    /// <summary>The ovn-nbctl verb, e.g. "lsp-add".</summary>
    public abstract string Verb { get; }
}

/// <summary><c>[--may-exist] ls-add [SWITCH]</c>; with no name a name is generated from the tunnel key.</summary>
public sealed record LsAdd(string? Switch, bool MayExist = false) : NbCommand
{
    public override string Verb => "ls-add";
}

/// <summary><c>[--if-exists] ls-del SWITCH</c>; its ports go with it (and leave their port groups).</summary>
public sealed record LsDel(string Switch, bool IfExists = false) : NbCommand
{
    public override string Verb => "ls-del";
}

/// <summary><c>[--may-exist] lsp-add SWITCH PORT</c></summary>
public sealed record LspAdd(string Switch, string Port, bool MayExist = false) : NbCommand
{
    public override string Verb => "lsp-add";
}

/// <summary><c>[--if-exists] lsp-del PORT</c></summary>
public sealed record LspDel(string Port, bool IfExists = false) : NbCommand
{
    public override string Verb => "lsp-del";
}

/// <summary><c>lsp-set-addresses PORT [ADDRESS]...</c>; no addresses clears the column.</summary>
public sealed record LspSetAddresses(string Port, ValueArray<string> Addresses) : NbCommand
{
    public override string Verb => "lsp-set-addresses";
}

/// <summary><c>lsp-set-port-security PORT [ADDRS]...</c>; no addresses clears the column.</summary>
public sealed record LspSetPortSecurity(string Port, ValueArray<string> Addresses) : NbCommand
{
    public override string Verb => "lsp-set-port-security";
}

/// <summary><c>lsp-set-type PORT TYPE</c></summary>
public sealed record LspSetType(string Port, string Type) : NbCommand
{
    public override string Verb => "lsp-set-type";
}

/// <summary><c>lsp-set-options PORT KEY=VALUE...</c>; replaces the whole options map, as ovn-nbctl does.</summary>
public sealed record LspSetOptions(string Port, ValueArray<KeyValuePair<string, string>> Options) : NbCommand
{
    public override string Verb => "lsp-set-options";
}

/// <summary><c>lsp-set-enabled PORT enabled|disabled</c></summary>
public sealed record LspSetEnabled(string Port, bool Enabled) : NbCommand
{
    public override string Verb => "lsp-set-enabled";
}

/// <summary><c>[--may-exist] lr-add [ROUTER]</c></summary>
public sealed record LrAdd(string? Router, bool MayExist = false) : NbCommand
{
    public override string Verb => "lr-add";
}

/// <summary><c>[--if-exists] lr-del ROUTER</c>; its ports and routes go with it.</summary>
public sealed record LrDel(string Router, bool IfExists = false) : NbCommand
{
    public override string Verb => "lr-del";
}

/// <summary><c>[--may-exist] lrp-add ROUTER PORT MAC NETWORK... [peer=PEER]</c></summary>
public sealed record LrpAdd(string Router, string Port, string Mac, ValueArray<string> Networks, string? Peer = null, bool MayExist = false) : NbCommand
{
    public override string Verb => "lrp-add";
}

/// <summary><c>[--if-exists] lrp-del PORT</c></summary>
public sealed record LrpDel(string Port, bool IfExists = false) : NbCommand
{
    public override string Verb => "lrp-del";
}

/// <summary>
/// <c>[--may-exist] [--policy=dst-ip|src-ip] lr-route-add ROUTER PREFIX NEXTHOP [PORT]</c>. The prefix is
/// normalized (host bits cleared, /32 dropped) as ovn-nbctl does; --may-exist replaces the route with the same prefix and policy.
/// </summary>
public sealed record LrRouteAdd(string Router, string Prefix, string Nexthop, string? OutputPort = null, string Policy = "dst-ip", bool MayExist = false) : NbCommand
{
    public override string Verb => "lr-route-add";
}

/// <summary><c>[--if-exists] [--policy=POLICY] lr-route-del ROUTER [PREFIX [NEXTHOP [PORT]]]</c>; null means "any".</summary>
public sealed record LrRouteDel(string Router, string? Prefix = null, string? Nexthop = null, string? OutputPort = null, string? Policy = null, bool IfExists = false) : NbCommand
{
    public override string Verb => "lr-route-del";
}

/// <summary>
/// <c>[--type=switch|port-group] [--name=N] [--may-exist] acl-add ENTITY DIRECTION PRIORITY MATCH VERDICT</c>.
/// An ACL with the same direction, priority and match on the entity is "the same ACL".
/// </summary>
public sealed record AclAdd(string Entity, string Direction, int Priority, string Match, string Verdict,
    AclOwner? EntityType = null, string? Name = null, bool MayExist = false) : NbCommand
{
    public override string Verb => "acl-add";
}

/// <summary><c>[--type=switch|port-group] acl-del ENTITY [DIRECTION [PRIORITY MATCH]]</c></summary>
public sealed record AclDel(string Entity, string? Direction = null, int? Priority = null, string? Match = null, AclOwner? EntityType = null) : NbCommand
{
    public override string Verb => "acl-del";
}

/// <summary><c>pg-add GROUP [PORT]...</c></summary>
public sealed record PgAdd(string Group, ValueArray<string> Ports) : NbCommand
{
    public override string Verb => "pg-add";
}

/// <summary><c>pg-set-ports GROUP PORT...</c></summary>
public sealed record PgSetPorts(string Group, ValueArray<string> Ports) : NbCommand
{
    public override string Verb => "pg-set-ports";
}

/// <summary><c>[--if-exists] pg-del GROUP</c></summary>
public sealed record PgDel(string Group, bool IfExists = false) : NbCommand
{
    public override string Verb => "pg-del";
}

/// <summary><c>create Address_Set name=NAME addresses=...</c></summary>
public sealed record AddressSetAdd(string Name, ValueArray<string> Addresses) : NbCommand
{
    public override string Verb => "create Address_Set";
}

/// <summary><c>[--if-exists] address-set-del NAME</c>, also what <c>destroy Address_Set NAME</c> becomes.</summary>
public sealed record AddressSetDel(string Name, bool IfExists = false) : NbCommand
{
    public override string Verb => "address-set-del";
}
