using Google.Protobuf;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.TestSupport;

namespace Overlay.Contracts.Tests;

/// <summary>Both directions against python3-grpcio: its client against our server, our channel against its server.</summary>
public sealed class PythonInteropTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("overlay-grpc-interop-").FullName;

    public PythonInteropTests() => PythonGrpc.Require();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private Task<PythonGrpc.ClientResult> RunClientAsync(string mode, TestServer server, string method, IMessage request, string timeout = "20")
    {
        string script = PythonGrpc.WriteScript(dir, "client.py", PythonScripts.Client);
        return Task.Run(() => PythonGrpc.ParseClientOutput(ProcessRunner.Run(PythonGrpc.Python,
            [script, mode, server.Target, method, Convert.ToHexStringLower(request.ToByteArray()), timeout], PythonGrpc.Environment(), PythonGrpc.Bound)));
    }

    [Fact]
    public async Task Python_client_unary_call_to_our_server()
    {
        var service = new TestService();
        await using var server = await TestServer.StartAsync(service.Map);

        var result = await RunClientAsync("unary", server, Methods.Northbound.Transact, TestService.Request("echo", "ls-add", "sw0"));

        Assert.Equal("OK", result.Status);
        var reply = TransactReply.Parser.ParseFrom(Assert.Single(result.Messages));
        Assert.Equal(42, reply.Revision);
        Assert.Equal(["ls-add", "sw0"], reply.Output);
    }

    [Fact]
    public async Task Python_client_streaming_call_to_our_server()
    {
        var service = new TestService();
        await using var server = await TestServer.StartAsync(service.Map);

        var result = await RunClientAsync("stream", server, Methods.Southbound.Subscribe, new SubscribeRequest { Chassis = "hv1", LastRevision = 300 });

        Assert.Equal("OK", result.Status);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => TestService.StreamUpdate(i)), result.Messages.Select(Update.Parser.ParseFrom));
    }

    [Fact]
    public async Task Python_client_sees_our_error_status_and_non_ascii_message()
    {
        var service = new TestService();
        await using var server = await TestServer.StartAsync(service.Map);
        const string detail = "lsp-add: no switch 'sw9' — ünïcødé ✓ 100%";

        var unary = await RunClientAsync("unary", server, Methods.Northbound.Transact,
            TestService.Request("fail", ((int)StatusCode.FailedPrecondition).ToString(), detail));
        Assert.Equal("FAILED_PRECONDITION", unary.Status);
        Assert.Equal(detail, unary.Details);

        var stream = await RunClientAsync("stream", server, Methods.Southbound.Subscribe, new SubscribeRequest { Chassis = "fail", LastRevision = 4 });
        Assert.Equal(4, stream.Messages.Count);
        Assert.Equal("ABORTED", stream.Status);
        Assert.Equal(TestService.FailDetail, stream.Details);

        var missing = await RunClientAsync("unary", server, "/overlay.nb.v1.Northbound/NoSuchMethod", new GetDatabaseRequest());
        Assert.Equal("UNIMPLEMENTED", missing.Status);
    }

    [Fact]
    public async Task Python_client_deadline_reaches_our_handler()
    {
        var service = new TestService();
        await using var server = await TestServer.StartAsync(service.Map);

        var result = await RunClientAsync("unary", server, Methods.Northbound.Transact, TestService.Request("slow"), timeout: "0.5");

        Assert.Equal("DEADLINE_EXCEEDED", result.Status);
        var context = await service.SlowStarted.Task.WaitAsync(PythonGrpc.Bound);
        Assert.NotNull(context.Deadline);
        await service.SlowCancelled.Task.WaitAsync(PythonGrpc.Bound);
    }

    private Task<PythonGrpc.Server> StartPythonServerAsync(IMessage expected, IMessage unaryReply, IEnumerable<IMessage> streamReplies,
        StatusCode errorCode, string errorDetail) =>
        PythonGrpc.Server.StartAsync(PythonGrpc.WriteScript(dir, "server.py", PythonScripts.Server),
        [
            Convert.ToHexStringLower(expected.ToByteArray()),
            Convert.ToHexStringLower(unaryReply.ToByteArray()),
            string.Join(',', streamReplies.Select(m => Convert.ToHexStringLower(m.ToByteArray()))),
            PythonGrpc.PythonName(errorCode),
            Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(errorDetail)),
        ]);

    [Fact]
    public async Task Our_channel_against_a_python_server()
    {
        const string detail = "no such chassis: hv-ünï ✓ 50%";
        var request = new SubscribeRequest { Chassis = "hv1", EncapIp = "192.0.2.7", IfaceIds = { "vif1", "vif2" }, LastRevision = 12 };
        var reply = new TransactReply { Revision = 99, Changed = true, Output = { "ls-add sw0" } };
        var updates = Enumerable.Range(1, 50).Select(i => TestService.StreamUpdate(i)).ToList();
        using var python = await StartPythonServerAsync(request, reply, updates, StatusCode.NotFound, detail);
        using var channel = new GrpcChannel(python.Address);
        var bound = PythonGrpc.Bound;

        // Unary: the python side checks our request bytes, we check its reply.
        Assert.Equal(reply, await channel.UnaryAsync(Methods.Northbound.Transact, request, TransactReply.Parser, bound));

        // Server streaming.
        var received = new List<Update>();
        await foreach (var update in new SouthboundClient(channel).SubscribeAsync(request).WithCancellation(new CancellationTokenSource(bound).Token))
            received.Add(update);
        Assert.Equal(updates, received);

        // Error status with a non-ASCII message, unary (trailers-only) and after stream messages.
        var unaryError = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Methods.Northbound.GetDatabase, request, Database.Parser, bound));
        Assert.Equal(StatusCode.NotFound, unaryError.Status);
        Assert.Equal(detail, unaryError.Detail);

        var streamed = new List<Update>();
        var streamError = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var update in channel.ServerStreamingAsync("/overlay.test.Interop/SubscribeFail", request, Update.Parser, bound))
                streamed.Add(update);
        });
        Assert.Equal(updates, streamed);
        Assert.Equal(StatusCode.NotFound, streamError.Status);
        Assert.Equal(detail, streamError.Detail);

        // A request the server does not expect is refused by the python side: proves it really checks.
        var wrong = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(Methods.Northbound.Transact, new SubscribeRequest { Chassis = "other" }, TransactReply.Parser, bound));
        Assert.Equal(StatusCode.InvalidArgument, wrong.Status);

        // Deadline: the python handler waits until grpc cancels it.
        var late = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(Methods.Northbound.Wait, request, WaitReply.Parser, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(StatusCode.DeadlineExceeded, late.Status);

        // Unknown method.
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync("/overlay.nb.v1.Northbound/NoSuchMethod", request, Database.Parser, bound));
        Assert.Equal(StatusCode.Unimplemented, missing.Status);
    }
}
