using System.Collections.Immutable;
using System.Threading.Channels;
using Overlay.Agent.State;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.TestSupport;

namespace Overlay.Agent.Tests.Support;

/// <summary>
/// A tiny Southbound server speaking the real gRPC wire (WIRE's endpoint helpers on Kestrel, h2c on 127.0.0.1):
/// each Subscribe becomes a <see cref="Session"/> whose updates the test writes and whose stream the test ends;
/// binding and installed reports are recorded. Restartable on the same port (northd down and back).
/// </summary>
internal sealed class FakeSouthbound : IAsyncDisposable
{
    private LoopbackGrpcServer _server = null!;

    private FakeSouthbound() { }

    public Uri Address => _server.Address;

    public Channel<Session> Sessions { get; } = Channel.CreateUnbounded<Session>();

    public StateCell<ImmutableList<BindingReport>> Bindings { get; } = new([]);

    public StateCell<ImmutableList<InstalledReport>> Installed { get; } = new([]);

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    public static async Task<FakeSouthbound> StartAsync(int port = 0)
    {
        var self = new FakeSouthbound();
        self._server = await LoopbackGrpcServer.StartAsync(app =>
        {
            app.MapGrpcServerStreaming<SubscribeRequest, Update>(Methods.Southbound.Subscribe, SubscribeRequest.Parser, async (request, writer, context) =>
            {
                var session = new Session(request);
                await self.Sessions.Writer.WriteAsync(session, context.CancellationToken);
                try
                {
                    await foreach (Update u in session.Outgoing.Reader.ReadAllAsync(context.CancellationToken))
                        await writer.WriteAsync(u, context.CancellationToken);
                }
                finally
                {
                    session.Gone.TrySetResult();
                }
            });
            app.MapGrpcUnary<BindingReport, ReportReply>(Methods.Southbound.ReportBindings, BindingReport.Parser, (r, _) =>
            {
                self.Bindings.Update(l => l.Add(r));
                return Task.FromResult(new ReportReply());
            });
            app.MapGrpcUnary<InstalledReport, ReportReply>(Methods.Southbound.ReportInstalled, InstalledReport.Parser, (r, _) =>
            {
                self.Installed.Update(l => l.Add(r));
                return Task.FromResult(new ReportReply { Revision = r.Revision });
            });
        }, port).WaitAsync(AgentRunner.Bound);
        return self;
    }

    /// <summary>The next subscription (bounded wait).</summary>
    public async Task<Session> NextSessionAsync()
    {
        using var cts = new CancellationTokenSource(AgentRunner.Bound);
        return await Sessions.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Waits until some report says <paramref name="revision"/> (or later) is installed.</summary>
    public async Task InstalledAsync(long revision)
    {
        using var cts = new CancellationTokenSource(AgentRunner.Bound);
        try
        {
            await Installed.WaitUntilAsync(l => l.Any(r => r.Revision >= revision), cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no report of revision {revision} installed; reports: {string.Join(", ", Installed.Value.Select(r => r.Revision))}");
        }
    }

    public int Port => Address.Port;

    public async ValueTask DisposeAsync() => await _server.DisposeAsync().AsTask().WaitAsync(AgentRunner.Bound);

    /// <summary>One Subscribe call: what the agent asked for, and the stream the test writes.</summary>
    internal sealed class Session(SubscribeRequest request)
    {
        public SubscribeRequest Request { get; } = request;

        public Channel<Update> Outgoing { get; } = Channel.CreateUnbounded<Update>();

        public TaskCompletionSource Gone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Send(Update update) => Outgoing.Writer.TryWrite(update);

        /// <summary>Ends the stream normally (northd closed it).</summary>
        public void End() => Outgoing.Writer.TryComplete();

        /// <summary>Completes when the agent dropped the stream (or it was ended).</summary>
        public Task GoneAsync() => Gone.Task.WaitAsync(AgentRunner.Bound);
    }
}
