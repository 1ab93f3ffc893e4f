using System.Text.Json;
using Overlay.Cli.Tests.Commands;

namespace Overlay.Cli.Tests.Online;

public class ReadCommandTests
{
    [Fact]
    public async Task Lists_read_what_the_verbs_wrote()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.OkAsync("apply", "-f", CliRunner.Example("two-tier.yaml"));
        await n.OkAsync("lr-route-add", "lr0", "0.0.0.0/0", "20.0.0.254");
        Assert.Equal("00000001-0000-0000-0000-000000000000 (sw0)\n00000002-0000-0000-0000-000000000000 (sw1)\n", (await n.OkAsync("ls-list")).Stdout);
        Assert.Equal("00000003-0000-0000-0000-000000000000 (lr0)\n", (await n.OkAsync("lr-list")).Stdout);
        Assert.Contains("(lr0-sw0)\n", (await n.OkAsync("lrp-list", "lr0")).Stdout);
        Assert.Equal("IPv4 Routes\nRoute Table <main>:\n                0.0.0.0/0                20.0.0.254 dst-ip\n", (await n.OkAsync("lr-route-list", "lr0")).Stdout);
        var acls = (await n.OkAsync("acl-list", "pg_web")).Stdout;
        Assert.Equal(
            "from-lport  1001 (inport == @pg_web && ip4.dst == $as_db && tcp.dst == 5432) allow-related\n" +
            "  to-lport  1002 (outport == @pg_web && ip4 && tcp.dst == 80) allow-related\n", acls);
        Assert.Equal(acls, (await n.OkAsync("acl-list", "--type=port-group", "pg_web")).Stdout);
        Assert.StartsWith("NAME    PORTS", (await n.OkAsync("pg-list")).Stdout);
        Assert.Contains("switch 00000002-0000-0000-0000-000000000000 (sw1)", (await n.OkAsync("show", "sw1")).Stdout);

        var missing = await n.RunAsync("lsp-list", "sw9");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("overlay: lsp-list: sw9: switch name not found\n", missing.Stderr);
        Assert.Equal(1, (await n.RunAsync("acl-list", "--type=switch", "pg_web")).ExitCode);
    }

    [Fact]
    public async Task Json_output_is_parseable_and_carries_the_revision()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.OkAsync("ls-add", "sw0", "--", "lsp-add", "sw0", "p1", "--", "lr-add", "lr0", "--", "lrp-add", "lr0", "lrp0", "00:00:00:00:ff:01", "10.0.0.1/24",
            "--", "lr-route-add", "lr0", "0.0.0.0/0", "10.0.0.254", "--", "pg-add", "pg0", "p1");
        foreach (var args in new[] { new[] { "show" }, ["ls-list"], ["lsp-list", "sw0"], ["lr-list"], ["lrp-list", "lr0"], ["lr-route-list", "lr0"], ["acl-list", "sw0"], ["pg-list"], ["chassis-list"] })
        {
            var r = await n.OkAsync([.. args, "-o", "json"]);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.Equal(1, doc.RootElement.GetProperty("revision").GetInt64());
        }
        using var ls = JsonDocument.Parse((await n.OkAsync("ls-list", "-o", "json")).Stdout);
        Assert.Equal("sw0", ls.RootElement.GetProperty("switches")[0].GetProperty("name").GetString());
        Assert.Equal(1u, ls.RootElement.GetProperty("switches")[0].GetProperty("tunnel_key").GetUInt32());
        using var routes = JsonDocument.Parse((await n.OkAsync("lr-route-list", "lr0", "-o", "json")).Stdout);
        var route = routes.RootElement.GetProperty("static_routes")[0];
        Assert.Equal("0.0.0.0/0", route.GetProperty("ip_prefix").GetString());
        Assert.Equal(JsonValueKind.Null, route.GetProperty("output_port").ValueKind);
        using var lrps = JsonDocument.Parse((await n.OkAsync("lrp-list", "lr0", "-o", "json")).Stdout);
        Assert.Equal("00:00:00:00:ff:01", lrps.RootElement.GetProperty("ports")[0].GetProperty("mac").GetString());
    }

    [Fact]
    public async Task Chassis_list_shows_encap_ip_connection_installed_revision_and_ports_and_chassis_del_forgets()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.OkAsync("ls-add", "sw0", "--", "lsp-add", "sw0", "p1", "--", "lsp-add", "sw0", "p2");
        await n.ChassisAsync("hv1", "192.168.100.1", "p1", "p2");
        await n.InstalledAsync("hv1", 1);
        Assert.Equal(
            "NAME  ENCAP_IP       CONNECTED  INSTALLED  PORTS\n" +
            "hv1   192.168.100.1  no         1          p1,p2\n",
            (await n.OkAsync("chassis-list")).Stdout);
        using (var doc = JsonDocument.Parse((await n.OkAsync("chassis-list", "-o", "json")).Stdout))
        {
            var c = doc.RootElement.GetProperty("chassis")[0];
            Assert.Equal("192.168.100.1", c.GetProperty("encap_ip").GetString());
            Assert.Equal(2, c.GetProperty("ports").GetArrayLength());
        }
        await n.OkAsync("chassis-del", "hv1");
        Assert.Equal("NAME  ENCAP_IP  CONNECTED  INSTALLED  PORTS\n", (await n.OkAsync("chassis-list")).Stdout);
        var again = await n.RunAsync("chassis-del", "hv1");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("overlay: chassis-del: hv1: no such chassis (--if-exists ignores this)\n", again.Stderr);
        await n.OkAsync("chassis-del", "--if-exists", "hv1");
    }
}
