using Overlay.Ovsdb.JsonRpc;

namespace Overlay.Ovsdb;

public sealed record OvsdbClientOptions
{
    /// <summary>Send an <c>echo</c> this often and close the connection if the previous one is still unanswered;
    /// null (default) disables our keepalive. Server echoes are always answered.</summary>
    public TimeSpan? EchoInterval { get; init; }

    /// <summary>A message larger than this closes the connection (protects against a peer that never ends an object).</summary>
    public int MaxMessageBytes { get; init; } = JsonValueFramer.DefaultMaxMessageBytes;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
