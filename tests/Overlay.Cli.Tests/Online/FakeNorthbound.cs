using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;

namespace Overlay.Cli.Tests.Online;

/// <summary>
/// A Northbound server speaking the real protocol with scripted answers, for what a real northd cannot be made
/// to do on cue (another writer slipping in between apply's read and its write).
/// </summary>
internal sealed class FakeNorthbound : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeNorthbound(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<TransactRequest> Transactions { get; } = new();

    public static async Task<FakeNorthbound> StartAsync(Database database, Func<TransactRequest, TransactReply> transact)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.ListenH2c(new IPEndPoint(IPAddress.Loopback, 0)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeNorthbound? self = null;
        app.MapGrpcUnary<GetDatabaseRequest, Database>(Methods.Northbound.GetDatabase, GetDatabaseRequest.Parser, (_, _) => Task.FromResult(database));
        app.MapGrpcUnary<TransactRequest, TransactReply>(Methods.Northbound.Transact, TransactRequest.Parser, (r, _) =>
        {
            self!.Transactions.Enqueue(r);
            return Task.FromResult(transact(r));
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(cts.Token);
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new FakeNorthbound(app, new Uri(url));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }
}
