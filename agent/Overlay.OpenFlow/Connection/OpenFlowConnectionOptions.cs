namespace Overlay.OpenFlow;

/// <summary>Timeouts and limits of an <see cref="OpenFlowConnection"/>.</summary>
public sealed record OpenFlowConnectionOptions
{
    public static OpenFlowConnectionOptions Default { get; } = new();

    /// <summary>Bound on connect + HELLO exchange + FEATURES_REQUEST.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on waiting for any single reply (including a bundle commit).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many unsolicited messages (async errors, port status, ...) are kept for <see cref="OpenFlowConnection.UnsolicitedMessages"/>; the oldest are dropped.</summary>
    public int UnsolicitedCapacity { get; init; } = 1024;
}
