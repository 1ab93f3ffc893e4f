using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class ScriptParseTests
{
    private static IReadOnlyList<NbCommand> Commands(string text)
    {
        var (commands, diagnostics) = NbScript.Parse(text, "s.nbctl");
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        return commands;
    }

    private static NbDiagnostic Problem(string text)
    {
        var (_, diagnostics) = NbScript.Parse(text, "s.nbctl");
        return Assert.Single(diagnostics);
    }

    [Fact]
    public void Splits_like_a_shell_with_single_quotes()
    {
        var c = Assert.Single(Commands("ovn-nbctl acl-add pg_web to-lport 1002 'outport == @pg_web && ip4 && tcp.dst == 80' allow-related"));
        Assert.Equal(new AclAdd("pg_web", "to-lport", 1002, "outport == @pg_web && ip4 && tcp.dst == 80", "allow-related") { Source = new("s.nbctl", 1) }, c);
    }

    [Theory]
    [InlineData("lsp-set-addresses p1 \"50:54:00:00:00:01 10.0.0.3\"", "50:54:00:00:00:01 10.0.0.3")]
    [InlineData("lsp-set-addresses p1 '50:54:00:00:00:01 10.0.0.3'", "50:54:00:00:00:01 10.0.0.3")]
    [InlineData("lsp-set-addresses p1 50:54:00:00:00:01\\ 10.0.0.3", "50:54:00:00:00:01 10.0.0.3")]
    [InlineData("lsp-set-addresses p1 \"a \\\"quoted\\\" \\\\ \\$x\"", "a \"quoted\" \\ $x")]
    [InlineData("lsp-set-addresses p1 'it'\\''s'", "it's")]
    [InlineData("lsp-set-addresses p1 \"a\\nb\"", "a\\nb")]
    [InlineData("lsp-set-addresses p1 x\"y z\"'w'", "xy zw")]
    [InlineData("lsp-set-addresses p1 ''", "")]
    public void Quoting(string line, string address)
    {
        var c = Assert.IsType<LspSetAddresses>(Assert.Single(Commands(line)));
        Assert.Equal([address], c.Addresses);
    }

    [Fact]
    public void Comments_blank_lines_program_names_and_line_numbers()
    {
        var commands = Commands("""
            # a comment
            ovn-nbctl ls-add sw0   # trailing comment

            overlay ls-add sw#1
            ls-add 'sw # 2'
            """);
        Assert.Equal(["sw0", "sw#1", "sw # 2"], commands.Cast<LsAdd>().Select(c => c.Switch));
        Assert.Equal([2, 4, 5], commands.Select(c => c.Source!.Line));
        Assert.All(commands, c => Assert.Equal("s.nbctl", c.Source!.File));
    }

    [Fact]
    public void Commands_chained_with_double_dash_and_backslash_continuation_share_the_first_line()
    {
        var commands = Commands("""
            ls-add sw0
            ovn-nbctl lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router \
                      -- lsp-set-addresses sw0-lr0 router -- lsp-set-options sw0-lr0 router-port=lr0-sw0
            ls-add sw1
            """);
        Assert.Equal(["ls-add", "lsp-add", "lsp-set-type", "lsp-set-addresses", "lsp-set-options", "ls-add"], commands.Select(c => c.Verb));
        Assert.Equal([1, 2, 2, 2, 2, 4], commands.Select(c => c.Source!.Line));
        Assert.Equal(new LspSetOptions("sw0-lr0", ValueArray.Create(new KeyValuePair<string, string>("router-port", "lr0-sw0"))) { Source = new("s.nbctl", 2) }, commands[4]);
    }

    [Fact]
    public void Options_apply_to_the_command_they_precede()
    {
        var commands = Commands("--may-exist ls-add a -- ls-add b -- --if-exists ls-del c -- --policy=src-ip --may-exist lr-route-add r 1.0.0.0/8 2.2.2.2 p");
        Assert.Equal(new LsAdd("a", true), commands[0] with { Source = null });
        Assert.Equal(new LsAdd("b", false), commands[1] with { Source = null });
        Assert.Equal(new LsDel("c", true), commands[2] with { Source = null });
        Assert.Equal(new LrRouteAdd("r", "1.0.0.0/8", "2.2.2.2", "p", "src-ip", true), commands[3] with { Source = null });
        var acl = Commands("--type=port-group --name=web --may-exist acl-add pg from-lport 7 ip4 drop")[0];
        Assert.Equal(new AclAdd("pg", "from-lport", 7, "ip4", "drop", AclOwner.PortGroup, "web", true), acl with { Source = null });
    }

    [Fact]
    public void Destroy_of_several_address_sets_gives_one_command_each()
    {
        Assert.Equal([new AddressSetDel("a", true), new AddressSetDel("b", true)],
            Commands("--if-exists destroy Address_Set a b").Select(c => c with { Source = null }));
    }

    [Fact]
    public void Lrp_add_peer_setting()
    {
        var c = Assert.IsType<LrpAdd>(Assert.Single(Commands("lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 fd00::1/64 peer=lr1-lr0")));
        Assert.Equal(("lr0-lr1", "lr1-lr0"), (c.Port, c.Peer));
        Assert.Equal(["20.0.0.1/30", "fd00::1/64"], c.Networks);
    }

    [Fact]
    public void Unknown_options_and_misplaced_options_are_errors()
    {
        var d = Problem("--wait=hv ls-add sw0");
        Assert.Equal(("s.nbctl:1", "--wait=hv"), (d.Location!.ToString(), d.Value));
        Assert.Contains("unrecognized option", d.Message);
        Assert.Contains("'ls-add' command has no '--if-exists' option", Problem("--if-exists ls-add sw0").Message);
        Assert.Contains("takes at most 1 argument", Problem("ls-add --may-exist sw0").Message);
        Assert.Contains("option --policy requires a value", Problem("--policy lr-route-add r 1.0.0.0/8 2.2.2.2").Message);
        Assert.Contains("option --may-exist takes no value", Problem("--may-exist=yes ls-add a").Message);
    }

    [Fact]
    public void Malformed_lines_name_the_bad_token_and_the_usage()
    {
        var d = Problem("ls-add sw0\n\nlsp-add sw0 p1 extra");
        Assert.Equal("s.nbctl:3: lsp-add: \"extra\": 'lsp-add' command takes at most 2 argument(s) (usage: [--may-exist] lsp-add SWITCH PORT)", d.ToString());
        var unknown = Problem("ls-ad sw0");
        Assert.Equal("ls-ad", unknown.Value);
        Assert.Contains("unknown command", unknown.Message);
        Assert.Contains("requires at least 5 argument(s)", Problem("acl-add sw0 to-lport 1 ip4").Message);
        Assert.Contains("expected a command", Problem("ls-add a -- -- ls-add b").Message);
        Assert.Contains("expected a command", Problem("ovn-nbctl").Message);
    }

    [Fact]
    public void Every_malformed_line_is_reported()
    {
        var (commands, diagnostics) = NbScript.Parse("ls-add a b\nls-add ok\nlsp-add x\nfrobnicate", "s.nbctl");
        Assert.Equal(["s.nbctl:1", "s.nbctl:3", "s.nbctl:4"], diagnostics.Select(d => d.Location!.ToString()));
        Assert.Single(commands);
    }

    [Fact]
    public void Unterminated_quotes_are_reported_at_their_line()
    {
        Assert.Equal("s.nbctl:2", Problem("ls-add a\nacl-add sw0 to-lport 1 'ip4 drop\n").Location!.ToString());
        Assert.Contains("unterminated double quote", Problem("ls-add \"a").Message);
    }

    [Fact]
    public void Parse_arguments_takes_an_argv()
    {
        var (commands, diagnostics) = NbScript.ParseArguments(["--may-exist", "ls-add", "sw0", "--", "lsp-add", "sw0", "p 1"]);
        Assert.Empty(diagnostics);
        Assert.Equal([new LsAdd("sw0", true), new LspAdd("sw0", "p 1")], commands);
    }

    [Fact]
    public void Usages_cover_every_verb()
    {
        Assert.Equal(24, NbScript.Usages.Length);
        Assert.Contains("[--may-exist] [--policy=dst-ip|src-ip] lr-route-add ROUTER PREFIX NEXTHOP [PORT]", NbScript.Usages);
    }
}
