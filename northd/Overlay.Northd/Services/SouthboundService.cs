using System.Net;
using Microsoft.Extensions.Logging;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Hosting;
using Overlay.Northd.State;

namespace Overlay.Northd.Services;

/// <summary>The Southbound gRPC service (southbound.proto): subscriptions and the agents' reports.</summary>
internal sealed class SouthboundService(NorthdCore core)
{
    private readonly ILogger logger = core.CreateLogger("Overlay.Northd.Southbound");

    public async Task SubscribeAsync(SubscribeRequest request, IServerStreamWriter<Update> writer, ServerCallContext context)
    {
        Check(request.Chassis, request.EncapIp, request.IfaceIds);
        if (request.LastRevision < 0)
            throw new RpcException(StatusCode.InvalidArgument, $"last_revision {request.LastRevision} must not be negative");
        var ct = context.CancellationToken;
        await core.ReportBindingsAsync(request.Chassis, request.EncapIp, request.IfaceIds, ct).ConfigureAwait(false);
        core.PortNumbers.Report(request.Chassis, request.VifOfports, request.TunnelOfports);
        var (subscription, start) = await core.SubscribeAsync(request.Chassis, ct).ConfigureAwait(false);
        Log.Subscribed(logger, request.Chassis, context.Peer, request.LastRevision);
        try
        {
            await subscription.RunAsync(start, request.LastRevision, writer, core.Options.HeartbeatInterval, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The agent went away (or reconnects); nothing to report to it.
        }
        finally
        {
            core.Unsubscribe(subscription);
            Log.Unsubscribed(logger, request.Chassis);
        }
    }

    public async Task<ReportReply> ReportBindingsAsync(BindingReport request, ServerCallContext context)
    {
        Check(request.Chassis, request.EncapIp, request.IfaceIds);
        long revision = await core.ReportBindingsAsync(request.Chassis, request.EncapIp, request.IfaceIds, context.CancellationToken).ConfigureAwait(false);
        core.PortNumbers.Report(request.Chassis, request.VifOfports, request.TunnelOfports);
        return new ReportReply { Revision = revision };
    }

    public Task<ReportReply> ReportInstalledAsync(InstalledReport request, ServerCallContext context)
    {
        Names.CheckChassis(request.Chassis);
        long current = core.State.Revision;
        if (request.Revision < 0 || request.Revision > current)
            throw new RpcException(StatusCode.InvalidArgument, $"revision {request.Revision} is not one northd has sent (current revision {current})");
        core.Installed.Report(request.Chassis, request.Revision);
        Log.Installed(logger, request.Chassis, request.Revision);
        return Task.FromResult(new ReportReply { Revision = current });
    }

    private static void Check(string chassis, string encapIp, IEnumerable<string> ifaceIds)
    {
        var problems = new List<string>();
        if (Names.Problem(chassis, "chassis name") is { } c) problems.Add(c);
        if (!IPAddress.TryParse(encapIp, out _)) problems.Add($"encap_ip '{encapIp}' is not an IP address");
        foreach (var id in ifaceIds)
            if (Names.Problem(id, "iface-id") is { } p) problems.Add(p);
        if (problems.Count > 0) throw new RpcException(StatusCode.InvalidArgument, string.Join("\n", problems));
    }
}
