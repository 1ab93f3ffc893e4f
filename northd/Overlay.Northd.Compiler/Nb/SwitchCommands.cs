using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>ls-* and lsp-* verbs, with ovn-nbctl's --may-exist / --if-exists semantics.</summary>
internal static class SwitchCommands
{
    public static void LsAdd(TxState tx, LsAdd c)
    {
        if (DatapathCommands.Add(tx, "ls-add", "switch", "ls", c.Switch, c.MayExist, n => tx.Switch(n) is not null, NbObjects.Switch) is { } created)
            tx.Put(LogicalSwitch.Create(created.Name, created.Key));
    }

    public static void LsDel(TxState tx, LsDel c)
    {
        if (tx.Switch(c.Switch) is not { } sw)
        {
            if (!c.IfExists) tx.Error(NbObjects.Switch(c.Switch), "name", c.Switch, "switch name not found");
            return;
        }
        tx.Db = tx.Db with { Switches = tx.Db.Switches.Remove(sw.Name) };
        tx.ReleaseDatapathKey(sw.TunnelKey);
        tx.DropPortKeys(false, sw.Name);
        foreach (var p in sw.Ports.Keys) { tx.ReleasePort(p); tx.Sources.Forget(NbObjects.SwitchPort(p)); }
        tx.RemoveFromPortGroups(sw.Ports.Keys.ToList());
        tx.Sources.Forget(NbObjects.Switch(sw.Name));
    }

    public static void LspAdd(TxState tx, LspAdd c)
    {
        string obj = NbObjects.SwitchPort(c.Port);
        if (tx.Switch(c.Switch) is not { } sw) { tx.Error(obj, "switch", c.Switch, "switch name not found"); return; }
        if (c.Port.Length == 0) { tx.Error("lsp-add", "name", "", "a port name must not be empty"); return; }
        if (tx.OwnerOf(c.Port) is { } owner)
        {
            if (owner.IsRouterPort)
                tx.Error(obj, "name", c.Port, $"a port with this name already exists (router port on router {owner.Datapath}); switch and router ports share one namespace");
            else if (!c.MayExist)
                tx.Error(obj, "name", c.Port, "a port with this name already exists");
            else if (owner.Datapath != sw.Name)
                tx.Error(obj, "switch", c.Switch, $"port already exists but in switch {owner.Datapath}");
            return;
        }
        if (tx.AllocatePortKey(false, sw.Name, () => sw.Ports.Values.Select(p => p.TunnelKey)) is not { } key)
        {
            tx.Error(obj, "switch", sw.Name, $"no free port tunnel key in {Keys.MinPort}..{Keys.MaxPort} on switch {sw.Name}");
            return;
        }
        tx.PutPort(sw, SwitchPort.Create(c.Port, key));
        tx.ClaimPort(c.Port, new PortOwner(false, sw.Name));
        tx.Sources.Created(obj, tx.At);
    }

    public static void LspDel(TxState tx, LspDel c)
    {
        if (tx.FindSwitchPort(c.Port) is not (var sw, var port))
        {
            if (!c.IfExists) tx.Error(NbObjects.SwitchPort(c.Port), "name", c.Port, "port name not found");
            return;
        }
        tx.Put(sw with { Ports = sw.Ports.Remove(c.Port) });
        tx.ReleasePortKey(false, sw.Name, port.TunnelKey);
        tx.ReleasePort(c.Port);
        tx.RemoveFromPortGroups([c.Port]);
        tx.Sources.Forget(NbObjects.SwitchPort(c.Port));
    }

    public static void SetAddresses(TxState tx, LspSetAddresses c) =>
        Update(tx, c.Port, "addresses", p => p with { Addresses = NbOrder.StringSet(c.Addresses) });

    public static void SetPortSecurity(TxState tx, LspSetPortSecurity c) =>
        Update(tx, c.Port, "port_security", p => p with { PortSecurity = NbOrder.StringSet(c.Addresses) });

    public static void SetType(TxState tx, LspSetType c) => Update(tx, c.Port, "type", p => p with { Type = c.Type });

    public static void SetEnabled(TxState tx, LspSetEnabled c) => Update(tx, c.Port, "enabled", p => p with { Enabled = c.Enabled });

    public static void SetOptions(TxState tx, LspSetOptions c)
    {
        foreach (var (key, _) in c.Options)
            if (key.Length == 0) { tx.Error(NbObjects.SwitchPort(c.Port), "options", "", "an option key must not be empty"); return; }
        var options = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in c.Options) options[key] = value;
        Update(tx, c.Port, "options", p => p with { Options = options.ToImmutable() });
    }

    private static void Update(TxState tx, string port, string field, Func<SwitchPort, SwitchPort> change)
    {
        if (tx.FindSwitchPort(port) is not (var sw, var lsp))
        {
            tx.Error(NbObjects.SwitchPort(port), "name", port, "port name not found");
            return;
        }
        tx.PutPort(sw, change(lsp));
        tx.Sources.Set(NbObjects.SwitchPort(port), field, tx.At);
    }
}
