using Overlay.Cli.Online;
using Overlay.Cli.Tests.Apply;

namespace Overlay.Cli.Tests.Online;

public class NbTextTests
{
    private static readonly Overlay.Northd.Compiler.Nb.NbDatabase Db = PlannerScripts.Load(PlannerScripts.TwoTier);

    [Fact]
    public void Acl_list_has_ovn_nbctl_columns_and_order()
    {
        // ovn-nbctl 23.03: "%10s %5d (%s) %s", high priority first.
        Assert.Equal(
            "  to-lport  1002 (outport == @pg_web && ip4 && tcp.dst == 80) allow-related\n" +
            "  to-lport  1001 (outport == @pg_web && ip4) drop\n",
            NbText.AclList(Db.PortGroups["pg_web"].Acls));
        Assert.Equal("from-lport  1000 (ip4.src == $as_web) allow\n", NbText.AclList(Db.Switches["sw1"].Acls));
    }

    [Fact]
    public void Route_list_has_ovn_nbctl_layout_longest_prefix_first()
    {
        var db = PlannerScripts.Load(PlannerScripts.TwoTier + "\nlr-route-add lr0 0.0.0.0/0 20.0.0.254\n--policy=src-ip lr-route-add lr0 10.0.0.0/24 20.0.0.2 lr0-sw1");
        Assert.Equal(
            "IPv4 Routes\nRoute Table <main>:\n" +
            "              10.0.0.0/24                  20.0.0.2 src-ip lr0-sw1\n" +
            "              30.0.0.0/24                 20.0.0.50 dst-ip\n" +
            "                0.0.0.0/0                20.0.0.254 dst-ip\n",
            NbText.RouteList(db.Routers["lr0"]));
        Assert.Equal("", NbText.RouteList(PlannerScripts.Load("lr-add lr9").Routers["lr9"]));
    }

    [Fact]
    public void Show_lists_switches_then_routers_with_port_details()
    {
        var text = NbText.Show(Db);
        Assert.StartsWith("switch 00000001-0000-0000-0000-000000000000 (sw0)\n    port sw0-lr0\n        type: router\n        router-port: lr0-sw0\n        addresses: [\"router\"]\n", text);
        Assert.Contains("    port sw0-port1\n        addresses: [\"50:54:00:00:00:01 10.0.0.3\"]\n", text);
        Assert.Contains("router 00000003-0000-0000-0000-000000000000 (lr0)\n    port lr0-sw0\n        mac: \"00:00:00:00:ff:01\"\n        networks: [\"10.0.0.1/24\"]\n", text);
        Assert.True(text.IndexOf("(sw1)", StringComparison.Ordinal) < text.IndexOf("(lr0)", StringComparison.Ordinal));
        Assert.DoesNotContain("(sw0)", NbText.Show(Db, "lr0"));
    }

    [Fact]
    public void Lists_print_key_shaped_ids_by_name()
    {
        Assert.Equal("00000001-0000-0000-0000-000000000000 (sw0)\n00000002-0000-0000-0000-000000000000 (sw1)\n", NbText.SwitchList(Db));
        Assert.Equal("00000003-0000-0000-0000-000000000000 (lr0)\n", NbText.RouterList(Db));
        Assert.Equal("00000002-0002-0000-0000-000000000000 (sw1-lr0)\n00000002-0001-0000-0000-000000000000 (sw1-port1)\n", NbText.SwitchPortList(Db.Switches["sw1"]));
        Assert.Equal("00000003-0001-0000-0000-000000000000 (lr0-sw0)\n00000003-0002-0000-0000-000000000000 (lr0-sw1)\n", NbText.RouterPortList(Db.Routers["lr0"]));
    }

    [Fact]
    public void Tables_pad_every_column_but_the_last()
    {
        Assert.Equal("NAME    PORTS                ACLS\npg_web  sw0-port1,sw0-port2  2\n", NbText.PortGroupList(Db));
        Assert.Equal(
            "NAME  ENCAP_IP       CONNECTED  INSTALLED  PORTS\n" +
            "hv1   192.168.100.1  yes        7          sw0-port1,sw0-port2\n" +
            "hv22  192.168.100.2  no         0          -\n",
            NbJson.ChassisTable([new ChassisRow("hv1", "192.168.100.1", true, 7, ["sw0-port1", "sw0-port2"]), new ChassisRow("hv22", "192.168.100.2", false, 0, [])]));
    }

    [Fact]
    public void Json_uses_nb_column_names_and_null_for_absent_values()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(NbJson.Write(NbJson.Database(Db)));
        var root = doc.RootElement;
        Assert.Equal(Db.Revision, root.GetProperty("revision").GetInt64());
        var port = root.GetProperty("switches")[0].GetProperty("ports")[0];
        Assert.Equal("sw0-lr0", port.GetProperty("name").GetString());
        Assert.Equal("lr0-sw0", port.GetProperty("options").GetProperty("router-port").GetString());
        var lrp = root.GetProperty("routers")[0].GetProperty("ports")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, lrp.GetProperty("peer").ValueKind);
        Assert.Equal("10.0.0.1/24", lrp.GetProperty("networks")[0].GetString());
        var route = root.GetProperty("routers")[0].GetProperty("static_routes")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, route.GetProperty("output_port").ValueKind);
        Assert.Equal(2, root.GetProperty("port_groups")[0].GetProperty("acls").GetArrayLength());
    }
}
