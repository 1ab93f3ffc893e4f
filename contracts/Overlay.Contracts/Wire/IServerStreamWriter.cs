namespace Overlay.Contracts.Wire;

/// <summary>Sends one message of a server stream; the message is flushed to the client before the task completes.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken ct = default);
}
