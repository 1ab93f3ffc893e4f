using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Overlay.Contracts.Wire;

/// <summary>
/// A gRPC client over <see cref="HttpClient"/> (HTTP/2; h2c for http:// addresses). One channel per server,
/// shared by all calls: they multiplex over its connections. Failures surface as <see cref="RpcException"/>
/// (Unavailable when the server cannot be reached, DeadlineExceeded when the deadline passes); cancelling the
/// caller's token throws <see cref="OperationCanceledException"/> and resets the stream, which cancels the server's handler.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpMessageInvoker invoker;

    public GrpcChannel(Uri address, HttpMessageHandler? handler = null, int maxReceiveMessageSize = 64 << 20)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(maxReceiveMessageSize);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{address}' is not an http:// or https:// address", nameof(address));
        Address = address;
        MaxReceiveMessageSize = maxReceiveMessageSize;
        // A caller-supplied handler stays the caller's to dispose.
        invoker = handler is null ? new HttpMessageInvoker(CreateDefaultHandler(), disposeHandler: true) : new HttpMessageInvoker(handler, disposeHandler: false);
    }

    public Uri Address { get; }

    public int MaxReceiveMessageSize { get; }

    /// <summary>The handler a channel uses when none is given: several HTTP/2 connections when streams run out, keep-alive pings.</summary>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseProxy = false,
    };

    public async Task<TRes> UnaryAsync<TReq, TRes>(string method, TReq request, MessageParser<TRes> parser,
        TimeSpan? deadline = null, CancellationToken ct = default)
        where TReq : IMessage<TReq>
        where TRes : IMessage<TRes>
    {
        await using var call = await ClientCall<TRes>.StartAsync(this, method, request, parser, deadline, ct).ConfigureAwait(false);
        return await call.ReadSingleAsync().ConfigureAwait(false);
    }

    public async IAsyncEnumerable<TRes> ServerStreamingAsync<TReq, TRes>(string method, TReq request, MessageParser<TRes> parser,
        TimeSpan? deadline = null, [EnumeratorCancellation] CancellationToken ct = default)
        where TReq : IMessage<TReq>
        where TRes : IMessage<TRes>
    {
        await using var call = await ClientCall<TRes>.StartAsync(this, method, request, parser, deadline, ct).ConfigureAwait(false);
        while (await call.MoveNextAsync().ConfigureAwait(false))
            yield return call.Current;
    }

    internal Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        invoker.SendAsync(request, ct);

    public void Dispose() => invoker.Dispose();
}
