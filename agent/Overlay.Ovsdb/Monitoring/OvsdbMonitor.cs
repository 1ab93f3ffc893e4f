using System.Threading.Channels;

namespace Overlay.Ovsdb;

/// <summary>
/// A live monitor: <see cref="Initial"/> holds the rows that existed when it started, <see cref="Updates"/> every later
/// committed change in order. The channel completes when the monitor is disposed, and completes with
/// <see cref="OvsdbConnectionClosedException"/> (the reason inside) when the connection drops.
/// Disposing sends <c>monitor_cancel</c>.
/// </summary>
public sealed class OvsdbMonitor : IAsyncDisposable
{
    private readonly OvsdbClient _client;
    private readonly Channel<TableUpdates> _channel;

    internal OvsdbMonitor(OvsdbClient client, string database, string id, Channel<TableUpdates> channel, TableUpdates initial)
    {
        _client = client;
        _channel = channel;
        Database = database;
        Id = id;
        Initial = initial;
    }

    public string Database { get; }

    /// <summary>The monitor id sent with every update notification.</summary>
    public string Id { get; }

    public TableUpdates Initial { get; }

    public ChannelReader<TableUpdates> Updates => _channel.Reader;

    public async ValueTask DisposeAsync()
    {
        await _client.CancelMonitorAsync(Id).ConfigureAwait(false);
        _channel.Writer.TryComplete();
    }
}
