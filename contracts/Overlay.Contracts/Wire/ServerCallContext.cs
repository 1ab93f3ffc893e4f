namespace Overlay.Contracts.Wire;

/// <summary>What a server handler knows about its call.</summary>
public sealed class ServerCallContext(CancellationToken cancellationToken, DateTimeOffset? deadline, string peer)
{
    /// <summary>Cancelled when the client goes away (or cancels), the call's deadline passes, or the server is stopping.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The deadline the client sent in grpc-timeout, if any.</summary>
    public DateTimeOffset? Deadline { get; } = deadline;

    /// <summary>The client's address, e.g. "ipv4:127.0.0.1:53122".</summary>
    public string Peer { get; } = peer;
}
