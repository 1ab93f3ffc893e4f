using Overlay.Cli.Tests.Commands;
using System.Net;
using System.Net.Sockets;

namespace Overlay.Cli.Tests.Online;

public class VerbTests
{
    [Fact]
    public async Task Verbs_round_trip_through_northd()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.OkAsync("ls-add", "sw0");
        await n.OkAsync("--may-exist", "ls-add", "sw0");
        await n.OkAsync("lsp-add", "sw0", "p1", "--", "lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.11");
        var show = await n.OkAsync("show");
        Assert.Equal("switch 00000001-0000-0000-0000-000000000000 (sw0)\n    port p1\n        addresses: [\"50:54:00:00:00:01 10.0.0.11\"]\n", show.Stdout);
        Assert.Equal("00000001-0001-0000-0000-000000000000 (p1)\n", (await n.OkAsync("lsp-list", "sw0")).Stdout);

        await n.OkAsync("lsp-del", "p1");
        await n.OkAsync("--if-exists", "lsp-del", "p1");
        await n.OkAsync("ls-del", "sw0");
        Assert.Equal("", (await n.OkAsync("ls-list")).Stdout);
        var again = await n.RunAsync("ls-del", "sw0");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("overlay: ls-del sw0: ls sw0: name: \"sw0\": switch name not found\n", again.Stderr);
    }

    [Fact]
    public async Task Every_del_verb_takes_if_exists_on_an_empty_database()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.OkAsync("--if-exists", "ls-del", "a", "--", "--if-exists", "lsp-del", "b", "--", "--if-exists", "lr-del", "c", "--",
            "--if-exists", "lrp-del", "d", "--", "--if-exists", "pg-del", "e", "--", "--if-exists", "destroy", "Address_Set", "f", "--",
            "--if-exists", "address-set-del", "g");
        await n.OkAsync("lr-add", "lr0", "--", "--if-exists", "lr-route-del", "lr0", "10.0.0.0/24");
        await n.OkAsync("ls-add", "sw0", "--", "acl-add", "sw0", "to-lport", "100", "ip4", "drop", "--", "acl-del", "sw0");
        Assert.Equal("", (await n.OkAsync("acl-list", "sw0")).Stdout);
    }

    [Fact]
    public async Task A_bad_command_in_a_chain_writes_nothing_and_names_the_value()
    {
        await using var n = await TestNorthd.StartAsync();
        var before = n.Server.Revision;
        var r = await n.RunAsync("ls-add", "sw1", "--", "lsp-add", "sw1", "p1", "--", "lsp-set-addresses", "p1", "50:54:00:00:00:0z 10.0.0.3");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("overlay: lsp-set-addresses p1 '50:54:00:00:00:0z 10.0.0.3': ", r.Stderr);
        Assert.All(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("overlay: ", l));
        Assert.Equal(before, n.Server.Revision);
        Assert.Equal("", (await n.OkAsync("ls-list")).Stdout);
    }

    [Fact]
    public async Task Bad_words_are_refused_before_anything_is_sent()
    {
        // Nothing listens on this address: a connection attempt would print "cannot reach".
        var r = await TestNorthd.RunWithAsync("--db", "http://127.0.0.1:1", "lsp-add", "sw0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("lsp-add", r.Stderr);
        Assert.Contains("requires at least 2 argument", r.Stderr);
        Assert.DoesNotContain("cannot reach", r.Stderr);

        var unknownOption = await TestNorthd.RunWithAsync("--db", "http://127.0.0.1:1", "--bogus", "ls-add", "sw0");
        Assert.Equal(1, unknownOption.ExitCode);
        Assert.Contains("--bogus", unknownOption.Stderr);

        var empty = await TestNorthd.RunWithAsync("--db", "http://127.0.0.1:1", "ls-add", "sw0", "--", "--", "ls-add", "sw1");
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("empty command", empty.Stderr);
    }

    [Fact]
    public async Task Unreachable_northd_is_one_line_naming_the_address_and_how_to_start_it()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        foreach (var args in new[] { new[] { "ls-add", "sw0" }, ["show"], ["lflow-list"], ["chassis-list"] })
        {
            var r = await TestNorthd.RunWithAsync(["--db", $"http://127.0.0.1:{port}", .. args]);
            Assert.Equal(1, r.ExitCode);
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith($"overlay: cannot reach overlay-northd at http://127.0.0.1:{port} (", lines[0]);
            Assert.Contains($"overlay-northd --listen 127.0.0.1:{port}", lines[0]);
        }
        var bad = await TestNorthd.RunWithAsync("--db", "ftp://x", "show");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--db: 'ftp://x' is not a northd address", bad.Stderr);
    }

    [Fact]
    public async Task Dry_run_validates_on_northd_and_writes_nothing()
    {
        await using var n = await TestNorthd.StartAsync();
        var r = await n.RunAsync("--dry-run", "ls-add", "sw0", "--", "lsp-add", "sw0", "p1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("ls-add sw0", r.Stdout);
        Assert.Contains("nothing was written", r.Stderr);
        Assert.Equal(0, n.Server.Revision);
        var bad = await n.RunAsync("--dry-run", "lsp-add", "sw9", "p1");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("sw9", bad.Stderr);
    }

    [Fact]
    public async Task Verb_help_teaches_with_examples()
    {
        var r = await TestNorthd.RunWithAsync("lsp-add", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Examples:", r.Stdout);
        Assert.Contains("overlay ls-add sw0 -- lsp-add sw0 p1", r.Stdout);
        Assert.Contains("[--may-exist] lsp-add SWITCH PORT", r.Stdout);
        var viaOption = await TestNorthd.RunWithAsync("--may-exist", "lsp-add", "--help");
        Assert.Equal(r.Stdout, viaOption.Stdout);
        foreach (var verb in Overlay.Northd.Compiler.Nb.NbVerbInfo.All)
            Assert.Contains("Examples:\n    overlay ", (await TestNorthd.RunWithAsync(verb.Name, "--help")).Stdout);
        foreach (var read in new[] { "compile", "show", "ls-list", "lsp-list", "lr-list", "lrp-list", "acl-list", "pg-list", "lr-route-list", "chassis-list", "chassis-del", "apply", "flows", "sync", "lflow-list", "trace", "explain" })
            Assert.Contains("Example", (await TestNorthd.RunWithAsync(read, "--help")).Stdout);
    }
}
