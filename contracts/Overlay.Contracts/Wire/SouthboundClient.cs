using Overlay.Contracts.Sb;

namespace Overlay.Contracts.Wire;

/// <summary>Typed calls of the Southbound service (southbound.proto).</summary>
public sealed class SouthboundClient(GrpcChannel channel)
{
    public GrpcChannel Channel { get; } = channel;

    /// <summary>The update stream; it runs until the server ends it or <paramref name="ct"/> is cancelled.</summary>
    public IAsyncEnumerable<Update> SubscribeAsync(SubscribeRequest request, CancellationToken ct = default) =>
        Channel.ServerStreamingAsync(Methods.Southbound.Subscribe, request, Update.Parser, deadline: null, ct);

    public Task<ReportReply> ReportBindingsAsync(BindingReport request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        Channel.UnaryAsync(Methods.Southbound.ReportBindings, request, ReportReply.Parser, deadline, ct);

    public Task<ReportReply> ReportInstalledAsync(InstalledReport request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        Channel.UnaryAsync(Methods.Southbound.ReportInstalled, request, ReportReply.Parser, deadline, ct);
}
