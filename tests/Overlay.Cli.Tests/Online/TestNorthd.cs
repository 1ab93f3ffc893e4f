using Microsoft.Extensions.Logging;
using Overlay.Cli.Online;
using Overlay.Cli.Tests.Commands;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd;

namespace Overlay.Cli.Tests.Online;

/// <summary>An in-process overlay-northd on a free loopback port with its own data directory, and the CLI pointed at it.</summary>
internal sealed class TestNorthd : IAsyncDisposable
{
    private readonly string dataDir;
    private readonly GrpcChannel channel;

    private TestNorthd(NorthdServer server, string dataDir)
    {
        Server = server;
        this.dataDir = dataDir;
        channel = new GrpcChannel(server.Address);
        Southbound = new SouthboundClient(channel);
    }

    public NorthdServer Server { get; }

    public string Db => Server.Address.ToString();

    /// <summary>Plays an agent: chassis registration, binding reports, installed revisions.</summary>
    public SouthboundClient Southbound { get; }

    public static async Task<TestNorthd> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"overlay-cli-northd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var server = await NorthdServer.StartAsync(new NorthdOptions { Listen = "127.0.0.1:0", DataDir = dir, LogLevel = LogLevel.Warning });
        return new TestNorthd(server, dir);
    }

    /// <summary>Runs "overlay ARGS --db THIS" (the --db goes first so verb lines keep their shape).</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunWithAsync(["--db", Db, .. args]);

    public static async Task<CliRun> RunWithAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int rc = await CliApp.RunAsync(args, stdout, stderr, new CliEnvironment(_ => null, ErrorIsTerminal: false, TimeProvider.System), timeout.Token);
        return new CliRun(rc, stdout.ToString(), stderr.ToString());
    }

    public async Task<CliRun> OkAsync(params string[] args)
    {
        var r = await RunAsync(args);
        Assert.True(r.ExitCode == 0, $"overlay {string.Join(" ", args)} failed ({r.ExitCode}):\n{r.Stderr}");
        return r;
    }

    public Task ChassisAsync(string name, string ip, params string[] ports) =>
        Southbound.ReportBindingsAsync(new BindingReport { Chassis = name, EncapIp = ip, IfaceIds = { ports } }, TimeSpan.FromSeconds(10));

    public Task InstalledAsync(string name, long revision) =>
        Southbound.ReportInstalledAsync(new InstalledReport { Chassis = name, Revision = revision }, TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(dataDir, recursive: true); }
        catch (IOException) { }
    }
}
