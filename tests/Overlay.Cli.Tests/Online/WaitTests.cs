namespace Overlay.Cli.Tests.Online;

public class WaitTests
{
    [Fact]
    public async Task Wait_sb_returns_once_compiled()
    {
        await using var n = await TestNorthd.StartAsync();
        var r = await n.OkAsync("--wait=sb", "ls-add", "sw0");
        Assert.Equal("", r.Stderr);
        Assert.Equal(0, (await n.RunAsync("--wait=sb", "sync")).ExitCode);
    }

    [Fact]
    public async Task Wait_hv_with_no_chassis_returns_at_once()
    {
        await using var n = await TestNorthd.StartAsync();
        Assert.Equal("", (await n.OkAsync("--wait=hv", "--timeout", "10", "ls-add", "sw0")).Stderr);
    }

    [Fact]
    public async Task Wait_hv_shows_lagging_chassis_and_times_out_naming_them()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.ChassisAsync("hv1", "192.168.100.1");
        await n.ChassisAsync("hv2", "192.168.100.2");
        await n.InstalledAsync("hv1", n.Server.Revision);
        var r = await n.RunAsync("--wait=hv", "--timeout", "2.5", "ls-add", "sw0");
        Assert.Equal(1, r.ExitCode);
        // Not a terminal: plain progress lines, then the verdict naming who lags; the change is committed anyway.
        Assert.Contains("overlay: waiting for revision 3: 2 of 2 chassis behind: hv1 (at 2, disconnected), hv2 (at 0, disconnected)", r.Stderr);
        Assert.Contains("overlay: timed out after 2.5 s waiting for revision 3 on every chassis; still behind: hv1 (at 2, disconnected), hv2 (at 0, disconnected) (the change is committed)", r.Stderr);
        Assert.DoesNotContain("\r", r.Stderr);
        Assert.Equal(3, n.Server.Revision);
    }

    [Fact]
    public async Task Wait_hv_completes_when_every_chassis_reports_the_revision()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.ChassisAsync("hv1", "192.168.100.1");
        var run = n.RunAsync("--wait=hv", "--timeout", "30", "ls-add", "sw0");
        // The agent side: report revision 2 installed once it is committed.
        while (n.Server.Revision < 2 && !run.IsCompleted) await Task.Delay(20);
        await n.InstalledAsync("hv1", 2);
        var r = await run;
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("timed out", r.Stderr);
    }

    [Fact]
    public async Task Wait_hv_keeps_waiting_when_northd_is_slow_to_say_who_lags()
    {
        // Northd answers: the first two hv waits and the first status question only when their deadline has passed;
        // then hv1 is behind; then every chassis has the revision.
        int hvWaits = 0, statusQuestions = 0;
        async Task<Overlay.Contracts.Nb.WaitReply> Wait(Overlay.Contracts.Nb.WaitRequest r, CancellationToken ct)
        {
            bool late = r.Wait == Overlay.Contracts.Nb.WaitFor.WaitHv ? Interlocked.Increment(ref hvWaits) <= 2 : Interlocked.Increment(ref statusQuestions) == 1;
            if (late) await Task.Delay(Timeout.Infinite, ct);
            var reply = new Overlay.Contracts.Nb.WaitReply { Revision = r.Revision };
            reply.Chassis.Add(new Overlay.Contracts.Sb.ChassisStatus { Name = "hv1", InstalledRevision = r.Wait == Overlay.Contracts.Nb.WaitFor.WaitHv ? r.Revision : 0 });
            return reply;
        }
        await using var fake = await FakeNorthbound.StartAsync(new Overlay.Contracts.Nb.Database(),
            _ => new Overlay.Contracts.Nb.TransactReply { Revision = 1, Changed = true }, Wait);
        var r = await TestNorthd.RunWithAsync("--db", fake.Address.ToString(), "--wait=hv", "--timeout", "30", "ls-add", "sw0");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("overlay: waiting for revision 1: 1 of 1 chassis behind: hv1 (at 0, disconnected)", r.Stderr);
        Assert.Equal(3, hvWaits);
    }

    [Fact]
    public async Task Wait_on_a_terminal_rewrites_one_line_and_clears_it()
    {
        await using var n = await TestNorthd.StartAsync();
        await n.ChassisAsync("hv1", "192.168.100.1");
        var buffer = new StringWriter();
        var stderr = TextWriter.Synchronized(buffer); // the CLI writes while the test reads
        string Text() { lock (stderr) return buffer.ToString(); }
        var env = new Overlay.Cli.Online.CliEnvironment(_ => null, ErrorIsTerminal: true, TimeProvider.System);
        var run = CliApp.RunAsync(["--db", n.Db, "--wait=hv", "--timeout", "30", "ls-add", "sw0"], new StringWriter(), stderr, env);
        // Report only after the CLI has shown the lagging chassis at least once.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Text().Contains("behind: hv1", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(50);
        await n.InstalledAsync("hv1", 2);
        Assert.Equal(0, await run);
        var text = Text();
        Assert.StartsWith("\rwaiting for revision 2: 1 of 1 chassis behind: hv1 (at 0, disconnected)", text);
        Assert.EndsWith("\r", text);
        Assert.DoesNotContain("\n", text);
    }
}
