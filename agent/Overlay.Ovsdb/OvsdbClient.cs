using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using Overlay.Ovsdb.JsonRpc;
using Overlay.Ovsdb.Schema;

namespace Overlay.Ovsdb;

/// <summary>
/// An RFC 7047 client on one connection: list_dbs, get_schema, transact, monitor/monitor_cancel, echo.
/// Thread-safe; calls may overlap. When the connection drops every call and monitor fails with
/// <see cref="OvsdbConnectionClosedException"/>; reconnecting (and re-monitoring) is the caller's job.
/// </summary>
public sealed class OvsdbClient : IAsyncDisposable
{
    private readonly JsonRpcConnection _rpc;
    private readonly ConcurrentDictionary<string, Channel<TableUpdates>> _monitors = new(StringComparer.Ordinal);
    private long _nextMonitorId;

    private OvsdbClient(Stream stream, OvsdbClientOptions options)
    {
        _rpc = new JsonRpcConnection(stream, OnNotification, OnClosed, options.MaxMessageBytes, options.EchoInterval, options.TimeProvider);
    }

    /// <summary>Connects to <c>unix:PATH</c> or <c>tcp:IP:PORT</c>.</summary>
    public static async Task<OvsdbClient> ConnectAsync(string remote, OvsdbClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = await OvsdbEndpoint.Parse(remote).ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new OvsdbClient(stream, options ?? new OvsdbClientOptions());
    }

    /// <summary>Runs the protocol over an already connected stream, which the client then owns.</summary>
    public static OvsdbClient Attach(Stream stream, OvsdbClientOptions? options = null) => new(stream, options ?? new OvsdbClientOptions());

    /// <summary>Completes when the connection closes; faulted with <see cref="OvsdbConnectionClosedException"/> unless we closed it.</summary>
    public Task Completion => _rpc.Completion;

    public bool IsConnected => !_rpc.IsClosed;

    public async Task<ImmutableArray<string>> ListDatabasesAsync(CancellationToken cancellationToken = default)
    {
        var result = await _rpc.CallAsync("list_dbs", static _ => { }, cancellationToken).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.Array || result.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new OvsdbProtocolException($"list_dbs reply is not an array of strings: {JsonRpcConnection.Abbreviate(result)}");
        return result.EnumerateArray().Select(e => e.GetString()!).ToImmutableArray();
    }

    public async Task<DatabaseSchema> GetSchemaAsync(string database, CancellationToken cancellationToken = default)
    {
        var result = await _rpc.CallAsync("get_schema", w => w.WriteStringValue(database), cancellationToken).ConfigureAwait(false);
        return DatabaseSchema.Parse(result);
    }

    /// <summary>
    /// Runs the operations atomically. Throws <see cref="OvsdbTransactionException"/> listing the failing
    /// operation(s) when the server rejects the transaction (nothing is then changed).
    /// </summary>
    public async Task<TransactionResult> TransactAsync(string database, ImmutableArray<OvsdbOperation> operations, CancellationToken cancellationToken = default)
    {
        var result = await _rpc.CallAsync(
            "transact",
            w =>
            {
                w.WriteStringValue(database);
                foreach (var operation in operations)
                    operation.WriteTo(w);
            },
            cancellationToken).ConfigureAwait(false);
        return TransactionResult.Decode(database, operations, result);
    }

    /// <summary>Starts a monitor; the returned object carries the initial rows and a channel of later updates.</summary>
    public async Task<OvsdbMonitor> MonitorAsync(string database, ImmutableArray<MonitorRequest> requests, CancellationToken cancellationToken = default)
    {
        if (requests.IsDefaultOrEmpty)
            throw new ArgumentException("a monitor needs at least one table", nameof(requests));
        string id = "m" + Interlocked.Increment(ref _nextMonitorId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = Channel.CreateUnbounded<TableUpdates>(new UnboundedChannelOptions { SingleWriter = true });

        // Registered before sending: the server may send updates right after its reply.
        _monitors[id] = channel;
        try
        {
            var result = await _rpc.CallAsync(
                "monitor",
                w =>
                {
                    w.WriteStringValue(database);
                    w.WriteStringValue(id);
                    w.WriteStartObject();
                    foreach (var table in requests.GroupBy(r => r.Table, StringComparer.Ordinal))
                    {
                        w.WriteStartArray(table.Key);
                        foreach (var request in table)
                            request.WriteTo(w);
                        w.WriteEndArray();
                    }
                    w.WriteEndObject();
                },
                cancellationToken).ConfigureAwait(false);
            return new OvsdbMonitor(this, database, id, channel, TableUpdates.Decode(result, isInitial: true));
        }
        catch
        {
            _monitors.TryRemove(id, out _);
            channel.Writer.TryComplete();
            throw;
        }
    }

    /// <summary>A round trip to the server (RFC 7047 §4.1.11); proves the connection and the server's loop are alive.</summary>
    public async Task EchoAsync(CancellationToken cancellationToken = default)
    {
        await _rpc.CallAsync("echo", static w => w.WriteStringValue("ping"), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _rpc.DisposeAsync();

    internal async Task CancelMonitorAsync(string id)
    {
        if (!_monitors.TryRemove(id, out var channel))
            return;
        channel.Writer.TryComplete();
        if (_rpc.IsClosed)
            return;
        try
        {
            await _rpc.CallAsync("monitor_cancel", w => w.WriteStringValue(id)).ConfigureAwait(false);
        }
        catch (OvsdbConnectionClosedException)
        {
            // Gone with the connection; nothing left to cancel.
        }
    }

    private void OnNotification(string method, JsonElement parameters)
    {
        if (method != "update")
            return; // "locked"/"stolen" belong to locks, which this client does not take.
        if (parameters.GetArrayLength() != 2)
            throw new OvsdbProtocolException($"update notification must have 2 params: {JsonRpcConnection.Abbreviate(parameters)}");
        var id = parameters[0];
        if (id.ValueKind != JsonValueKind.String || !_monitors.TryGetValue(id.GetString()!, out var channel))
            return; // Not ours, or cancelled meanwhile.
        channel.Writer.TryWrite(TableUpdates.Decode(parameters[1], isInitial: false));
    }

    private void OnClosed(OvsdbConnectionClosedException reason)
    {
        foreach (string id in _monitors.Keys)
        {
            if (_monitors.TryRemove(id, out var channel))
                channel.Writer.TryComplete(reason);
        }
    }
}
