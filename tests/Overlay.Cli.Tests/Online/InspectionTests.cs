using Overlay.Cli.Tests.Commands;

namespace Overlay.Cli.Tests.Online;

/// <summary>Online inspection reuses the offline renderers: the same network gives the same text.</summary>
public class InspectionTests
{
    private static readonly string Script = CliRunner.Example("two-tier.nbctl");
    private static readonly string Yaml = CliRunner.Example("two-tier.yaml");
    private static readonly string Bindings = CliRunner.Example("two-tier.bindings");

    private const string WebToDb =
        "inport == \"sw0-port1\" && eth.src == 50:54:00:00:00:01 && eth.dst == 00:00:00:00:ff:01 && ip4.src == 10.0.0.3 && ip4.dst == 20.0.0.3 && ip.ttl == 64";

    private static async Task<TestNorthd> TwoTierAsync(bool chassis = false)
    {
        var n = await TestNorthd.StartAsync();
        await n.OkAsync("apply", "-f", Yaml);
        if (chassis)
        {
            // As two-tier.bindings: hv1 has sw0-port1, hv2 sw0-port2 and sw1-port1, hv3 sw1-port2.
            await n.ChassisAsync("hv1", "192.168.100.1", "sw0-port1");
            await n.ChassisAsync("hv2", "192.168.100.2", "sw0-port2", "sw1-port1");
            await n.ChassisAsync("hv3", "192.168.100.3", "sw1-port2");
        }
        return n;
    }

    [Fact]
    public async Task Online_lflow_list_equals_offline_for_the_same_network()
    {
        await using var n = await TwoTierAsync();
        var offline = CliRunner.Run("lflow-list", "--script", Script);
        Assert.Equal(0, offline.ExitCode);
        var online = await n.OkAsync("lflow-list");
        Assert.Equal(offline.Stdout, online.Stdout);
        Assert.Equal(CliRunner.Run("lflow-list", "--script", Script, "--uuid", "sw1").Stdout, (await n.OkAsync("lflow-list", "--uuid", "sw1")).Stdout);
        var unknown = await n.RunAsync("lflow-list", "sw9");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no datapath named 'sw9'", unknown.Stderr);
    }

    [Fact]
    public async Task Online_trace_equals_offline()
    {
        await using var n = await TwoTierAsync();
        var offline = CliRunner.Run("trace", "--script", Script, "sw0", WebToDb);
        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(offline.Stdout, (await n.OkAsync("trace", "sw0", WebToDb)).Stdout);
        Assert.Equal(CliRunner.Run("trace", "--script", Script, "--minimal", "sw0", WebToDb).Stdout, (await n.OkAsync("trace", "--minimal", "sw0", WebToDb)).Stdout);
    }

    [Fact]
    public async Task Online_flows_for_a_chassis_equal_offline_with_the_same_bindings()
    {
        await using var n = await TwoTierAsync(chassis: true);
        var offline = CliRunner.Run("flows", "--script", Script, "--bindings", Bindings, "--chassis", "hv2", "--annotate");
        Assert.Equal(0, offline.ExitCode);
        // Northd does not know OpenFlow port numbers; give hv2's as the bindings file does.
        var online = await n.OkAsync("flows", "--chassis", "hv2", "--annotate", "--ofport", "sw0-port2=1", "--ofport", "sw1-port1=2");
        Assert.Equal(offline.Stdout, online.Stdout);
        Assert.Contains("table=phy_to_log", online.Stdout);

        var noPorts = await n.OkAsync("flows", "--chassis", "hv2");
        Assert.Contains("sw0-port2, sw1-port1 are left out (give --ofport PORT=N", noPorts.Stderr);
        var unknown = await n.RunAsync("flows", "--chassis", "hv9");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no chassis named 'hv9' (northd knows: hv1, hv2, hv3)", unknown.Stderr);
    }

    [Fact]
    public async Task Online_explain_goes_from_a_port_to_logical_flows_and_each_hosts_openflow()
    {
        await using var n = await TwoTierAsync(chassis: true);
        var r = await n.OkAsync("explain", "sw1-port1");
        Assert.StartsWith("Logical_Switch_Port sw1-port1\n", r.Stdout);
        Assert.Contains("table=0 (ls_in_check_port_sec), priority=90", r.Stdout);
        Assert.Contains("    hv3: no OpenFlow", r.Stdout);
        var offline = CliRunner.Run("explain", "--script", Script, "sw1-port1");
        Assert.Equal(offline.Stdout.Split('\n')[0], r.Stdout.Split('\n')[0]);
    }

    [Fact]
    public async Task Db_cannot_be_combined_with_an_offline_topology()
    {
        var r = await TestNorthd.RunWithAsync("lflow-list", "--script", Script, "--db", "http://127.0.0.1:1");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("cannot be combined with --script or -f", r.Stderr);
    }
}
