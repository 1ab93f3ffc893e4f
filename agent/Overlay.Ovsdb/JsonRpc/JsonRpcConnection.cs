using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Overlay.Ovsdb.JsonRpc;

/// <summary>
/// JSON-RPC 1.0 as OVSDB uses it (RFC 7047 §4), over any byte stream: requests correlated by id, server
/// <c>echo</c> requests answered automatically, notifications handed to a callback, optional echo keepalive.
/// Anything malformed from the peer closes the connection; every pending call then fails with
/// <see cref="OvsdbConnectionClosedException"/> carrying the reason. Nothing is thrown on the read loop's thread.
/// </summary>
public sealed class JsonRpcConnection : IAsyncDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    // Minimal escaping (only what JSON requires) keeps non-ASCII names readable in ovsdb-server's logs.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 256 };

    private readonly Stream _stream;
    private readonly JsonValueFramer _framer;
    private readonly Action<string, JsonElement> _onNotification;
    private readonly Action<OvsdbConnectionClosedException> _onClosed;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private readonly Task _keepAlive;
    private volatile OvsdbConnectionClosedException? _closed;
    private long _nextId;

    /// <param name="stream">A connected duplex stream; the connection owns and disposes it.</param>
    /// <param name="onNotification">Called on the read loop for each notification (method, params); must not block.
    /// Throwing <see cref="OvsdbProtocolException"/> closes the connection with that reason.</param>
    /// <param name="onClosed">Called once when the connection closes, for whatever reason.</param>
    public JsonRpcConnection(
        Stream stream,
        Action<string, JsonElement> onNotification,
        Action<OvsdbConnectionClosedException> onClosed,
        int maxMessageBytes = JsonValueFramer.DefaultMaxMessageBytes,
        TimeSpan? echoInterval = null,
        TimeProvider? timeProvider = null)
    {
        _stream = stream;
        _onNotification = onNotification;
        _onClosed = onClosed;
        _framer = new JsonValueFramer(maxMessageBytes);
        _ = _completion.Task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        _readLoop = Task.Run(ReadLoopAsync);
        _keepAlive = echoInterval is { } interval ? Task.Run(() => KeepAliveAsync(interval, timeProvider ?? TimeProvider.System)) : Task.CompletedTask;
    }

    /// <summary>Completes when the connection closes: successfully if we closed it, faulted with
    /// <see cref="OvsdbConnectionClosedException"/> (reason inside) otherwise.</summary>
    public Task Completion => _completion.Task;

    public bool IsClosed => _closed is not null;

    /// <summary>Sends a request and returns its <c>result</c> (a detached copy).</summary>
    /// <param name="writeParams">Writes the elements of the <c>params</c> array.</param>
    public async Task<JsonElement> CallAsync(string method, Action<Utf8JsonWriter> writeParams, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        long id = Interlocked.Increment(ref _nextId);
        byte[] request = Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteString("method", method);
            w.WriteStartArray("params");
            writeParams(w);
            w.WriteEndArray();
            w.WriteNumber("id", id);
            w.WriteEndObject();
        });

        var call = new PendingCall(method);
        _pending[id] = call;
        // Close() may have swept _pending just before we registered.
        if (_closed is { } closed && _pending.TryRemove(id, out _))
            throw closed;
        try
        {
            await SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(id, out _);
            throw;
        }

        using (cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(id, out var c))
                c.Result.TrySetCanceled(cancellationToken);
        }))
        {
            return await call.Result.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection; pending and later calls fail with the given reason.</summary>
    public void Close(string reason, Exception? cause = null) => CloseCore(reason, cause, byUs: false);

    public async ValueTask DisposeAsync()
    {
        CloseCore("closed by this client", cause: null, byUs: true);
        await Task.WhenAll(_readLoop, _keepAlive).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                int read = await _stream.ReadAsync(_framer.GetWriteMemory(16 * 1024), _closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    if (_framer.BufferedBytes > 0)
                        throw new OvsdbProtocolException($"truncated JSON-RPC message: peer closed the connection after {_framer.BufferedBytes} bytes of an unfinished message");
                    Close("peer closed the connection");
                    return;
                }
                _framer.Advance(read);
                while (_framer.TryRead(out var message))
                    await DispatchAsync(message).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_closed is not null)
        {
            // Already closed (by us, or a failed write); the read error is only a consequence.
        }
        catch (OvsdbProtocolException e)
        {
            Close(e.Message, e);
        }
        catch (Exception e)
        {
            Close($"receive failed: {e.Message}", e);
        }
    }

    private async Task DispatchAsync(ReadOnlyMemory<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new OvsdbProtocolException($"malformed JSON from peer: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.TryGetProperty("method", out var method) && method.ValueKind != JsonValueKind.Null)
                await DispatchRequestAsync(root, method).ConfigureAwait(false);
            else if (root.TryGetProperty("id", out var id))
                DispatchResponse(root, id);
            else
                throw new OvsdbProtocolException($"JSON-RPC message is neither a request nor a response: {Abbreviate(root)}");
        }
    }

    private async Task DispatchRequestAsync(JsonElement root, JsonElement method)
    {
        if (method.ValueKind != JsonValueKind.String)
            throw new OvsdbProtocolException($"JSON-RPC \"method\" must be a string: {Abbreviate(root)}");
        if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Array)
            throw new OvsdbProtocolException($"JSON-RPC \"params\" must be an array: {Abbreviate(root)}");
        string name = method.GetString()!;

        if (!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            _onNotification(name, parameters);
            return;
        }

        // A request from the server. OVSDB servers only send "echo" (RFC 7047 §4.1.11).
        byte[] reply = Serialize(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("id");
            id.WriteTo(w);
            if (name == "echo")
            {
                w.WritePropertyName("result");
                parameters.WriteTo(w);
                w.WriteNull("error");
            }
            else
            {
                w.WriteNull("result");
                w.WriteStartObject("error");
                w.WriteString("error", "unknown method");
                w.WriteString("details", name);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
        await SendAsync(reply, CancellationToken.None).ConfigureAwait(false);
    }

    private void DispatchResponse(JsonElement root, JsonElement id)
    {
        // Ids are ours and numeric; anything else (or a call cancelled meanwhile) is not awaited by anyone.
        if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out long key) || !_pending.TryRemove(key, out var call))
            return;

        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            call.Result.TrySetException(ToRpcException(call.Method, error));
            return;
        }
        if (!root.TryGetProperty("result", out var result))
        {
            var protocolError = new OvsdbProtocolException($"JSON-RPC response to {call.Method} has neither result nor error: {Abbreviate(root)}");
            call.Result.TrySetException(protocolError);
            throw protocolError;
        }
        call.Result.TrySetResult(result.Clone());
    }

    private async Task KeepAliveAsync(TimeSpan interval, TimeProvider timeProvider)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        Task? outstanding = null;
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
            {
                if (outstanding is { IsCompleted: false })
                {
                    Close($"no reply to echo within {interval.TotalMilliseconds:0} ms");
                    return;
                }
                outstanding = CallAsync("echo", static w => w.WriteStringValue("keepalive"), _closing.Token);
                _ = outstanding.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            }
        }
        catch (Exception) when (_closed is not null)
        {
        }
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            try
            {
                // Not cancellable by the caller once started: half a message would corrupt the stream for everyone.
                await _stream.WriteAsync(message, _closing.Token).ConfigureAwait(false);
                await _stream.FlushAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Close($"send failed: {e.Message}", e);
                throw _closed!;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void CloseCore(string reason, Exception? cause, bool byUs)
    {
        var closed = new OvsdbConnectionClosedException(reason, cause);
        if (Interlocked.CompareExchange(ref _closed, closed, null) is not null)
            return;

        _closing.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception)
        {
            // Closing a broken socket may fail again; the connection is closed either way.
        }
        foreach (long id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
                call.Result.TrySetException(closed);
        }
        _onClosed(closed);
        if (byUs)
            _completion.TrySetResult();
        else
            _completion.TrySetException(closed);
    }

    private void ThrowIfClosed()
    {
        if (_closed is { } closed)
            throw closed;
    }

    private static OvsdbRpcException ToRpcException(string method, JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Object)
        {
            string text = error.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : error.GetRawText();
            string? details = error.TryGetProperty("details", out var d) ? (d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText()) : null;
            return new OvsdbRpcException(method, text, details);
        }
        return new OvsdbRpcException(method, error.ValueKind == JsonValueKind.String ? error.GetString()! : error.GetRawText(), null);
    }

    internal static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    internal static string Abbreviate(JsonElement json)
    {
        string text = json.GetRawText();
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    private sealed class PendingCall(string method)
    {
        public string Method { get; } = method;

        public TaskCompletionSource<JsonElement> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
