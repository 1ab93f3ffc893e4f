using System.IO.Pipelines;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Overlay.Contracts.Wire;

/// <summary>
/// Runs one server call: checks the request is gRPC, reads its single message, applies the deadline, runs the
/// handler and ends with grpc-status (in the trailers, or in the headers of a trailers-only response when no
/// message was sent). Bad input becomes a status, never an exception out of the endpoint.
/// </summary>
internal sealed class GrpcServerCall<TReq>(string method, MessageParser<TReq> parser, int maxRequestSize, ILogger logger,
    CancellationToken stopping)
    where TReq : IMessage<TReq>
{
    private const string GrpcContentType = "application/grpc";
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(49);

    public async Task RunAsync<TRes>(HttpContext http, Func<TReq, ServerCallContext, ServerStreamWriter<TRes>, Task> body)
        where TRes : IMessage<TRes>
    {
        string peer = Peer(http);
        if (Reject(http) is { } rejection)
        {
            await EndAsync(http, rejection.Status, rejection.Detail, wroteMessage: false, peer).ConfigureAwait(false);
            return;
        }

        TimeSpan? timeout = null;
        if (http.Request.Headers[GrpcTimeout.Header].ToString() is { Length: > 0 } timeoutText)
        {
            // Timers and dates stop at ~49 days; a longer timeout is as good as none (grpc-timeout allows 11,000 years).
            if (GrpcTimeout.TryParse(timeoutText, out var t))
                timeout = t <= MaxTimeout ? t : null;
            else
                GrpcServerLog.BadTimeout(logger, method, timeoutText);
        }
        DateTimeOffset? deadline = timeout is { } span ? DateTimeOffset.UtcNow.Add(span) : null;

        // The handler's token: the client went away, the deadline passed, or the server is stopping (so long
        // streams end promptly with Unavailable instead of holding shutdown until its timeout).
        using var deadlineCts = timeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping, deadlineCts?.Token ?? default);

        // The frame header enforces maxRequestSize; Kestrel's own body limit would cut streams at 30 MB.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = null;

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = GrpcContentType;
        var writer = new ServerStreamWriter<TRes>(http.Response, cts.Token);
        StatusCode status = StatusCode.OK;
        string detail = "";
        try
        {
            var request = await ReadRequestAsync(http.Request.BodyReader, cts.Token).ConfigureAwait(false);
            await body(request, new ServerCallContext(cts.Token, deadline, peer), writer).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            (status, detail) = (e.Status, e.Detail);
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream or went away: nobody is left to read a status.
            GrpcServerLog.ClientGone(logger, method, peer);
            return;
        }
        catch (OperationCanceledException) when (deadlineCts?.IsCancellationRequested == true)
        {
            (status, detail) = (StatusCode.DeadlineExceeded, $"deadline of {GrpcTimeout.Describe(timeout)} exceeded in {method}");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            (status, detail) = (StatusCode.Unavailable, $"server is shutting down ({method})");
        }
        catch (Exception e)
        {
            GrpcServerLog.HandlerFailed(logger, method, peer, e);
            (status, detail) = (StatusCode.Internal, $"{method} failed: {e.GetType().Name}: {e.Message}");
        }

        await EndAsync(http, status, detail, writer.WroteAny, peer).ConfigureAwait(false);
    }

    /// <summary>Requests that are not gRPC over HTTP/2 get a status at once (gRPC over HTTP/2, "Requests").</summary>
    private RpcException? Reject(HttpContext http)
    {
        if (!HttpProtocol.IsHttp2(http.Request.Protocol))
        {
            http.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            return new RpcException(StatusCode.Internal, $"{method} needs HTTP/2, the request came as {http.Request.Protocol}");
        }
        string contentType = http.Request.ContentType ?? "";
        bool grpc = contentType.Equals(GrpcContentType, StringComparison.OrdinalIgnoreCase)
                    || contentType.StartsWith(GrpcContentType + "+proto", StringComparison.OrdinalIgnoreCase)
                    || contentType.StartsWith(GrpcContentType + ";", StringComparison.OrdinalIgnoreCase);
        if (!grpc)
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return new RpcException(StatusCode.InvalidArgument, $"content type '{contentType}' is not application/grpc");
        }
        string encoding = http.Request.Headers["grpc-encoding"].ToString();
        if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers["grpc-accept-encoding"] = "identity";
            return new RpcException(StatusCode.Unimplemented, $"message compression '{encoding}' is not supported");
        }
        return null;
    }

    /// <summary>Reads exactly one request message and the end of the request stream.</summary>
    private async Task<TReq> ReadRequestAsync(PipeReader reader, CancellationToken ct)
    {
        TReq? message = default;
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (message is null)
            {
                try
                {
                    if (GrpcFrame.TryRead(ref buffer, maxRequestSize, out var payload))
                        message = parser.ParseFrom(payload);
                }
                catch (Exception e)
                {
                    reader.AdvanceTo(result.Buffer.Start);
                    if (e is RpcException)
                        throw;
                    throw new RpcException(StatusCode.InvalidArgument, $"cannot parse the request of {method}: {e.Message}");
                }
            }
            if (message is not null && !buffer.IsEmpty)
            {
                reader.AdvanceTo(buffer.Start);
                throw new RpcException(StatusCode.InvalidArgument, $"{method} takes one request message, the client sent more");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (message is not null)
                    return message;
                throw new RpcException(StatusCode.InvalidArgument, buffer.IsEmpty
                    ? $"{method} got no request message"
                    : $"request of {method} ended inside a message ({buffer.Length} bytes)");
            }
        }
    }

    private async Task EndAsync(HttpContext http, StatusCode status, string detail, bool wroteMessage, string peer)
    {
        if (status != StatusCode.OK)
            GrpcServerLog.CallFailed(logger, method, peer, status, detail);
        var response = http.Response;
        string code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (!wroteMessage && !response.HasStarted)
            {
                // Trailers-only: the status travels in the only HEADERS frame, which ends the stream.
                if (response.StatusCode == StatusCodes.Status200OK)
                    response.ContentType = GrpcContentType;
                response.Headers[GrpcStatusMessage.StatusHeader] = code;
                if (detail.Length > 0)
                    response.Headers[GrpcStatusMessage.MessageHeader] = GrpcStatusMessage.Encode(detail);
                return;
            }
            response.AppendTrailer(GrpcStatusMessage.StatusHeader, code);
            if (detail.Length > 0)
                response.AppendTrailer(GrpcStatusMessage.MessageHeader, GrpcStatusMessage.Encode(detail));
            await response.BodyWriter.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            GrpcServerLog.ClientGone(logger, method, peer);
        }
    }

    private static string Peer(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is null)
            return "unknown";
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        return ip.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ipv6:[{ip}]:{http.Connection.RemotePort}"
            : $"ipv4:{ip}:{http.Connection.RemotePort}";
    }
}
