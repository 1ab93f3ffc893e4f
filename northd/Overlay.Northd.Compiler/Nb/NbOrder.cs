using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Canonical order for the model's set-valued columns (OVSDB sets have no order), so the same NB
/// content is the same value however it was written: ACLs by direction, priority (high first), match;
/// routes by policy, prefix, next hop; plain string sets sorted ordinally without duplicates.
/// </summary>
public static class NbOrder
{
    public static readonly IComparer<Acl> Acls = Comparer<Acl>.Create((a, b) =>
    {
        int c = string.CompareOrdinal(a.Direction, b.Direction);
        if (c == 0) c = b.Priority.CompareTo(a.Priority);
        if (c == 0) c = string.CompareOrdinal(a.Match, b.Match);
        if (c == 0) c = string.CompareOrdinal(a.Action, b.Action);
        if (c == 0) c = string.CompareOrdinal(a.Name, b.Name);
        return c;
    });

    public static readonly IComparer<StaticRoute> Routes = Comparer<StaticRoute>.Create((a, b) =>
    {
        int c = string.CompareOrdinal(a.Policy, b.Policy);
        if (c == 0) c = string.CompareOrdinal(a.IpPrefix, b.IpPrefix);
        if (c == 0) c = string.CompareOrdinal(a.Nexthop, b.Nexthop);
        if (c == 0) c = string.CompareOrdinal(a.OutputPort, b.OutputPort);
        return c;
    });

    public static ValueArray<string> StringSet(IEnumerable<string> items) =>
        items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToValueArray();

    public static ValueArray<Acl> With(ValueArray<Acl> acls, Acl added) => acls.Append(added).Order(Acls).ToValueArray();

    public static ValueArray<StaticRoute> With(ValueArray<StaticRoute> routes, StaticRoute added) =>
        routes.Append(added).Order(Routes).ToValueArray();
}
