using System.Collections.Immutable;
using System.Threading.Channels;

namespace Overlay.Ovsdb.OpenVSwitch;

/// <summary>
/// A live VIF watcher on one connection: monitors the Interface table and publishes <see cref="VifEvent"/>s,
/// starting with one <see cref="VifEventKind.Added"/> per VIF that already exists. <see cref="Events"/> completes
/// when the watcher is disposed, and fails with <see cref="OvsdbConnectionClosedException"/> when the connection drops.
/// </summary>
public sealed class VifWatcher : IAsyncDisposable
{
    private readonly OvsdbMonitor _monitor;
    private readonly VifTracker _tracker;
    private readonly Channel<VifEvent> _events = Channel.CreateUnbounded<VifEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Task _pump;

    private VifWatcher(OvsdbMonitor monitor, VifTracker tracker)
    {
        _monitor = monitor;
        _tracker = tracker;
        foreach (var e in tracker.Apply(monitor.Initial))
            _events.Writer.TryWrite(e);
        _pump = Task.Run(PumpAsync);
    }

    public ChannelReader<VifEvent> Events => _events.Reader;

    /// <summary>The VIFs as of the last processed update, by Interface uuid.</summary>
    public ImmutableDictionary<Guid, Vif> Current => _tracker.Current;

    public static async Task<VifWatcher> StartAsync(OvsdbClient client, CancellationToken cancellationToken = default)
    {
        var monitor = await client.MonitorAsync(
            OpenVSwitchDatabase.DatabaseName,
            [new MonitorRequest("Interface", VifTracker.Columns)],
            cancellationToken).ConfigureAwait(false);
        return new VifWatcher(monitor, new VifTracker());
    }

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var updates in _monitor.Updates.ReadAllAsync().ConfigureAwait(false))
            {
                foreach (var e in _tracker.Apply(updates))
                    _events.Writer.TryWrite(e);
            }
            _events.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _events.Writer.TryComplete(e);
        }
    }
}
