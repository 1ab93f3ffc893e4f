using Overlay.Cli.Tests.Commands;

namespace Overlay.Cli.Tests.Online;

public class ApplyTests
{
    private static readonly string TwoTierYaml = CliRunner.Example("two-tier.yaml");

    [Fact]
    public async Task Apply_twice_writes_once_and_then_says_no_changes()
    {
        await using var n = await TestNorthd.StartAsync();
        var first = await n.OkAsync("apply", "-f", TwoTierYaml, "--wait=sb", "--timeout", "30");
        Assert.Contains("+ ls sw0\n", first.Stdout);
        Assert.Contains("+ lr lr0\n", first.Stdout);
        Assert.Matches(@"overlay: applied: revision 0 -> 1 \(\d+ added, 0 changed, 0 deleted\)", first.Stderr);
        Assert.Equal(1, n.Server.Revision);

        var second = await n.OkAsync("apply", "-f", TwoTierYaml);
        Assert.Equal("no changes (revision 1)\n", second.Stdout);
        Assert.Equal(1, n.Server.Revision);
    }

    [Fact]
    public async Task Dry_run_prints_the_diff_and_commands_and_writes_nothing()
    {
        await using var n = await TestNorthd.StartAsync();
        var r = await n.OkAsync("apply", "-f", TwoTierYaml, "--dry-run");
        Assert.Contains("+ ls sw0\n", r.Stdout);
        Assert.Contains("\nls-add sw0\n", r.Stdout);
        Assert.Contains("northd accepts these changes; nothing was written", r.Stderr);
        Assert.Equal(0, n.Server.Revision);
        Assert.Equal("", (await n.OkAsync("ls-list")).Stdout);
    }

    [Fact]
    public async Task Apply_changes_in_place_and_keeps_keys_of_surviving_objects()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.OkAsync("apply", "-f", TwoTierYaml);
        var before = (await n.OkAsync("lsp-list", "sw1")).Stdout;
        var routerPorts = (await n.OkAsync("lrp-list", "lr0")).Stdout;
        var yaml = File.ReadAllText(TwoTierYaml);
        // Re-address sw1-port2 and re-MAC lr0-sw0: both changed in place, so every port keeps its key.
        var edited = CliRunner.TempScript(yaml.Replace("50:54:00:00:01:02 20.0.0.4", "50:54:00:00:01:02 20.0.0.5").Replace("00:00:00:00:ff:01", "00:00:00:00:ff:11"), ".yaml");
        try
        {
            var r = await n.OkAsync("apply", "-f", edited);
            Assert.Contains("~ lsp sw1-port2: addresses [\"50:54:00:00:01:02 20.0.0.4\"] -> [\"50:54:00:00:01:02 20.0.0.5\"]", r.Stdout);
            Assert.DoesNotContain("+ ", r.Stdout);
            Assert.Contains("~ lrp lr0-sw0: mac 00:00:00:00:ff:01 -> 00:00:00:00:ff:11", r.Stdout);
            Assert.Equal(before, (await n.OkAsync("lsp-list", "sw1")).Stdout);
            Assert.Equal(routerPorts, (await n.OkAsync("lrp-list", "lr0")).Stdout);
            Assert.Contains("mac: \"00:00:00:00:ff:11\"", (await n.OkAsync("show", "lr0")).Stdout);
            Assert.Equal("no changes (revision 2)\n", (await n.OkAsync("apply", "-f", edited)).Stdout);
        }
        finally { File.Delete(edited); }
    }

    [Fact]
    public async Task A_write_that_loses_the_race_is_refused_with_a_retry_hint_and_sent_with_the_read_revision()
    {
        await using var fake = await FakeNorthbound.StartAsync(new Overlay.Contracts.Nb.Database { Revision = 5 }, _ =>
            throw new Overlay.Contracts.Wire.RpcException(Overlay.Contracts.Wire.StatusCode.FailedPrecondition,
                "expected revision 5, but the database is at revision 6; read it again and retry"));
        var r = await TestNorthd.RunWithAsync("--db", fake.Address.ToString(), "apply", "-f", TwoTierYaml);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("overlay: apply: the database changed after it was read (was revision 5: expected revision 5, but the database is at revision 6", r.Stderr);
        Assert.Contains("nothing was written. Run the same apply again", r.Stderr);
        var sent = Assert.Single(fake.Transactions);
        Assert.Equal(5, sent.ExpectedRevision);
        Assert.False(sent.DryRun);
    }

    [Fact]
    public async Task A_refused_apply_names_the_command_each_problem_comes_from()
    {
        await using var fake = await FakeNorthbound.StartAsync(new Overlay.Contracts.Nb.Database(), _ =>
            throw new Overlay.Contracts.Wire.RpcException(Overlay.Contracts.Wire.StatusCode.InvalidArgument,
                "command:1: ls sw0: name: \"sw0\": first problem\ncommand:99: second problem"));
        var r = await TestNorthd.RunWithAsync("--db", fake.Address.ToString(), "apply", "-f", TwoTierYaml);
        Assert.Equal(1, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("overlay: ls-add sw0: ls sw0: name: \"sw0\": first problem", lines);
        Assert.Contains("overlay: command:99: second problem", lines);
    }

    [Fact]
    public async Task A_bad_file_names_file_and_line_and_nothing_is_sent()
    {
        var path = CliRunner.TempScript("switches:\n  - name: sw0\n    ports:\n      - name: p1\n        addresses: [\"50:54:00:00:00:0z 10.0.0.3\"]\n", ".yaml");
        try
        {
            var r = await TestNorthd.RunWithAsync("--db", "http://127.0.0.1:1", "apply", "-f", path);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains($"{path}:5", r.Stderr);
            Assert.Contains("50:54:00:00:00:0z", r.Stderr);
            Assert.DoesNotContain("cannot reach", r.Stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Apply_of_an_empty_file_deletes_everything()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.OkAsync("apply", "-f", TwoTierYaml);
        var empty = CliRunner.TempScript("{}\n", ".yaml");
        try
        {
            var r = await n.OkAsync("apply", "-f", empty);
            Assert.Contains("- ls sw0: ", r.Stdout);
            Assert.Equal("", (await n.OkAsync("show")).Stdout);
        }
        finally { File.Delete(empty); }
    }
}
