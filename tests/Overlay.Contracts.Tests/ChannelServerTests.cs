using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;

namespace Overlay.Contracts.Tests;

/// <summary>Our GrpcChannel against our Kestrel endpoints, on loopback.</summary>
public class ChannelServerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static async Task<(TestServer Server, TestService Service, GrpcChannel Channel)> StartAsync()
    {
        var service = new TestService();
        var server = await TestServer.StartAsync(service.Map);
        return (server, service, new GrpcChannel(server.Address));
    }

    [Fact]
    public async Task Unary_call_returns_the_reply()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        var client = new NorthboundClient(channel);

        var reply = await client.TransactAsync(TestService.Request("echo", "ls-add", "sw0"), Bound);

        Assert.Equal(42, reply.Revision);
        Assert.True(reply.Changed);
        Assert.Equal(["ls-add", "sw0"], reply.Output);
    }

    [Fact]
    public async Task Many_concurrent_unary_calls_share_the_channel()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        var client = new NorthboundClient(channel);

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.TransactAsync(TestService.Request("echo", $"n{i}"), Bound)));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"n{i}"), replies.Select(r => r.Output.Single()));
    }

    [Theory]
    [InlineData(StatusCode.FailedPrecondition, "revision moved on")]
    [InlineData(StatusCode.InvalidArgument, "lsp-add: no switch 'sw9' — ünïcødé ✓ 100%\nsecond line")]
    [InlineData(StatusCode.NotFound, "")]
    public async Task Handler_status_and_message_reach_the_client(StatusCode status, string message)
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            new NorthboundClient(channel).TransactAsync(TestService.Request("fail", ((int)status).ToString(), message), Bound));

        Assert.Equal(status, e.Status);
        Assert.Equal(message, e.Detail);
    }

    [Fact]
    public async Task Other_handler_exceptions_become_internal_and_are_logged()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            new NorthboundClient(channel).TransactAsync(TestService.Request("crash", "disk on fire"), Bound));

        Assert.Equal(StatusCode.Internal, e.Status);
        Assert.Contains("disk on fire", e.Detail);
        Assert.Contains(server.Logs.Entries, entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Error
            && entry.Exception is InvalidOperationException { Message: "disk on fire" });
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;

        var updates = new List<Update>();
        await foreach (var update in new SouthboundClient(channel).SubscribeAsync(new SubscribeRequest { Chassis = "hv1", LastRevision = 2000 })
                           .WithCancellation(new CancellationTokenSource(Bound).Token))
            updates.Add(update);

        Assert.Equal(Enumerable.Range(1, 2000).Select(i => TestService.StreamUpdate(i)), updates);
    }

    [Fact]
    public async Task Stream_messages_arrive_before_the_stream_ends()
    {
        var (server, service, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        using var cts = new CancellationTokenSource(Bound);

        await using var stream = new SouthboundClient(channel).SubscribeAsync(new SubscribeRequest { Chassis = "hang", LastRevision = 3 }, cts.Token)
            .GetAsyncEnumerator();
        for (int i = 1; i <= 3; i++)
        {
            Assert.True(await stream.MoveNextAsync());
            Assert.Equal(i, stream.Current.Revision);
        }
        await service.StreamStarted.Task.WaitAsync(Bound);
    }

    [Fact]
    public async Task A_stream_ending_in_error_delivers_its_messages_then_the_status()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;

        var updates = new List<Update>();
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var update in new SouthboundClient(channel).SubscribeAsync(new SubscribeRequest { Chassis = "fail", LastRevision = 5 }))
                updates.Add(update);
        }).WaitAsync(Bound);

        Assert.Equal(5, updates.Count);
        Assert.Equal(StatusCode.Aborted, e.Status);
        Assert.Equal(TestService.FailDetail, e.Detail);
    }

    [Fact]
    public async Task Deadline_exceeded_on_the_client_and_the_server_sees_the_deadline()
    {
        var (server, service, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        var client = new NorthboundClient(channel);

        var reply = await client.TransactAsync(TestService.Request("deadline"), TimeSpan.FromMinutes(5));
        var deadline = DateTimeOffset.Parse(reply.Output[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(deadline - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.StartsWith("ipv4:127.0.0.1:", reply.Output[1]);

        var e = await Assert.ThrowsAsync<RpcException>(() => client.TransactAsync(TestService.Request("slow"), TimeSpan.FromMilliseconds(300)));
        Assert.Equal(StatusCode.DeadlineExceeded, e.Status);
        // Whichever side noticed first, the deadline is given in seconds.
        Assert.StartsWith("deadline of 0.3 s exceeded ", e.Detail);
        await service.SlowCancelled.Task.WaitAsync(Bound);
    }

    [Fact]
    public async Task The_server_enforces_the_deadline_itself()
    {
        // A raw request with grpc-timeout and no client-side timer: the status must come from the server.
        var (server, service, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        using var http = RawClient();

        using var response = await http.SendAsync(RawRequest(server, Methods.Northbound.Transact,
            GrpcFrame.Encode(TestService.Request("slow")), timeout: "200m"), HttpCompletionOption.ResponseHeadersRead);
        var (status, message) = await ReadStatusAsync(response);

        Assert.Equal("4", status);
        Assert.Contains("deadline", message);
        Assert.True(service.SlowCancelled.Task.IsCompleted);
    }

    [Theory]
    [InlineData("99999999H", "none")]
    [InlineData("bogus", "none")]
    [InlineData("5M", "20")]
    public async Task Extreme_or_invalid_timeouts_do_not_break_the_call(string timeout, string deadlinePrefix)
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        using var http = RawClient();

        using var response = await http.SendAsync(RawRequest(server, Methods.Northbound.Transact,
            GrpcFrame.Encode(TestService.Request("deadline")), timeout), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.True(GrpcFrame.TryRead(body, 1 << 20, out var payload, out _));
        Assert.StartsWith(deadlinePrefix, TransactReply.Parser.ParseFrom(payload).Output[0]);
    }

    [Fact]
    public async Task Caller_cancellation_throws_and_cancels_the_server_handler()
    {
        var (server, service, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        using var cts = new CancellationTokenSource();

        var call = new NorthboundClient(channel).TransactAsync(TestService.Request("slow"), ct: cts.Token);
        var context = await service.SlowStarted.Task.WaitAsync(Bound);
        Assert.Null(context.Deadline);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await service.SlowCancelled.Task.WaitAsync(Bound);
    }

    [Fact]
    public async Task Leaving_a_stream_early_cancels_the_server_handler()
    {
        var (server, service, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        using var cts = new CancellationTokenSource(Bound);

        await foreach (var update in new SouthboundClient(channel).SubscribeAsync(new SubscribeRequest { Chassis = "hang", LastRevision = 1 }, cts.Token))
        {
            await service.StreamStarted.Task.WaitAsync(Bound);
            break;
        }

        await service.StreamCancelled.Task.WaitAsync(Bound);
    }

    [Fact]
    public async Task Cancelling_a_stream_throws_operation_cancelled()
    {
        var (server, service, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        using var cts = new CancellationTokenSource();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in new SouthboundClient(channel).SubscribeAsync(new SubscribeRequest { Chassis = "hang", LastRevision = 1 }, cts.Token))
            {
                await service.StreamStarted.Task.WaitAsync(Bound);
                cts.Cancel();
            }
        }).WaitAsync(Bound);
        Assert.Equal(cts.Token, e.CancellationToken);
        await service.StreamCancelled.Task.WaitAsync(Bound);
    }

    [Fact]
    public async Task Oversized_request_is_resource_exhausted_and_the_next_call_works()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;

        var e = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestService.SmallTransact,
            TestService.Request("echo", new string('x', 2000)), TransactReply.Parser, Bound));
        Assert.Equal(StatusCode.ResourceExhausted, e.Status);

        var reply = await channel.UnaryAsync(TestService.SmallTransact, TestService.Request("echo", "small"), TransactReply.Parser, Bound);
        Assert.Equal("small", reply.Output.Single());
    }

    [Fact]
    public async Task Oversized_response_is_resource_exhausted_on_the_client()
    {
        var (server, _, _) = await StartAsync();
        await using var _s = server;
        using var channel = new GrpcChannel(server.Address, maxReceiveMessageSize: 100);

        var ok = await new NorthboundClient(channel).TransactAsync(TestService.Request("echo", "short"), Bound);
        Assert.Equal("short", ok.Output.Single());
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            new NorthboundClient(channel).TransactAsync(TestService.Request("echo", new string('y', 200)), Bound));
        Assert.Equal(StatusCode.ResourceExhausted, e.Status);
    }

    [Fact]
    public async Task A_request_over_the_default_limit_is_resource_exhausted_while_still_uploading()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            new NorthboundClient(channel).TransactAsync(TestService.Request("echo", new string('z', 17 << 20)), Bound));
        Assert.Equal(StatusCode.ResourceExhausted, e.Status);
        Assert.Contains((16 << 20).ToString(), e.Detail);

        var reply = await new NorthboundClient(channel).TransactAsync(TestService.Request("echo", new string('z', 15 << 20)), Bound);
        Assert.Equal(15 << 20, reply.Output.Single().Length);
    }

    [Theory]
    [InlineData("hang", 20000, "server is shutting down")] // graceful: ApplicationStopping cancels the handler, which ends the stream
    [InlineData("deaf", 0, "127.0.0.1:")]                  // abort: the handler ignores its token, the connection is cut
    public async Task A_server_going_away_mid_stream_is_unavailable(string mode, int graceMs, string detail)
    {
        var service = new TestService();
        var server = await TestServer.StartAsync(service.Map);
        await using var _s = server;
        using var channel = new GrpcChannel(server.Address);
        using var cts = new CancellationTokenSource(Bound);
        var updates = new List<Update>();

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var update in new SouthboundClient(channel).SubscribeAsync(new SubscribeRequest { Chassis = mode, LastRevision = 2 }, cts.Token))
            {
                updates.Add(update);
                if (updates.Count == 2)
                {
                    await service.StreamStarted.Task.WaitAsync(Bound);
                    var stopping = System.Diagnostics.Stopwatch.StartNew();
                    await server.DisposeAsync(TimeSpan.FromMilliseconds(graceMs));
                    Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
                }
            }
        });

        service.Release.TrySetResult();
        Assert.Equal(2, updates.Count);
        Assert.Equal(StatusCode.Unavailable, e.Status);
        Assert.Contains(detail, e.Detail);
    }

    [Theory]
    [InlineData("00000000", "3", "ended inside")]                       // truncated header
    [InlineData("000000000a0a03", "3", "ended inside")]                 // truncated payload
    [InlineData("", "3", "no request message")]                         // no message at all
    [InlineData("0000000002ffff", "3", "cannot parse")]                 // not protobuf
    [InlineData("00000000000000000000", "3", "one request message")]    // two messages for a unary call
    [InlineData("01000000020807", "13", "compress")]                    // compressed flag
    [InlineData("00ffffffff", "8", "exceeds")]                          // 4 GiB length
    public async Task Malformed_requests_get_a_status_and_the_server_keeps_serving(string bodyHex, string status, string detail)
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;
        using var http = RawClient();

        using var response = await http.SendAsync(RawRequest(server, Methods.Northbound.Transact, Convert.FromHexString(bodyHex)),
            HttpCompletionOption.ResponseHeadersRead);
        var (code, message) = await ReadStatusAsync(response);
        Assert.Equal(status, code);
        Assert.Contains(detail, message);

        var reply = await new NorthboundClient(channel).TransactAsync(TestService.Request("echo", "still here"), Bound);
        Assert.Equal("still here", reply.Output.Single());
    }

    [Fact]
    public async Task Wrong_content_type_is_refused()
    {
        var (server, _, _) = await StartAsync();
        await using var _s = server;
        using var http = RawClient();

        var request = RawRequest(server, Methods.Northbound.Transact, GrpcFrame.Encode(TestService.Request("echo")));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Unknown_method_is_unimplemented()
    {
        var (server, _, channel) = await StartAsync();
        await using var _s = server;
        using var _c = channel;

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync("/overlay.nb.v1.Northbound/NoSuchMethod", new GetDatabaseRequest(), Database.Parser, Bound));
        Assert.Equal(StatusCode.Unimplemented, e.Status);
    }

    [Fact]
    public async Task Connection_refused_is_unavailable_naming_the_address()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = new GrpcChannel(new Uri($"http://127.0.0.1:{port}"));

        var e = await Assert.ThrowsAsync<RpcException>(() => new NorthboundClient(channel).TransactAsync(TestService.Request("echo"), Bound));
        Assert.Equal(StatusCode.Unavailable, e.Status);
        Assert.Contains($"127.0.0.1:{port}", e.Detail);

        var s = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in new SouthboundClient(channel).SubscribeAsync(new SubscribeRequest())) { }
        });
        Assert.Equal(StatusCode.Unavailable, s.Status);
    }

    [Fact]
    public async Task A_cancelled_token_throws_before_sending()
    {
        using var channel = new GrpcChannel(new Uri("http://127.0.0.1:1"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new NorthboundClient(channel).TransactAsync(TestService.Request("echo"), ct: new CancellationToken(true)));
    }

    private static HttpClient RawClient() => new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Bound };

    private static HttpRequestMessage RawRequest(TestServer server, string method, byte[] body, string? timeout = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        if (timeout is not null)
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        return request;
    }

    /// <summary>grpc-status and the decoded grpc-message, from the trailers or a trailers-only response.</summary>
    private static async Task<(string Status, string Message)> ReadStatusAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Contains("grpc-status") ? (HttpHeaders)response.Headers : response.TrailingHeaders;
        string status = headers.GetValues("grpc-status").Single();
        string message = headers.TryGetValues("grpc-message", out var m) ? GrpcStatusMessage.Decode(m.Single()) : "";
        return (status, message);
    }
}
