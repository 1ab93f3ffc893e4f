using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Overlay.Contracts.Wire;

/// <summary>
/// One call on a <see cref="GrpcChannel"/>: the request went out, the response is read frame by frame, and the
/// status comes from the trailers (or from the headers of a trailers-only response). Every failure leaves here
/// as an <see cref="RpcException"/>, or as <see cref="OperationCanceledException"/> when the caller cancelled.
/// </summary>
internal sealed class ClientCall<TRes> : IAsyncDisposable where TRes : IMessage<TRes>
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    private readonly GrpcChannel channel;
    private readonly string method;
    private readonly MessageParser<TRes> parser;
    private readonly TimeSpan? deadline;
    private readonly CancellationToken callerToken;
    private readonly CancellationTokenSource cts;
    private HttpResponseMessage? response;
    private PipeReader? reader;
    private bool ended;

    private ClientCall(GrpcChannel channel, string method, MessageParser<TRes> parser, TimeSpan? deadline, CancellationToken ct)
    {
        this.channel = channel;
        this.method = method;
        this.parser = parser;
        this.deadline = deadline;
        callerToken = ct;
        cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (deadline is { } d)
            cts.CancelAfter(d <= TimeSpan.Zero ? TimeSpan.Zero : d);
    }

    public TRes Current { get; private set; } = default!;

    public static async Task<ClientCall<TRes>> StartAsync<TReq>(GrpcChannel channel, string method, TReq message,
        MessageParser<TRes> parser, TimeSpan? deadline, CancellationToken ct) where TReq : IMessage<TReq>
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(parser);
        ct.ThrowIfCancellationRequested();
        var call = new ClientCall<TRes>(channel, method, parser, deadline, ct);
        try
        {
            await call.SendAsync(GrpcFrame.Encode(message)).ConfigureAwait(false);
            return call;
        }
        catch
        {
            await call.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SendAsync(byte[] frame)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(channel.Address, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = GrpcContentType;
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");
        request.Headers.TryAddWithoutValidation("user-agent", "overlay-grpc/1.0");
        if (deadline is { } d)
            request.Headers.TryAddWithoutValidation(GrpcTimeout.Header, GrpcTimeout.Format(d));

        try
        {
            response = await channel.SendAsync(request, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, sending: true) is { } translated)
        {
            throw translated;
        }

        if (ResponseStatus(response) is { } early)
        {
            ended = true;
            if (early.Status != StatusCode.OK)
                throw early;
            return;
        }
        var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
        reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: false));
    }

    /// <summary>
    /// The status a response carries before any body: a non-200 answer (mapped per the gRPC HTTP status table unless
    /// it names a grpc-status), a trailers-only response, or a content type that is not gRPC. Null for a normal start.
    /// </summary>
    private RpcException? ResponseStatus(HttpResponseMessage r)
    {
        bool headerStatus = r.Headers.TryGetValues(GrpcStatusMessage.StatusHeader, out var values);
        if (headerStatus)
            return StatusFrom(values!.FirstOrDefault(), HeaderValue(r.Headers, GrpcStatusMessage.MessageHeader));
        if (r.StatusCode != HttpStatusCode.OK)
            return new RpcException(FromHttpStatus(r.StatusCode), $"HTTP status {(int)r.StatusCode} from {channel.Address} for {method}");
        string? mediaType = r.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
            return new RpcException(StatusCode.Unknown, $"{channel.Address} answered {method} with content type '{mediaType}', not application/grpc");
        return null;
    }

    /// <summary>Advances to the next response message; false once the stream ended with status OK.</summary>
    public async ValueTask<bool> MoveNextAsync()
    {
        if (ended)
            return false;
        try
        {
            while (true)
            {
                var result = await reader!.ReadAsync(cts.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                bool complete;
                try
                {
                    complete = GrpcFrame.TryRead(ref buffer, channel.MaxReceiveMessageSize, out var payload);
                    if (complete)
                        Current = parser.ParseFrom(payload);
                }
                catch
                {
                    reader.AdvanceTo(result.Buffer.Start);
                    throw;
                }

                if (complete)
                {
                    reader.AdvanceTo(buffer.Start);
                    return true;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    ended = true;
                    if (!buffer.IsEmpty)
                        throw new RpcException(StatusCode.Internal, $"response of {method} ended inside a message ({buffer.Length} bytes left)");
                    var status = TrailerStatus();
                    if (status.Status != StatusCode.OK)
                        throw status;
                    return false;
                }
            }
        }
        catch (Exception e) when (Translate(e, sending: false) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>A unary response: exactly one message, then status OK.</summary>
    public async Task<TRes> ReadSingleAsync()
    {
        if (!await MoveNextAsync().ConfigureAwait(false))
            throw new RpcException(StatusCode.Internal, $"{method} ended with status OK but no response message");
        var message = Current;
        if (await MoveNextAsync().ConfigureAwait(false))
            throw new RpcException(StatusCode.Internal, $"{method} sent more than one response message");
        return message;
    }

    private RpcException TrailerStatus()
    {
        var trailers = response!.TrailingHeaders;
        if (!trailers.TryGetValues(GrpcStatusMessage.StatusHeader, out var values))
            return new RpcException(StatusCode.Internal, $"response of {method} from {channel.Address} ended without grpc-status");
        return StatusFrom(values.FirstOrDefault(), HeaderValue(trailers, GrpcStatusMessage.MessageHeader));
    }

    private static RpcException StatusFrom(string? status, string? message)
    {
        if (!int.TryParse(status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code))
            return new RpcException(StatusCode.Unknown, $"invalid grpc-status '{status}'");
        var statusCode = code is >= 0 and <= 16 ? (StatusCode)code : StatusCode.Unknown;
        return new RpcException(statusCode, GrpcStatusMessage.Decode(message));
    }

    private static string? HeaderValue(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The gRPC mapping of HTTP status codes for responses that carry no grpc-status.</summary>
    internal static StatusCode FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>Maps a failure to what the caller sees; null keeps the exception as it is.</summary>
    private Exception? Translate(Exception e, bool sending)
    {
        switch (e)
        {
            case RpcException:
                return null;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return new OperationCanceledException($"{method} cancelled by the caller", e, callerToken);
            case OperationCanceledException when cts.IsCancellationRequested:
                return new RpcException(StatusCode.DeadlineExceeded, $"deadline of {GrpcTimeout.Describe(deadline)} exceeded calling {method} on {channel.Address}");
            case OperationCanceledException:
                // Neither the caller nor the deadline: the handler gave up connecting (ConnectTimeout).
                return new RpcException(StatusCode.Unavailable, $"cannot reach {channel.Address}: {e.Message}");
            case InvalidProtocolBufferException:
                return new RpcException(StatusCode.Internal, $"cannot parse the response of {method}: {e.Message}");
            case HttpProtocolException { ErrorCode: 0x8 }:
                return new RpcException(StatusCode.Cancelled, $"{channel.Address} cancelled {method}: {e.Message}");
            case HttpRequestException when sending:
                return new RpcException(StatusCode.Unavailable, $"cannot reach {channel.Address}: {Flatten(e)}");
            case HttpRequestException or IOException:
                return new RpcException(StatusCode.Unavailable, $"connection to {channel.Address} lost during {method}: {Flatten(e)}");
            default:
                return null;
        }
    }

    private static string Flatten(Exception e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;

    public async ValueTask DisposeAsync()
    {
        // Abandoning the body resets the HTTP/2 stream, which the server sees as its call being cancelled.
        if (reader is not null)
            await reader.CompleteAsync().ConfigureAwait(false);
        response?.Dispose();
        cts.Dispose();
    }
}
