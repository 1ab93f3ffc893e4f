using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Overlay.Ovsdb.Tests.Fakes;

/// <summary>
/// The server end of a real Unix socket, scripted by a test: it reads the client's JSON-RPC messages with the
/// framework's own multi-value JSON reader (independent of the framer under test) and writes raw bytes back.
/// </summary>
internal sealed class FakeOvsdbServer : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo _dir;
    private readonly Socket _listener;
    private readonly Socket _peer;
    private readonly NetworkStream _stream;
    private readonly IAsyncEnumerator<JsonElement> _incoming;

    private FakeOvsdbServer(DirectoryInfo dir, Socket listener, Socket peer)
    {
        _dir = dir;
        _listener = listener;
        _peer = peer;
        _stream = new NetworkStream(peer, ownsSocket: false);
        _incoming = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(_stream, topLevelValues: true).GetAsyncEnumerator();
    }

    /// <param name="attach">Connect a raw socket and hand its stream to <see cref="OvsdbClient.Attach"/>
    /// instead of using <see cref="OvsdbClient.ConnectAsync"/>.</param>
    public static async Task<(FakeOvsdbServer Server, OvsdbClient Client)> StartAsync(OvsdbClientOptions? options = null, bool attach = false)
    {
        var dir = Directory.CreateTempSubdirectory("ovldb-fake-");
        string path = Path.Combine(dir.FullName, "db.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var accept = listener.AcceptAsync();
        OvsdbClient client;
        if (attach)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
            client = OvsdbClient.Attach(new NetworkStream(socket, ownsSocket: true), options);
        }
        else
        {
            client = await OvsdbClient.ConnectAsync("unix:" + path, options);
        }
        var peer = await accept.WaitAsync(Deadline);
        return (new FakeOvsdbServer(dir, listener, peer), client);
    }

    /// <summary>The next message the client sent.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        if (!await _incoming.MoveNextAsync().AsTask().WaitAsync(Deadline))
            throw new EndOfStreamException("client closed the connection");
        return _incoming.Current;
    }

    /// <summary>The next request, checked to be <paramref name="method"/>; returns its id and params.</summary>
    public async Task<(long Id, JsonElement Params)> ExpectRequestAsync(string method)
    {
        var message = await ReceiveAsync();
        Assert.Equal(method, message.GetProperty("method").GetString());
        return (message.GetProperty("id").GetInt64(), message.GetProperty("params"));
    }

    public Task SendAsync(string json) => SendRawAsync(Encoding.UTF8.GetBytes(json));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task ReplyAsync(long id, string resultJson) => SendAsync($$$"""{"id":{{{id}}},"result":{{{resultJson}}},"error":null}""");

    /// <summary>Closes our end, as a server that exits would.</summary>
    public void Hangup() => _peer.Shutdown(SocketShutdown.Both);

    public async ValueTask DisposeAsync()
    {
        await _incoming.DisposeAsync();
        _stream.Dispose();
        _peer.Dispose();
        _listener.Dispose();
        _dir.Delete(recursive: true);
    }
}
