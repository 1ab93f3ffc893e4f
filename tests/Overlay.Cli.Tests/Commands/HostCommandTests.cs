namespace Overlay.Cli.Tests.Commands;

public class HostCommandTests
{
    private static readonly string Script = CliRunner.Example("two-tier.nbctl");
    private static readonly string Bindings = CliRunner.Example("two-tier.bindings");

    [Fact]
    public void Chassis_output_is_that_hosts_openflow_with_table_names()
    {
        var r = CliRunner.Run("compile", "--script", Script, "--chassis", "hv1", "--bindings", Bindings);
        Assert.Equal(0, r.ExitCode);
        // sw0-port1 is local to hv1 on OpenFlow port 1: classified into datapath 1 with inport key 1.
        Assert.Contains("table=phy_to_log, priority=100,in_port=1 actions=set_field:0x1->metadata,set_field:0x1->reg14", r.Stdout);
        Assert.Contains("table=ls_in_l2_lkup", r.Stdout);
        Assert.Matches(@"hv1: \d+ OpenFlow flows from \d+ logical flows, 2 tunnel ports", r.Stderr);
    }

    [Fact]
    public void Hosts_get_different_flows_for_their_own_ports()
    {
        var hv1 = CliRunner.Run("compile", "--script", Script, "--chassis", "hv1", "--bindings", Bindings).Stdout;
        var hv3 = CliRunner.Run("compile", "--script", Script, "--chassis", "hv3", "--bindings", Bindings).Stdout;
        Assert.NotEqual(hv1, hv3);
        // Port security of sw0-port1 (on hv1) is never installed on hv3.
        Assert.Contains("dl_src=50:54:00:00:00:01,nw_src=10.0.0.3", hv1);
        Assert.DoesNotContain("dl_src=50:54:00:00:00:01,nw_src=10.0.0.3", hv3);
    }

    [Fact]
    public void Annotate_puts_the_logical_flow_under_each_openflow_flow()
    {
        var r = CliRunner.Run("compile", "--script", Script, "--chassis", "hv2", "--bindings", Bindings, "--annotate");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("    # lflow ", r.Stdout);
        Assert.Contains("(ls_in_check_port_sec, priority 90, match=(inport == \"sw1-port1\"", r.Stdout);
    }

    [Fact]
    public void Chassis_without_bindings_is_a_usage_error()
    {
        var r = CliRunner.Run("compile", "--script", Script, "--chassis", "hv1");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--chassis needs --bindings", r.Stderr);
    }

    [Fact]
    public void Unknown_chassis_names_the_known_ones()
    {
        var r = CliRunner.Run("compile", "--script", Script, "--chassis", "hv9", "--bindings", Bindings);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no chassis named 'hv9'", r.Stderr);
        Assert.Contains("hv1, hv2, hv3", r.Stderr);
    }

