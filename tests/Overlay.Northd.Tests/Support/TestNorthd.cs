using Microsoft.Extensions.Logging;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;

namespace Overlay.Northd.Tests.Support;

/// <summary>An in-process northd on 127.0.0.1:0 with its own temporary data directory, plus clients.</summary>
public sealed class TestNorthd : IAsyncDisposable
{
    private readonly bool ownsDir;
    private readonly Action<NorthdOptions>? configure;
    private GrpcChannel channel;

    private TestNorthd(NorthdServer server, string dataDir, bool ownsDir, Action<NorthdOptions>? configure)
    {
        Server = server;
        DataDir = dataDir;
        this.ownsDir = ownsDir;
        this.configure = configure;
        channel = new GrpcChannel(server.Address);
        Nb = new NorthboundClient(channel);
        Sb = new SouthboundClient(channel);
    }

    public NorthdServer Server { get; private set; }

    public string DataDir { get; }

    public NorthboundClient Nb { get; private set; }

    public SouthboundClient Sb { get; private set; }

    public Uri Address => Server.Address;

    public static async Task<TestNorthd> StartAsync(Action<NorthdOptions>? configure = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "overlay-northd-test-" + Guid.NewGuid().ToString("n")[..12]);
        return new TestNorthd(await NorthdServer.StartAsync(Options(dir, configure)), dir, ownsDir: true, configure);
    }

    public static NorthdOptions Options(string dir, Action<NorthdOptions>? configure)
    {
        var o = new NorthdOptions { Listen = "127.0.0.1:0", DataDir = dir, LogLevel = LogLevel.Warning };
        configure?.Invoke(o);
        return o;
    }

    /// <summary>Stops the server and starts a new one on the same data directory (a new port).</summary>
    public async Task RestartAsync()
    {
        await Server.StopAsync();
        channel.Dispose();
        Server = await NorthdServer.StartAsync(Options(DataDir, configure));
        channel = new GrpcChannel(Server.Address);
        Nb = new NorthboundClient(channel);
        Sb = new SouthboundClient(channel);
    }

    /// <summary>A separate connection (as another host would have).</summary>
    public GrpcChannel NewChannel() => new(Server.Address);

    public Task<TransactReply> TransactAsync(params string[][] commands) => TransactAsync(0, commands);

    public Task<TransactReply> TransactAsync(long expectedRevision, params string[][] commands)
    {
        var request = new TransactRequest { ExpectedRevision = expectedRevision };
        foreach (var c in commands) request.Commands.Add(Cmd(c));
        return Nb.TransactAsync(request, TimeSpan.FromSeconds(30));
    }

    /// <summary>Splits each line on spaces into one command's words.</summary>
    public Task<TransactReply> RunAsync(params string[] lines) =>
        TransactAsync(lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray());

    public static Command Cmd(params string[] words)
    {
        var c = new Command();
        c.Args.AddRange(words);
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        channel.Dispose();
        if (ownsDir && Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
    }
}
