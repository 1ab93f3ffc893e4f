using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>Port groups (pg-add, pg-set-ports, pg-del) and address sets (create / destroy Address_Set).</summary>
internal static class GroupCommands
{
    public static void PgAdd(TxState tx, PgAdd c)
    {
        string obj = NbObjects.PortGroup(c.Group);
        if (c.Group.Length == 0) { tx.Error("pg-add", "name", "", "a port group name must not be empty"); return; }
        if (tx.Db.PortGroups.ContainsKey(c.Group)) { tx.Error(obj, "name", c.Group, "a port group with this name already exists"); return; }
        if (!PortsExist(tx, obj, c.Ports)) return;
        tx.Put(new PortGroup(c.Group, NbOrder.StringSet(c.Ports), ValueArray<Acl>.Empty));
        tx.Sources.Created(obj, tx.At);
    }

    public static void PgSetPorts(TxState tx, PgSetPorts c)
    {
        string obj = NbObjects.PortGroup(c.Group);
        if (!tx.Db.PortGroups.TryGetValue(c.Group, out var pg)) { tx.Error(obj, "name", c.Group, "port group name not found"); return; }
        if (!PortsExist(tx, obj, c.Ports)) return;
        tx.Put(pg with { Ports = NbOrder.StringSet(c.Ports) });
        tx.Sources.Set(obj, "ports", tx.At);
    }

    public static void PgDel(TxState tx, PgDel c)
    {
        string obj = NbObjects.PortGroup(c.Group);
        if (!tx.Db.PortGroups.ContainsKey(c.Group))
        {
            if (!c.IfExists) tx.Error(obj, "name", c.Group, "port group name not found");
            return;
        }
        tx.Db = tx.Db with { PortGroups = tx.Db.PortGroups.Remove(c.Group) };
        tx.Sources.Forget(obj);
    }

    // Port groups hold switch ports only (OVN's Port_Group.ports references Logical_Switch_Port).
    private static bool PortsExist(TxState tx, string obj, IEnumerable<string> ports)
    {
        bool ok = true;
        foreach (var p in ports)
            if (tx.FindSwitchPort(p) is null)
            {
                tx.Error(obj, "ports", p, tx.FindRouterPort(p) is null ? "port name not found" : "a port group holds switch ports only; this is a router port");
                ok = false;
            }
        return ok;
    }

    public static void AddressSetAdd(TxState tx, AddressSetAdd c)
    {
        string obj = NbObjects.AddressSet(c.Name);
        if (c.Name.Length == 0) { tx.Error("create Address_Set", "name", "", "an address set name is required"); return; }
        if (tx.Db.AddressSets.ContainsKey(c.Name)) { tx.Error(obj, "name", c.Name, "an address set with this name already exists"); return; }
        tx.Put(new AddressSet(c.Name, NbOrder.StringSet(c.Addresses)));
        tx.Sources.Created(obj, tx.At);
    }

    public static void AddressSetDel(TxState tx, AddressSetDel c)
    {
        string obj = NbObjects.AddressSet(c.Name);
        if (!tx.Db.AddressSets.ContainsKey(c.Name))
        {
            if (!c.IfExists) tx.Error(obj, "name", c.Name, "address set name not found");
            return;
        }
        tx.Db = tx.Db with { AddressSets = tx.Db.AddressSets.Remove(c.Name) };
        tx.Sources.Forget(obj);
    }
}
