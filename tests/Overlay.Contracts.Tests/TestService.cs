using Google.Protobuf.Collections;
using Microsoft.AspNetCore.Builder;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;

namespace Overlay.Contracts.Tests;

/// <summary>
/// Test handlers on the real messages. Transact does what its first command says: "echo" words..., "fail" code
/// message, "crash" message, "slow" (waits for cancellation), "deadline" (reports the call's deadline).
/// Subscribe streams last_revision updates; chassis "fail" then ends with Aborted, "hang" then waits for cancellation,
/// "deaf" then waits for <see cref="Release"/> whatever happens.
/// </summary>
public sealed class TestService
{
    public const string SmallTransact = "/overlay.test.Small/Transact";
    public const string FailDetail = "stream broke: ünïcødé ✓ 100%";

    public TaskCompletionSource<ServerCallContext> SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource SlowCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource StreamStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource StreamCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Map(WebApplication app)
    {
        app.MapGrpcUnary<TransactRequest, TransactReply>(Methods.Northbound.Transact, TransactRequest.Parser, TransactAsync);
        app.MapGrpcUnary<TransactRequest, TransactReply>(SmallTransact, TransactRequest.Parser, TransactAsync, maxRequestSize: 1024);
        app.MapGrpcServerStreaming<SubscribeRequest, Update>(Methods.Southbound.Subscribe, SubscribeRequest.Parser, SubscribeAsync);
    }

    public static TransactRequest Request(params string[] words)
    {
        var command = new Command();
        command.Args.AddRange(words);
        return new TransactRequest { Commands = { command }, ExpectedRevision = 41 };
    }

    private async Task<TransactReply> TransactAsync(TransactRequest request, ServerCallContext context)
    {
        RepeatedField<string> args = request.Commands[0].Args;
        switch (args[0])
        {
            case "echo":
                var reply = new TransactReply { Revision = request.ExpectedRevision + 1, Changed = true };
                reply.Output.AddRange(args.Skip(1));
                return reply;
            case "fail":
                throw new RpcException((StatusCode)int.Parse(args[1]), args[2]);
            case "crash":
                throw new InvalidOperationException(args[1]);
            case "slow":
                SlowStarted.TrySetResult(context);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    SlowCancelled.TrySetResult();
                    throw;
                }
                throw new InvalidOperationException("unreachable");
            case "deadline":
                return new TransactReply { Output = { context.Deadline?.ToString("O") ?? "none", context.Peer } };
            default:
                throw new RpcException(StatusCode.InvalidArgument, $"unknown test command '{args[0]}'");
        }
    }

    private async Task SubscribeAsync(SubscribeRequest request, IServerStreamWriter<Update> writer, ServerCallContext context)
    {
        for (long i = 1; i <= request.LastRevision; i++)
            await writer.WriteAsync(StreamUpdate(i), context.CancellationToken);
        switch (request.Chassis)
        {
            case "fail":
                throw new RpcException(StatusCode.Aborted, FailDetail);
            case "hang":
                StreamStarted.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    StreamCancelled.TrySetResult();
                    throw;
                }
                break;
            case "deaf":
                // Ignores its token until the test releases it: only an aborted connection ends this call.
                StreamStarted.TrySetResult();
                await Release.Task;
                break;
        }
    }

    public static Update StreamUpdate(long revision) => new()
    {
        Revision = revision,
        Full = revision == 1,
        Chassis = { new Chassis { Name = $"hv{revision}", EncapIp = "192.0.2.1" } },
        RemovedLogicalFlows = { (ulong)revision * 0x9E3779B97F4A7C15UL },
    };
}
