namespace Overlay.Cli.Tests.Commands;

public class OfflineCommandTests
{
    private const string WebToDb =
        "inport == \"sw0-port1\" && eth.src == 50:54:00:00:00:01 && eth.dst == 00:00:00:00:ff:01 && ip4.src == 10.0.0.3 && ip4.dst == 20.0.0.3 && ip.ttl == 64";

    [Fact]
    public void Compile_prints_every_datapath_and_a_summary()
    {
        var r = CliRunner.Run("compile", "--script", CliRunner.Example("two-tier.nbctl"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Datapath: \"sw0\"", r.Stdout);
        Assert.Contains("Datapath: \"sw1\"", r.Stdout);
        Assert.Contains("Datapath: \"lr0\"", r.Stdout);
        Assert.Matches(@"compiled 3 datapaths, \d+ port bindings, \d+ multicast groups, \d+ logical flows", r.Stderr);
    }

    [Fact]
    public void Script_and_yaml_forms_compile_to_the_same_flows()
    {
        var script = CliRunner.Run("compile", "--script", CliRunner.Example("two-tier.nbctl"));
        var yaml = CliRunner.Run("compile", "-f", CliRunner.Example("two-tier.yaml"));
        Assert.Equal(0, yaml.ExitCode);
        Assert.Equal(script.Stdout, yaml.Stdout);
    }

    [Fact]
    public void Compile_json_lists_flows_with_ids_and_stages()
    {
        var r = CliRunner.Run("compile", "--script", CliRunner.Example("two-tier.nbctl"), "-o", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var flows = doc.RootElement.GetProperty("logical_flows");
        Assert.True(flows.GetArrayLength() > 50);
        Assert.Contains(flows.EnumerateArray(), f => f.GetProperty("stage").GetString() == "ls_in_l2_lkup");
        Assert.All(flows.EnumerateArray(), f => Assert.Equal(16, f.GetProperty("id").GetString()!.Length));
    }

    [Fact]
    public void Lflow_list_filters_one_datapath_in_ovn_sbctl_layout()
    {
        var r = CliRunner.Run("lflow-list", "--script", CliRunner.Example("two-tier.nbctl"), "sw1");
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("Datapath: \"sw0\"", r.Stdout);
        Assert.Matches(@"^Datapath: ""sw1"" \([0-9a-f-]+\)  Pipeline: ingress\n", r.Stdout);
        Assert.Matches(@"\n  table=0 \(ls_in_check_port_sec\), priority=100  , match=\(eth.src\[40\]\), action=\(drop;\)\n", r.Stdout);
    }

    [Fact]
    public void Lflow_list_with_unknown_datapath_names_the_known_ones()
    {
        var r = CliRunner.Run("lflow-list", "--script", CliRunner.Example("two-tier.nbctl"), "sw9");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no datapath named 'sw9'", r.Stderr);
        Assert.Contains("sw0", r.Stderr);
    }

    [Fact]
    public void Minimal_trace_shows_routed_rewrites_and_the_delivery()
    {
        var r = CliRunner.Run("trace", "--script", CliRunner.Example("two-tier.nbctl"), "--minimal", "sw0", WebToDb);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# ", lines[0]);
        Assert.Contains("ip.ttl--;", lines);
        Assert.Contains("eth.src = 00:00:00:00:ff:02;", lines);
        Assert.Contains("eth.dst = 50:54:00:00:01:01;", lines);
        Assert.Equal("output(\"sw1-port1\");", lines[^1]);
    }

    [Fact]
    public void Detailed_trace_names_stages_and_pipelines()
    {
        var r = CliRunner.Run("trace", "--script", CliRunner.Example("two-tier.nbctl"), "sw0", WebToDb);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("ingress(dp=\"sw0\", inport=\"sw0-port1\")", r.Stdout);
        Assert.Contains("ingress(dp=\"lr0\", inport=\"lr0-sw0\")", r.Stdout);
        Assert.Contains("lr_in_ip_routing", r.Stdout);
        Assert.Contains("egress(dp=\"sw1\", inport=\"sw1-lr0\", outport=\"sw1-port1\")", r.Stdout);
    }

    [Fact]
    public void Spoofed_source_is_dropped_so_minimal_trace_prints_no_output()
    {
        var spoofed = WebToDb.Replace("ip4.src == 10.0.0.3", "ip4.src == 10.0.0.99");
        var r = CliRunner.Run("trace", "--script", CliRunner.Example("two-tier.nbctl"), "--minimal", "sw0", spoofed);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("output(", r.Stdout);
    }

    [Fact]
    public void Bad_microflow_reports_the_column_with_a_caret()
    {
        var r = CliRunner.Run("trace", "--script", CliRunner.Example("two-tier.nbctl"), "sw0", "inport == \"sw0-port1\" && ip4.dst = 1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("column 34", r.Stderr);
        Assert.Contains(new string(' ', 2 + 33) + "^", r.Stderr);
    }

    [Fact]
    public void Bad_script_line_is_reported_with_file_line_and_value_and_nothing_is_printed()
    {
        var path = CliRunner.TempScript("ls-add sw0\nlsp-add sw0 p1\nlsp-set-addresses p1 \"50:54:00:00:00:0z 10.0.0.3\"\n");
        try
        {
            var r = CliRunner.Run("compile", "--script", path);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("", r.Stdout);
            Assert.Contains($"{path}:3", r.Stderr);
            Assert.Contains("50:54:00:00:00:0z", r.Stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Topology_source_is_required_exactly_once()
    {
        Assert.NotEqual(0, CliRunner.Run("compile").ExitCode);
        var both = CliRunner.Run("compile", "--script", "a", "-f", "b");
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("exactly one of --script", both.Stderr);
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var r = CliRunner.Run("compile", "--script", "/nonexistent/topology.nbctl");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cannot read", r.Stderr);
    }

    [Fact]
    public void Help_teaches_the_acl_caveats()
    {
        var r = CliRunner.Run("compile", "--help");
        Assert.Contains("allow-related ACLs compile as allow", r.Stdout);
        Assert.Contains("--script", r.Stdout);
    }
}