    [Fact]
    public void Bad_bindings_lines_name_file_and_line()
    {
        var path = CliRunner.TempScript("chassis hv1 192.168.100.1\nsw0-port1 hv1 zero\nsw0-port2 hv7 1\n", ".bindings");
        try
        {
            var r = CliRunner.Run("compile", "--script", Script, "--chassis", "hv1", "--bindings", path);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains($"{path}:2", r.Stderr);
            Assert.Contains("zero", r.Stderr);
            Assert.Contains($"{path}:3: bindings: chassis: \"hv7\": port sw0-port2 is bound to an undeclared chassis", r.Stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Bindings_the_topology_cannot_take_are_all_named_with_their_lines()
    {
        // Line 3: a port of the host shown without an OpenFlow port; lines 4 and 6: ports the topology does not have.
        var path = CliRunner.TempScript(
            "chassis hv1 192.168.100.1\nchassis hv2 192.168.100.2\nsw0-port1 hv1\nnosuch hv2\nsw0-port2 hv1 2\nghost hv1 3\n", ".bindings");
        try
        {
            var r = CliRunner.Run("compile", "--script", Script, "--chassis", "hv1", "--bindings", path);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("", r.Stdout);
            Assert.Contains($"{path}:3: bindings: binding: \"sw0-port1\": bound to hv1, the host shown, but has no OpenFlow port number", r.Stderr);
            Assert.Contains($"{path}:4: bindings: binding: \"nosuch\": no logical port of that name in the topology", r.Stderr);
            Assert.Contains($"{path}:6: bindings: binding: \"ghost\": no logical port of that name in the topology", r.Stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Explain_goes_from_a_port_to_its_logical_flows_and_each_hosts_openflow()
    {
        var r = CliRunner.Run("explain", "--script", Script, "--bindings", Bindings, "sw1-port1");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("Logical_Switch_Port sw1-port1\n", r.Stdout);
        Assert.Contains("table=0 (ls_in_check_port_sec), priority=90", r.Stdout);
        Assert.Contains("    hv2: 1 OpenFlow flow(s)", r.Stdout);
        Assert.Contains("    hv3: no OpenFlow", r.Stdout);
    }

    [Fact]
    public void Explain_accepts_a_cookie_and_finds_its_logical_flow()
    {
        var json = CliRunner.Run("compile", "--script", Script, "--chassis", "hv1", "--bindings", Bindings, "-o", "json").Stdout;
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var flow = doc.RootElement.GetProperty("flows").EnumerateArray()
            .First(f => f.GetProperty("origins").EnumerateArray().Any(o => o.GetString()!.StartsWith("lflow ")));
        var cookie = flow.GetProperty("cookie").GetString()!;
        var r = CliRunner.Run("explain", "--script", Script, "--bindings", Bindings, cookie);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(flow.GetProperty("actions").GetString()!, r.Stdout);
    }

    [Theory]
    [InlineData("sw1-port1")]
    [InlineData("sw0")]
    [InlineData("lr0")]
    [InlineData("pg_web")]
    public void Explain_shows_exactly_the_openflow_each_host_installs_for_the_logical_flows(string target) => AssertExplainShowsHostFlows(Script, target);

    [Fact]
    public void Explain_of_a_switch_shows_its_acls_conjunctive_flows_as_the_hosts_install_them()
    {
        // 3 × 3 alternatives: past the threshold of 8, so a conjunctive match whose ids are given per datapath and table.
        var path = CliRunner.TempScript(File.ReadAllText(Script) +
            "\novn-nbctl acl-add sw1 from-lport 900 'ip4.src == {10.0.0.1, 10.0.0.2, 10.0.0.3} && tcp.dst == {80, 443, 8080}' drop\n");
        try
        {
            var hv3 = CliRunner.Run("compile", "--script", path, "--chassis", "hv3", "--bindings", Bindings).Stdout;
            Assert.Contains("conjunction(", hv3);
            // The switch's ACLs come with it.
            var r = CliRunner.Run("explain", "--script", path, "--bindings", Bindings, "sw1");
            Assert.StartsWith("Logical_Switch sw1, ACL from-lport 900 (Logical_Switch sw1)\n", r.Stdout);
            Assert.Contains("actions=conjunction(", r.Stdout);
            AssertExplainShowsHostFlows(path, "sw1");
        }
        finally { File.Delete(path); }
    }

    private static void AssertExplainShowsHostFlows(string script, string target)
    {
        var r = CliRunner.Run("explain", "--script", script, "--bindings", Bindings, target);
        Assert.Equal(0, r.ExitCode);
        var cookies = System.Text.RegularExpressions.Regex.Matches(r.Stdout, @"uuid=(0x[0-9a-f]+)").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(cookies);
        // Each host's OpenFlow lines as explain shows them.
        var shown = new Dictionary<string, HashSet<string>>();
        string? host = null;
        foreach (var line in r.Stdout.Split('\n'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^    (hv\d): ");
            if (m.Success) shown.TryAdd(host = m.Groups[1].Value, []);
            else if (line.StartsWith("      cookie=", StringComparison.Ordinal)) shown[host!].Add(line.Trim());
        }
        Assert.Equal(["hv1", "hv2", "hv3"], shown.Keys.Order());
        foreach (var (hv, lines) in shown)
        {
            var installed = CliRunner.Run("compile", "--script", script, "--chassis", hv, "--bindings", Bindings).Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToHashSet();
            // Nothing explain shows is missing from the host's flows, and every host flow with one of the cookies is shown.
            Assert.DoesNotContain(lines, l => !installed.Contains(l));
            var expected = installed.Where(l => cookies.Any(c => l.StartsWith($"cookie={c},", StringComparison.Ordinal))).ToList();
            Assert.DoesNotContain(expected, l => !lines.Contains(l));
        }
        Assert.Contains(shown.Values, l => l.Count > 0);
    }

    [Fact]
    public void Explain_accepts_a_physical_table_cookie_and_shows_each_hosts_flows_with_it()
    {
        var json = CliRunner.Run("compile", "--script", Script, "--chassis", "hv1", "--bindings", Bindings, "-o", "json").Stdout;
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var cookie = doc.RootElement.GetProperty("flows").EnumerateArray()
            .First(f => f.GetProperty("origins").EnumerateArray().Any(o => o.GetString()!.StartsWith("port binding sw0-port1 ")))
            .GetProperty("cookie").GetString()!;
        var r = CliRunner.Run("explain", "--script", Script, "--bindings", Bindings, cookie);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith($"cookie {cookie}: port binding sw0-port1 (datapath ", r.Stdout);
        // On its own host the port is classified and delivered; the other hosts send to it through their tunnel.
        Assert.Contains("    hv1: 5 OpenFlow flow(s)", r.Stdout);
        Assert.Contains($"cookie={cookie}, table=phy_to_log, priority=100,in_port=1 ", r.Stdout);
        Assert.Contains("    hv2: 1 OpenFlow flow(s)", r.Stdout);
        Assert.Contains($"cookie={cookie}, table=remote_output,", r.Stdout);

        var offline = CliRunner.Run("explain", "--script", Script, cookie);
        Assert.Equal(1, offline.ExitCode);
        Assert.Contains("give the hosts (--bindings FILE)", offline.Stderr);
    }

    [Fact]
    public void Explain_of_an_unknown_name_is_an_error()
    {
        var r = CliRunner.Run("explain", "--script", Script, "no-such-port");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'no-such-port' names no NB object", r.Stderr);
    }
}
