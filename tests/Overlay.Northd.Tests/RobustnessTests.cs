using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Tests.Support;

namespace Overlay.Northd.Tests;

public sealed class RobustnessTests
{
    /// <summary>Posts raw bytes as a gRPC call; returns the grpc-status (from trailers, or headers for a trailers-only answer).</summary>
    private static async Task<(HttpStatusCode Http, string? Status, string? Message)> RawCallAsync(Uri address, string method, byte[] body, string contentType = "application/grpc")
    {
        using var client = new HttpClient(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.Content.ReadAsByteArrayAsync();
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var v) ? v.First() : response.TrailingHeaders.TryGetValues(name, out var t) ? t.First() : null;
        return (response.StatusCode, Header("grpc-status"), Header("grpc-message"));
    }

    private static byte[] Frame(byte[] payload, int? claimedLength = null)
    {
        var frame = new byte[5 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(claimedLength ?? payload.Length));
        payload.CopyTo(frame, 5);
        return frame;
    }

    [Fact]
    public async Task Malformed_and_oversized_requests_get_a_status_and_the_server_keeps_serving()
    {
        await using var northd = await TestNorthd.StartAsync(o => o.MaxRequestBytes = 64 << 10);
        await northd.RunAsync("ls-add sw0");

        // Not protobuf at all.
        var garbage = await RawCallAsync(northd.Address, Methods.Northbound.Transact, Frame([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12]));
        Assert.NotNull(garbage.Status);
        Assert.NotEqual("0", garbage.Status);
        // A frame that claims more bytes than it has.
        var truncated = await RawCallAsync(northd.Address, Methods.Northbound.Transact, Frame([0x0a, 0x02], claimedLength: 100));
        Assert.NotEqual("0", truncated.Status);
        // No body.
        var empty = await RawCallAsync(northd.Address, Methods.Northbound.GetDatabase, []);
        Assert.NotEqual("0", empty.Status);
        // Not gRPC.
        var json = await RawCallAsync(northd.Address, Methods.Northbound.Transact, "{}"u8.ToArray(), "application/json");
        Assert.True(json.Status is not null and not "0" || json.Http != HttpStatusCode.OK);
        // An rpc that does not exist.
        var unknown = await RawCallAsync(northd.Address, "/overlay.nb.v1.Northbound/Nope", Frame([]));
        Assert.True(unknown.Status == ((int)StatusCode.Unimplemented).ToString() || unknown.Http == HttpStatusCode.NotFound);

        // Larger than MaxRequestBytes: ResourceExhausted, nothing written.
        var huge = new TransactRequest();
        huge.Commands.Add(TestNorthd.Cmd("ls-add", new string('x', 100_000)));
        var e = await Assert.ThrowsAsync<RpcException>(() => northd.Nb.TransactAsync(huge, TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.ResourceExhausted, e.Status);

        // Bad agent input.
        var nameless = await Assert.ThrowsAsync<RpcException>(() => northd.Sb.ReportBindingsAsync(new BindingReport { Chassis = "", EncapIp = "192.0.2.1" }));
        Assert.Equal(StatusCode.InvalidArgument, nameless.Status);
        var badIp = await Assert.ThrowsAsync<RpcException>(() => northd.Sb.ReportBindingsAsync(new BindingReport { Chassis = "hv1", EncapIp = "not-an-ip" }));
        Assert.Equal(StatusCode.InvalidArgument, badIp.Status);
        Assert.Contains("not-an-ip", badIp.Detail, StringComparison.Ordinal);
        var badSubscribe = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in northd.Sb.SubscribeAsync(new SubscribeRequest { Chassis = "hv 1", EncapIp = "192.0.2.1" })) { }
        });
        Assert.Equal(StatusCode.InvalidArgument, badSubscribe.Status);
        var future = await Assert.ThrowsAsync<RpcException>(() => northd.Sb.ReportInstalledAsync(new InstalledReport { Chassis = "hv1", Revision = 99 }));
        Assert.Equal(StatusCode.InvalidArgument, future.Status);

        // Still serving, and nothing above was written.
        Assert.Equal(1, northd.Server.Revision);
        var ok = await northd.RunAsync("ls-add sw1");
        Assert.Equal(2, ok.Revision);
        var db = await northd.Nb.GetDatabaseAsync(new GetDatabaseRequest());
        Assert.Equal(["sw0", "sw1"], db.Switches.Select(s => s.Name));
    }

    [Fact]
    public async Task Bad_options_are_refused_at_start_with_every_problem()
    {
        var options = new NorthdOptions { Listen = "nowhere", DataDir = "", Store = "postgres", SubscriberQueueLimit = 0 };
        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => NorthdServer.StartAsync(options));
        Assert.Contains(e.Failures, f => f.Contains("Listen", StringComparison.Ordinal) && f.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("DataDir", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("postgres", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("SubscriberQueueLimit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_data_dir_that_cannot_be_created_is_named()
    {
        var file = Path.Combine(Path.GetTempPath(), $"overlay-northd-not-a-dir-{Guid.NewGuid():N}");
        File.WriteAllText(file, "");
        try
        {
            var e = await Assert.ThrowsAsync<IOException>(() => NorthdServer.StartAsync(TestNorthd.Options(file, null)));
            Assert.StartsWith($"cannot create the data directory {file} (--data-dir): ", e.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_dir_is_refused()
    {
        await using var northd = await TestNorthd.StartAsync();
        await Assert.ThrowsAsync<Overlay.Northd.Store.StoreLockedException>(() => NorthdServer.StartAsync(TestNorthd.Options(northd.DataDir, null)));
        var ok = await northd.RunAsync("ls-add sw0");
        Assert.Equal(1, ok.Revision);
    }
}
