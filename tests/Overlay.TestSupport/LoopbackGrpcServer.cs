using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Overlay.TestSupport;

/// <summary>
/// An in-process Kestrel server speaking HTTP/2 without TLS on 127.0.0.1 (a free port, or the one given so a test
/// can bring a "northd" back on the same address), with whatever gRPC endpoints the test maps: fake northd
/// services and the wire protocol's own tests.
/// </summary>
public sealed class LoopbackGrpcServer : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);
    private readonly WebApplication app;
    private bool stopped;

    private LoopbackGrpcServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri Address { get; }

    public static async Task<LoopbackGrpcServer> StartAsync(
        Action<WebApplication> map, int port = 0, ILoggerProvider? logs = null, LogLevel minimumLevel = LogLevel.Information)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(minimumLevel);
        }

        WebApplication app = builder.Build();
        map(app);
        using var cts = new CancellationTokenSource(StartBound);
        await app.StartAsync(cts.Token);
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackGrpcServer(app, new Uri(url));
    }

    public ValueTask DisposeAsync() => StopAsync(TimeSpan.FromSeconds(10));

    /// <summary>Stops the server; calls still open when <paramref name="grace"/> runs out are aborted.</summary>
    public async ValueTask StopAsync(TimeSpan grace)
    {
        if (stopped)
            return;
        stopped = true;
        using var cts = new CancellationTokenSource(grace);
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }
}
