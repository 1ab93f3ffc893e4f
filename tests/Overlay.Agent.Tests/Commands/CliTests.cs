using System.CommandLine;

namespace Overlay.Agent.Tests.Commands;

public sealed class CliTests
{
    [Fact]
    public async Task BadSettingsStopTheDaemonBeforeItStartsWithEveryProblemListed()
    {
        var error = new StringWriter();

        int exit = await AgentCli.Build().Parse(["--openflow", "nonsense", "--ovsdb", "none", "--chassis", "hv1"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("--openflow 'nonsense'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--chassis and --encap-ip go together", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NorthdAndAViewFileAreAlternatives()
    {
        var error = new StringWriter();

        int exit = await AgentCli.Build().Parse(["--northd", "http://127.0.0.1:6641", "--view", "/tmp/view.json", "--ovsdb", "none"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("--northd and --view are alternatives", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheHelpTeachesBothViewSources()
    {
        var output = new StringWriter();

        AgentCli.Build().Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null });

        Assert.Contains("--northd <URL>", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:6641", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--view <FILE>", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDaemonAndItsToolsAreDeclaredOnce()
    {
        RootCommand root = AgentCli.Build();

        Assert.Equal(["flows", "bench"], root.Subcommands.Select(c => c.Name));
        Assert.Contains(root.Options, o => o.Name == "--view");
        Assert.Contains(root.Subcommands[0].Options, o => o.Name == "--annotate");
    }
}
