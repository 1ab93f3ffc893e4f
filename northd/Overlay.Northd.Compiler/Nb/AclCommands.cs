using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>acl-add and acl-del on a switch or a port group, resolved by name as ovn-nbctl does.</summary>
internal static class AclCommands
{
    public static void AclAdd(TxState tx, AclAdd c)
    {
        if (Resolve(tx, c.Entity, c.EntityType) is not { } owner) return;
        var acl = new Acl(c.Direction, c.Priority, c.Match, c.Verdict, c.Name);
        var acls = Acls(tx, owner, c.Entity);
        if (acls.Any(a => a.Direction == acl.Direction && a.Priority == acl.Priority && a.Match == acl.Match))
        {
            // ovn-nbctl: same direction, priority and match is the same ACL, whatever its verdict.
            if (!c.MayExist)
                tx.Error(NbObjects.Acl(owner, c.Entity, acl), "", "", $"the same ACL already exists on {Kind(owner)} {c.Entity}");
            return;
        }
        SetAcls(tx, owner, c.Entity, NbOrder.With(acls, acl));
        tx.Sources.Created(NbObjects.Acl(owner, c.Entity, acl), tx.At);
    }

    public static void AclDel(TxState tx, AclDel c)
    {
        if (Resolve(tx, c.Entity, c.EntityType) is not { } owner) return;
        if (c.Direction is not null && !AclValues.Directions.Contains(c.Direction))
        {
            tx.Error(NbObjects.Acl(owner, c.Entity, new Acl(c.Direction, c.Priority ?? 0, c.Match ?? "", "")), "direction", c.Direction,
                "direction must be \"to-lport\" or \"from-lport\"");
            return;
        }
        bool Matches(Acl a) =>
            (c.Direction is null || a.Direction == c.Direction)
            && (c.Priority is null || a.Priority == c.Priority) && (c.Match is null || a.Match == c.Match);
        var acls = Acls(tx, owner, c.Entity);
        SetAcls(tx, owner, c.Entity, acls.Where(a => !Matches(a)).ToValueArray());
    }

    private static string Kind(AclOwner owner) => owner == AclOwner.Switch ? "switch" : "port group";

    private static AclOwner? Resolve(TxState tx, string entity, AclOwner? type)
    {
        bool isSwitch = tx.Switch(entity) is not null;
        bool isGroup = tx.Db.PortGroups.ContainsKey(entity);
        switch (type)
        {
            case AclOwner.Switch when !isSwitch:
                tx.Error(NbObjects.Switch(entity), "name", entity, "switch name not found");
                return null;
            case AclOwner.PortGroup when !isGroup:
                tx.Error(NbObjects.PortGroup(entity), "name", entity, "port group name not found");
                return null;
            case { } t:
                return t;
        }
        if (isSwitch && isGroup)
        {
            tx.Error(Current(tx), "entity", entity, "the name exists as both a port group and a switch; specify --type=port-group or --type=switch");
            return null;
        }
        if (!isSwitch && !isGroup)
        {
            tx.Error(Current(tx), "entity", entity, "not found as a port group or a switch");
            return null;
        }
        return isSwitch ? AclOwner.Switch : AclOwner.PortGroup;
    }

    private static string Current(TxState tx) => tx.Current.Verb;

    private static ValueArray<Acl> Acls(TxState tx, AclOwner owner, string entity) =>
        owner == AclOwner.Switch ? tx.Switch(entity)!.Acls : tx.Db.PortGroups[entity].Acls;

    private static void SetAcls(TxState tx, AclOwner owner, string entity, ValueArray<Acl> acls)
    {
        if (owner == AclOwner.Switch) tx.Put(tx.Switch(entity)! with { Acls = acls });
        else tx.Put(tx.Db.PortGroups[entity] with { Acls = acls });
    }
}
