namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>The real-OVN fixture itself: it starts, traces, rejects bad input loudly, and leaves nothing behind.</summary>
public sealed class RealOvnTests
{
    [Fact]
    public void Loads_a_script_traces_and_cleans_up_after_itself()
    {
        var ovn = new RealOvn();
        var dir = ovn.Dir;
        var pids = new[] { "nb", "sb", "northd" }.Select(d => int.Parse(File.ReadAllText(Path.Combine(dir, d + ".pid")).Trim())).ToList();
        try
        {
            ovn.Load("""
                ls-add sw0
                lsp-add sw0 p1 -- lsp-set-addresses p1 "50:54:00:00:00:01 10.0.0.1"
                lsp-add sw0 p2 -- lsp-set-addresses p2 "50:54:00:00:00:02 10.0.0.2"
                """);
            var text = ovn.Trace("sw0", Flow.Ip4("p1", "50:54:00:00:00:01", "50:54:00:00:00:02", "10.0.0.1", "10.0.0.2"));
            Assert.StartsWith("# ip,", text);
            Assert.Equal("p2: (unchanged)", MinimalTrace.Parse(text).Render());

            // ovn-trace reports these on stdout with exit code 0; the fixture must not mistake them for a drop.
            var ambiguous = Assert.Throws<InvalidOperationException>(() => ovn.Trace("sw0", "inport == \"p1\" && tcp.dst == 22"));
            Assert.Contains("ambiguous", ambiguous.Message);
            var unknown = Assert.Throws<InvalidOperationException>(() => ovn.Trace("nosuch", "inport == \"p1\""));
            Assert.Contains("unknown datapath", unknown.Message);

            var bad = Assert.Throws<InvalidOperationException>(() => ovn.Load("lsp-add nosuch p9"));
            Assert.Contains("nosuch", bad.Message);
        }
        finally
        {
            ovn.Dispose();
        }

        Assert.False(Directory.Exists(dir));
        foreach (var pid in pids) Assert.False(RealOvn.IsAlive(pid), $"daemon {pid} still running after Dispose");
    }

    [Fact]
    public void Nbctl_script_splits_like_a_shell()
    {
        var lines = NbctlScript.Lines("""
            # comment
            ls-add sw0   # trailing comment
            lsp-set-addresses p1 "50:54:00:00:00:01 10.0.0.1" unknown
            acl-add pg from-lport 1002 'ip4.src == $as_blocked' drop
            ovn-nbctl create Address_Set name=as_blocked addresses='"10.0.0.3"'
            lsp-add sw0 p2 \
               -- lsp-set-type p2 router
            """);
        Assert.Equal(5, lines.Length);
        Assert.Equal<string>(["ls-add", "sw0"], lines[0]);
        Assert.Equal<string>(["lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.1", "unknown"], lines[1]);
        Assert.Equal<string>(["acl-add", "pg", "from-lport", "1002", "ip4.src == $as_blocked", "drop"], lines[2]);
        Assert.Equal<string>(["create", "Address_Set", "name=as_blocked", "addresses=\"10.0.0.3\""], lines[3]);
        Assert.Equal<string>(["lsp-add", "sw0", "p2", "--", "lsp-set-type", "p2", "router"], lines[4]);
        Assert.Equal<string>(["ls-add", "sw0", "--", "lsp-set-type", "p2", "router"], NbctlScript.ChainedArguments("ls-add sw0\n# x\n\nlsp-set-type p2 router"));
    }
}
