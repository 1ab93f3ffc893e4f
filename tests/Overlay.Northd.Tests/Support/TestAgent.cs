using System.Threading.Channels;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;

namespace Overlay.Northd.Tests.Support;

/// <summary>A simulated agent: its own connection, a subscription read in the background into an <see cref="AgentModel"/>.</summary>
public sealed class TestAgent : IAsyncDisposable
{
    private readonly GrpcChannel channel;
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<Update> received = Channel.CreateUnbounded<Update>();
    private readonly object gate = new();
    private readonly List<Update> log = [];
    private Task? reader;

    public TestAgent(Uri address, string chassis, string encapIp, params string[] ifaceIds)
    {
        channel = new GrpcChannel(address);
        Client = new SouthboundClient(channel);
        Name = chassis;
        EncapIp = encapIp;
        IfaceIds = ifaceIds;
    }

    public string Name { get; }

    public string EncapIp { get; }

    public string[] IfaceIds { get; }

    public SouthboundClient Client { get; }

    public AgentModel Model { get; } = new();

    public Exception? Failure { get; private set; }

    public IReadOnlyList<Update> Log
    {
        get { lock (gate) return [.. log]; }
    }

    /// <summary>Subscribes (holding <paramref name="lastRevision"/>) and waits for the first update.</summary>
    public async Task<Update> StartAsync(long lastRevision = 0)
    {
        var request = new SubscribeRequest { Chassis = Name, EncapIp = EncapIp, LastRevision = lastRevision };
        request.IfaceIds.AddRange(IfaceIds);
        reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var u in Client.SubscribeAsync(request, stop.Token))
                {
                    lock (gate)
                    {
                        Model.Apply(u);
                        log.Add(u);
                    }
                    received.Writer.TryWrite(u);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Failure = e;
            }
            finally
            {
                received.Writer.TryComplete();
            }
        });
        return await NextAsync();
    }

    /// <summary>The next update received (fails after 10 s).</summary>
    public async Task<Update> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await received.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name}: the subscription ended", Failure);
        }
    }

    /// <summary>Reads updates until one at <paramref name="revision"/> or later arrives; returns those read.</summary>
    public async Task<List<Update>> UntilRevisionAsync(long revision, TimeSpan? timeout = null)
    {
        var seen = new List<Update>();
        while (true)
        {
            var u = await NextAsync(timeout);
            seen.Add(u);
            if (u.Revision >= revision && !u.Heartbeat) return seen;
        }
    }

    public string Snapshot()
    {
        lock (gate) return Model.Describe();
    }

    public Task<ReportReply> ReportInstalledAsync(long revision) =>
        Client.ReportInstalledAsync(new InstalledReport { Chassis = Name, Revision = revision }, TimeSpan.FromSeconds(10));

    public async Task<ReportReply> ReportBindingsAsync(params string[] ifaceIds)
    {
        var r = new BindingReport { Chassis = Name, EncapIp = EncapIp };
        r.IfaceIds.AddRange(ifaceIds);
        return await Client.ReportBindingsAsync(r, TimeSpan.FromSeconds(10));
    }

    /// <summary>Drops the subscription (as an agent that lost its connection).</summary>
    public async Task DisconnectAsync()
    {
        stop.Cancel();
        if (reader is not null) await reader;
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        channel.Dispose();
        stop.Dispose();
    }
}
