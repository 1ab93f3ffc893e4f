using System.Collections.Concurrent;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.TestSupport;

namespace Overlay.Cli.Tests.Online;

/// <summary>
/// A Northbound server speaking the real protocol with scripted answers, for what a real northd cannot be made
/// to do on cue (another writer slipping in between apply's read and its write, a wait that answers late).
/// </summary>
internal sealed class FakeNorthbound : IAsyncDisposable
{
    private LoopbackGrpcServer server = null!;

    private FakeNorthbound() { }

    public Uri Address => server.Address;

    public ConcurrentQueue<TransactRequest> Transactions { get; } = new();

    public static async Task<FakeNorthbound> StartAsync(Database database, Func<TransactRequest, TransactReply> transact,
        Func<WaitRequest, CancellationToken, Task<WaitReply>>? wait = null)
    {
        var self = new FakeNorthbound();
        self.server = await LoopbackGrpcServer.StartAsync(app =>
        {
            if (wait is not null)
                app.MapGrpcUnary<WaitRequest, WaitReply>(Methods.Northbound.Wait, WaitRequest.Parser, (r, context) => wait(r, context.CancellationToken));
            app.MapGrpcUnary<GetDatabaseRequest, Database>(Methods.Northbound.GetDatabase, GetDatabaseRequest.Parser, (_, _) => Task.FromResult(database));
            app.MapGrpcUnary<TransactRequest, TransactReply>(Methods.Northbound.Transact, TransactRequest.Parser, (r, _) =>
            {
                self.Transactions.Enqueue(r);
                return Task.FromResult(transact(r));
            });
        });
        return self;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
