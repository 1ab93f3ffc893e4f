using Overlay.Cli.Online;
using Overlay.Contracts.Nb;

namespace Overlay.Cli.Tests.Online;

public class NbctlLineTests
{
    [Fact]
    public void Global_options_come_out_and_verbs_split_at_double_dash()
    {
        Assert.True(NbctlLine.TryParse(["--db", "http://h:1", "--wait=hv", "--timeout", "2.5", "ls-add", "sw0", "--", "--may-exist", "lsp-add", "sw0", "p1"], out var line));
        Assert.Equal("http://h:1", line.Db);
        Assert.Equal(WaitFor.WaitHv, line.Wait);
        Assert.Equal(TimeSpan.FromSeconds(2.5), line.Timeout);
        Assert.Null(line.Error);
        Assert.Equal([["ls-add", "sw0"], ["--may-exist", "lsp-add", "sw0", "p1"]], line.Commands());
    }

    [Fact]
    public void A_verb_option_first_still_makes_a_verb_line()
    {
        Assert.True(NbctlLine.TryParse(["--if-exists", "ls-del", "sw0", "--dry-run"], out var line));
        Assert.True(line.DryRun);
        Assert.Equal([["--if-exists", "ls-del", "sw0"]], line.Commands());
    }

    [Theory]
    [InlineData("show")]
    [InlineData("lflow-list", "sw0")]
    [InlineData("ls-add", "--help")]
    [InlineData("--may-exist", "lsp-add", "-h")]
    [InlineData("apply", "-f", "x.yaml", "--dry-run")]
    public void Other_commands_and_help_go_to_the_parser(params string[] args) =>
        Assert.False(NbctlLine.TryParse(args, out _));

    [Fact]
    public void Bad_global_values_are_reported_naming_the_option()
    {
        Assert.True(NbctlLine.TryParse(["--wait=soon", "ls-add", "sw0"], out var a));
        Assert.Contains("--wait=soon", a.Error);
        Assert.True(NbctlLine.TryParse(["--timeout=-1", "ls-add", "sw0"], out var b));
        Assert.Contains("--timeout -1", b.Error);
    }

    [Fact]
    public void Leading_options_move_after_the_command_name()
    {
        Assert.Equal(["ls-list", "--db", "http://h:1", "-o", "json"], NbctlLine.MoveLeadingOptions(["--db", "http://h:1", "ls-list", "-o", "json"]));
        Assert.Equal(["sync", "--wait=hv"], NbctlLine.MoveLeadingOptions(["--wait=hv", "sync"]));
        Assert.Equal(["show"], NbctlLine.MoveLeadingOptions(["show"]));
        Assert.Equal("lsp-add", NbctlLine.HelpVerb(["--may-exist", "lsp-add", "--help"]));
    }
}
