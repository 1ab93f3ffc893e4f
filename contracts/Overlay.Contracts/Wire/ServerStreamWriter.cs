using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Overlay.Contracts.Wire;

/// <summary>Writes response frames to the HTTP/2 body, one at a time, flushing each.</summary>
internal sealed class ServerStreamWriter<T>(HttpResponse response, CancellationToken callToken) : IServerStreamWriter<T>
    where T : IMessage<T>
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public bool WroteAny { get; private set; }

    public async Task WriteAsync(T message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var linked = ct.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callToken, ct) : null;
        var token = linked?.Token ?? callToken;
        await gate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            token.ThrowIfCancellationRequested();
            GrpcFrame.Write(response.BodyWriter, message);
            WroteAny = true;
            var flush = await response.BodyWriter.FlushAsync(token).ConfigureAwait(false);
            if (flush.IsCanceled || flush.IsCompleted)
                throw new OperationCanceledException("the client stopped reading the stream", token);
        }
        finally
        {
            gate.Release();
        }
    }
}
