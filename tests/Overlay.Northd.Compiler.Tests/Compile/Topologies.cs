using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>Small NB topologies shared by the golden, re-parse and behaviour tests.</summary>
internal static class Topologies
{
    public static NbDatabase OneSwitchTwoVifs() => NbDatabase.Empty
        .Switch("ls1")
        .Vif("ls1", "vm1", ["00:00:00:00:00:01 10.0.0.1"])
        .Vif("ls1", "vm2", ["00:00:00:00:00:02 10.0.0.2"]);

    /// <summary>ls1 (10.0.1.0/24) and ls2 (10.0.2.0/24) joined by router lr1.</summary>
    public static NbDatabase TwoSwitchesOneRouter() => NbDatabase.Empty
        .Switch("ls1").Switch("ls2").Router("lr1")
        .Vif("ls1", "vm1", ["50:54:00:00:01:10 10.0.1.10"])
        .Vif("ls2", "vm2", ["50:54:00:00:02:10 10.0.2.10"])
        .Lrp("lr1", "lr1-ls1", "02:00:00:00:01:01", ["10.0.1.1/24"])
        .Lrp("lr1", "lr1-ls2", "02:00:00:00:02:01", ["10.0.2.1/24"])
        .RouterLink("ls1", "ls1-lr1", "lr1-ls1")
        .RouterLink("ls2", "ls2-lr1", "lr1-ls2");

    /// <summary>lr1 and lr2 joined by peer ports on 10.255.0.0/30, each with a LAN, routes to the other's LAN.</summary>
    public static NbDatabase TwoRoutersPeered() => NbDatabase.Empty
        .Switch("lan1").Switch("lan2").Router("lr1").Router("lr2")
        .Vif("lan1", "h1", ["50:54:00:00:01:0a 10.1.0.10"])
        .Vif("lan2", "h2", ["50:54:00:00:02:0a 10.2.0.10"])
        .Lrp("lr1", "lr1-lan1", "02:00:00:01:00:01", ["10.1.0.1/24"])
        .Lrp("lr1", "lr1-lr2", "02:00:00:ff:00:01", ["10.255.0.1/30"], peer: "lr2-lr1")
        .Lrp("lr2", "lr2-lan2", "02:00:00:02:00:01", ["10.2.0.1/24"])
        .Lrp("lr2", "lr2-lr1", "02:00:00:ff:00:02", ["10.255.0.2/30"], peer: "lr1-lr2")
        .RouterLink("lan1", "lan1-lr1", "lr1-lan1")
        .RouterLink("lan2", "lan2-lr2", "lr2-lan2")
        .Route("lr1", "10.2.0.0/16", "10.255.0.2")
        .Route("lr1", "192.168.0.0/16", "discard")
        .Route("lr1", "10.1.0.0/24", "10.255.0.2", policy: "src-ip")
        .Route("lr2", "0.0.0.0/0", "10.255.0.1", outputPort: "lr2-lr1");

    /// <summary>Web and db ports on one switch; ACLs on a port group, one matching an address set; a switch ACL.</summary>
    public static NbDatabase AclsByPortGroup() => NbDatabase.Empty
        .Switch("ls1").Switch("ls2")
        .Vif("ls1", "web1", ["50:54:00:00:00:11 10.0.0.11"])
        .Vif("ls1", "web2", ["50:54:00:00:00:12 10.0.0.12"])
        .Vif("ls1", "db1", ["50:54:00:00:00:21 10.0.0.21"])
        .Vif("ls2", "other", ["unknown"])
        .AddressSet("as_db", "10.0.0.21", "10.0.0.22")
        .PortGroup("pg_web", ["web1", "web2"],
            new Acl("to-lport", 1002, "outport == @pg_web && ip4 && tcp.dst == 80", "allow-related"),
            new Acl("to-lport", 1001, "outport == @pg_web && ip4", "drop"),
            new Acl("from-lport", 1000, "inport == @pg_web && ip4.dst == $as_db && tcp.dst == 5432", "allow"))
        .SwitchAcl("ls1", "from-lport", 900, "ip4.src == 192.0.2.0/24", "reject")
        .SwitchAcl("ls2", "to-lport", 100, "udp.dst==53", "allow-stateless");

    /// <summary>Port security: MAC only, MAC + IPv4, MAC + CIDR, MAC + IPv6; a disabled port; an unsecured port.</summary>
    public static NbDatabase PortSecurity() => NbDatabase.Empty
        .Switch("ls1")
        .Vif("ls1", "mac-only", ["50:54:00:00:00:01 10.0.0.1"], ["50:54:00:00:00:01"])
        .Vif("ls1", "ip4", ["50:54:00:00:00:02 10.0.0.2"], ["50:54:00:00:00:02 10.0.0.2"])
        .Vif("ls1", "cidr", ["50:54:00:00:00:03 10.0.0.3"], ["50:54:00:00:00:03 10.0.0.3/24"])
        .Vif("ls1", "ip6", ["50:54:00:00:00:04 fd00::4"], ["50:54:00:00:00:04 fd00::4"])
        .Vif("ls1", "down", ["50:54:00:00:00:05 10.0.0.5"], ["50:54:00:00:00:05 10.0.0.5"], enabled: false)
        .Vif("ls1", "open", ["50:54:00:00:00:06 10.0.0.6"]);

    /// <summary>Two tenants with the same subnets and IPs on separate switches and routers.</summary>
    public static NbDatabase TwoTenantsOverlapping()
    {
        var db = NbDatabase.Empty;
        foreach (var t in new[] { "red", "blue" })
        {
            string mac = t == "red" ? "0a" : "0b";
            db = db.Switch($"{t}-ls").Router($"{t}-lr")
                .Vif($"{t}-ls", $"{t}-vm", [$"50:54:00:00:{mac}:0a 192.168.1.10"], [$"50:54:00:00:{mac}:0a 192.168.1.10"])
                .Lrp($"{t}-lr", $"{t}-lr-ls", $"02:00:00:00:{mac}:01", ["192.168.1.1/24"])
                .RouterLink($"{t}-ls", $"{t}-ls-lr", $"{t}-lr-ls");
        }
        return db;
    }

    public static IEnumerable<(string Name, NbDatabase Db)> All()
    {
        yield return ("one-switch-two-vifs", OneSwitchTwoVifs());
        yield return ("two-switches-one-router", TwoSwitchesOneRouter());
        yield return ("two-routers-peered", TwoRoutersPeered());
        yield return ("acls-by-port-group", AclsByPortGroup());
        yield return ("port-security", PortSecurity());
        yield return ("two-tenants-overlapping", TwoTenantsOverlapping());
    }
}
