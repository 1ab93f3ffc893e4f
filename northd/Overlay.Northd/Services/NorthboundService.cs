using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Api;
using Overlay.Northd.State;

namespace Overlay.Northd.Services;

/// <summary>The Northbound gRPC service (northbound.proto) on top of the commit path.</summary>
internal sealed class NorthboundService(NorthdCore core)
{
    public async Task<TransactReply> TransactAsync(TransactRequest request, ServerCallContext context)
    {
        var words = request.Commands.Select(c => (IReadOnlyList<string>)[.. c.Args]).ToList();
        var (revision, changed, output) = await core.TransactAsync(words, request.ExpectedRevision, request.DryRun, context.CancellationToken).ConfigureAwait(false);
        if (request.Wait == WaitFor.WaitHv && !request.DryRun)
            await Waiting.ForInstalledAsync(core, revision, context).ConfigureAwait(false);
        var reply = new TransactReply { Revision = revision, Changed = changed };
        reply.Output.AddRange(output);
        return reply;
    }

    public Task<Database> GetDatabaseAsync(GetDatabaseRequest request, ServerCallContext context)
    {
        var s = core.State;
        var db = NbProto.ToProto(s.Nb);
        // The global revision (NB and chassis records share it) is what expected_revision is checked against.
        db.Revision = s.Revision;
        return Task.FromResult(db);
    }

    public async Task<SouthboundState> GetSouthboundAsync(GetSouthboundRequest request, ServerCallContext context)
    {
        var (network, s, view) = await core.SnapshotAsync(context.CancellationToken).ConfigureAwait(false);
        var reply = new SouthboundState { Revision = s.Revision };
        reply.Chassis.AddRange(view.Chassis.Values);
        foreach (var dp in network.Datapaths) reply.Datapaths.Add(SbConvert.ToProto(dp));
        foreach (var p in network.Ports) reply.PortBindings.Add(view.Ports.TryGetValue(p.Name, out var pb) ? pb : SbConvert.ToProto(p, s.PortChassis.GetValueOrDefault(p.Name)));
        foreach (var g in network.MulticastGroups) reply.MulticastGroups.Add(SbConvert.ToProto(g));
        foreach (var a in network.AddressSets) reply.AddressSets.Add(SbConvert.ToProto(a));
        foreach (var g in network.PortGroups) reply.PortGroups.Add(SbConvert.ToProto(g));
        foreach (var f in network.Flows) reply.LogicalFlows.Add(SbConvert.ToProto(f));
        reply.ChassisStatus.AddRange(Waiting.Reply(core).Chassis);
        return reply;
    }

    public async Task<WaitReply> WaitAsync(WaitRequest request, ServerCallContext context)
    {
        if (request.Revision < 0)
            throw new RpcException(StatusCode.InvalidArgument, $"revision {request.Revision} must not be negative");
        long revision = request.Revision == 0 ? core.State.Revision : request.Revision;
        if (request.Wait == WaitFor.WaitHv) await Waiting.ForInstalledAsync(core, revision, context).ConfigureAwait(false);
        else await Waiting.ForCommittedAsync(core, revision, context).ConfigureAwait(false);
        return Waiting.Reply(core);
    }

    public async Task<DeleteChassisReply> DeleteChassisAsync(DeleteChassisRequest request, ServerCallContext context)
    {
        Names.CheckChassis(request.Name);
        long? revision = await core.DeleteChassisAsync(request.Name, context.CancellationToken).ConfigureAwait(false);
        if (revision is null && !request.IfExists)
            throw new RpcException(StatusCode.NotFound, $"no chassis named '{request.Name}' (use if_exists to ignore)");
        return new DeleteChassisReply { Revision = revision ?? core.State.Revision };
    }
}

/// <summary>--wait=sb and --wait=hv: wait on commits and installed reports, answering just before the client's deadline.</summary>
internal static class Waiting
{
    public static Task ForCommittedAsync(NorthdCore core, long revision, ServerCallContext context) =>
        UntilAsync(core, () => core.State.Revision >= revision, context,
            () => $"revision {revision} was not committed in time (the database is at revision {core.State.Revision})");

    public static Task ForInstalledAsync(NorthdCore core, long revision, ServerCallContext context) =>
        UntilAsync(core, () => core.State.Revision >= revision && core.Installed.Lagging(ChassisNames(core), revision).Count == 0, context,
            () => LaggingMessage(core, revision));

    public static WaitReply Reply(NorthdCore core)
    {
        var s = core.State;
        var reply = new WaitReply { Revision = s.Revision };
        foreach (var c in s.Chassis.OrderBy(c => c.Name, StringComparer.Ordinal))
            reply.Chassis.Add(new ChassisStatus
            {
                Name = c.Name,
                EncapIp = c.EncapIp,
                Connected = core.Publisher.IsConnected(c.Name),
                InstalledRevision = core.Installed.Of(c.Name),
                VifOfports = { core.PortNumbers.Of(c.Name).Vifs },
                TunnelOfports = { core.PortNumbers.Of(c.Name).Tunnels },
            });
        return reply;
    }

    private static IEnumerable<string> ChassisNames(NorthdCore core) => core.State.Chassis.Select(c => c.Name);

    private static string LaggingMessage(NorthdCore core, long revision)
    {
        var lagging = core.Installed.Lagging(ChassisNames(core), revision).OrderBy(l => l.Chassis, StringComparer.Ordinal);
        return $"revision {revision} is not installed on every chassis; lagging: " + string.Join(", ", lagging.Select(l =>
            $"{l.Chassis} ({(l.Installed == 0 ? "nothing reported" : $"installed {l.Installed}")}{(core.Publisher.IsConnected(l.Chassis) ? "" : ", not connected")})"));
    }

    private static async Task UntilAsync(NorthdCore core, Func<bool> done, ServerCallContext context, Func<string> late)
    {
        using var timer = new CancellationTokenSource();
        if (context.Deadline is { } deadline)
        {
            // Answer a little before the client gives up, so it gets our status (naming who lags) rather than its own.
            var remaining = deadline - DateTimeOffset.UtcNow;
            // A quarter of the time left, at most a second: enough for the reply to beat the client's timer on a busy host.
            var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, Math.Max(0, remaining.Ticks / 4)));
            timer.CancelAfter(remaining - margin > TimeSpan.Zero ? remaining - margin : TimeSpan.Zero);
        }
        while (true)
        {
            var committed = core.Committed.Next;
            var installed = core.Installed.Changed.Next;
            if (done()) return;
            try
            {
                await Task.WhenAny(committed, installed).WaitAsync(timer.Token).WaitAsync(context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                if (done()) return;
                throw new RpcException(StatusCode.DeadlineExceeded, late());
            }
        }
    }
}

/// <summary>Checks on names and addresses that come from agents and operators.</summary>
internal static class Names
{
    public const int MaxLength = 256;

    public static void CheckChassis(string name)
    {
        if (Problem(name, "chassis name") is { } p) throw new RpcException(StatusCode.InvalidArgument, p);
    }

    public static string? Problem(string value, string what)
    {
        if (value.Length == 0) return $"{what} is empty";
        if (value.Length > MaxLength) return $"{what} '{value[..32]}…' is longer than {MaxLength} characters";
        foreach (char c in value)
            if (char.IsWhiteSpace(c) || char.IsControl(c))
                return $"{what} '{value}' contains whitespace or a control character";
        return null;
    }
}
