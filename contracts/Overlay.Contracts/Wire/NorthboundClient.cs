using Overlay.Contracts.Nb;

namespace Overlay.Contracts.Wire;

/// <summary>Typed calls of the Northbound service (northbound.proto).</summary>
public sealed class NorthboundClient(GrpcChannel channel)
{
    public GrpcChannel Channel { get; } = channel;

    public Task<TransactReply> TransactAsync(TransactRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        Channel.UnaryAsync(Methods.Northbound.Transact, request, TransactReply.Parser, deadline, ct);

    public Task<Database> GetDatabaseAsync(GetDatabaseRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        Channel.UnaryAsync(Methods.Northbound.GetDatabase, request, Database.Parser, deadline, ct);

    public Task<SouthboundState> GetSouthboundAsync(GetSouthboundRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        Channel.UnaryAsync(Methods.Northbound.GetSouthbound, request, SouthboundState.Parser, deadline, ct);

    public Task<WaitReply> WaitAsync(WaitRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        Channel.UnaryAsync(Methods.Northbound.Wait, request, WaitReply.Parser, deadline, ct);

    public Task<DeleteChassisReply> DeleteChassisAsync(DeleteChassisRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        Channel.UnaryAsync(Methods.Northbound.DeleteChassis, request, DeleteChassisReply.Parser, deadline, ct);
}
