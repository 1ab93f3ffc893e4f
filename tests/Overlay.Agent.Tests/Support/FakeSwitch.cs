using System.Collections.Immutable;
using System.Net.Sockets;
using System.Threading.Channels;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Wire;

namespace Overlay.Agent.Tests.Support;

/// <summary>
/// An in-process switch speaking real OpenFlow 1.5 bytes on a Unix socket, with a flow table that outlives
/// connections (like ovs-vswitchd) and OVS-like bundles: a flow mod outputting to <see cref="RefusedPort"/>
/// is refused when added to a bundle (OFPBAC_BAD_OUT_PORT) and the bundle discarded. Test hooks:
/// <see cref="Restart"/> (drop the connection and forget flows and TLV map), <see cref="SendGarbageAsync"/>.
/// Accepts one connection at a time, again and again. Same idea as Overlay.OpenFlow.Tests' fake switch.
/// </summary>
internal sealed class FakeSwitch : IAsyncDisposable
{
    public const uint RefusedPort = 0xdead;
    public const ulong Dpid = 0x0000020000fe0001;

    private readonly Socket _listener;
    private readonly string _dir;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<uint, List<BundleAddMessage>> _bundles = [];
    private readonly Lock _lock = new();
    private readonly List<FlowEntry> _table = [];
    private readonly List<TlvMapping> _tlv = [];
    private readonly TableFeatures[] _tables =
        [.. Enumerable.Range(0, 255).Select(i => new TableFeatures((byte)i, TableFeaturesCommand.Replace, $"table{i}", ulong.MaxValue, ulong.MaxValue, 0, 1_000_000))];
    private readonly Task _serve;
    private Socket? _peer;
    private int _connections;

    public FakeSwitch()
    {
        _dir = Directory.CreateTempSubdirectory("ovlag-fake-").FullName;
        SocketPath = Path.Combine(_dir, "br-int.mgmt");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(4);
        _serve = Task.Run(ServeAsync);
    }

    public string SocketPath { get; }

    public string Target => "unix:" + SocketPath;

    /// <summary>Every message received, across connections, in order.</summary>
    public Channel<OfpMessage> Received { get; } = Channel.CreateUnbounded<OfpMessage>();

    public int Connections => Volatile.Read(ref _connections);

    public FlowEntry[] Flows
    {
        get
        {
            lock (_lock)
                return [.. _table];
        }
    }

    public TlvMapping[] TlvMap
    {
        get
        {
            lock (_lock)
                return [.. _tlv];
        }
    }

    /// <summary>Changes the table behind the agent's back (drift).</summary>
    public void Tamper(Action<List<FlowEntry>> change)
    {
        lock (_lock)
            change(_table);
    }

    /// <summary>Like an ovs-vswitchd restart: the connection drops, flows and TLV map are gone.</summary>
    public void Restart()
    {
        lock (_lock)
        {
            _table.Clear();
            _tlv.Clear();
        }

        _peer?.Shutdown(SocketShutdown.Both);
    }

    /// <summary>Sends bytes that are not OpenFlow (a header claiming a 4-byte message).</summary>
    public async Task SendGarbageAsync()
    {
        Socket peer = _peer ?? throw new InvalidOperationException("no client connected");
        await peer.SendAsync(new byte[] { 0x06, 0x00, 0x00, 0x04, 0, 0, 0, 1 }, SocketFlags.None);
    }

    /// <summary>Drains what was received so far.</summary>
    public List<OfpMessage> TakeReceived()
    {
        var list = new List<OfpMessage>();
        while (Received.Reader.TryRead(out OfpMessage? m))
            list.Add(m);
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        _peer?.Dispose();
        try
        {
            await _serve.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Cleanup must go on whatever state a test left the fake in.
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _peer = await _listener.AcceptAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                await ServeOneAsync(_peer);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or OpenFlowProtocolException)
            {
                // The client went away or sent garbage: wait for the next connection.
            }
            finally
            {
                _peer?.Dispose();
                _peer = null;
                lock (_lock)
                    _bundles.Clear();
            }
        }
    }

    private async Task ServeOneAsync(Socket peer)
    {
        await SendAsync(peer, new Hello(0x40) { Xid = 1, Version = 6 });
        byte[] buffer = new byte[1 << 22];
        int filled = 0;
        while (true)
        {
            int n = await peer.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
            if (n == 0)
                return;
            filled += n;
            int offset = 0;
            int length;
            while ((length = OfpFrameReader.TryGetFrameLength(buffer.AsSpan(offset, filled - offset))) > 0)
            {
                OfpMessage message = OfpMessage.Decode(buffer.AsSpan(offset, length));
                offset += length;
                Received.Writer.TryWrite(message);
                await HandleAsync(peer, message);
            }

            buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
            filled -= offset;
        }
    }

    private static async Task SendAsync(Socket peer, OfpMessage message) => await peer.SendAsync(message.Encode(), SocketFlags.None);

    private async Task HandleAsync(Socket peer, OfpMessage message)
    {
        switch (message)
        {
            case Hello:
                break;
            case FeaturesRequest f:
                await SendAsync(peer, new FeaturesReply(Dpid, 0, 254, 0, 0x4f) { Xid = f.Xid });
                break;
            case BarrierRequest b:
                await SendAsync(peer, new BarrierReply { Xid = b.Xid });
                break;
            case EchoRequest e:
                await SendAsync(peer, new EchoReply(e.Data) { Xid = e.Xid });
                break;
            case FlowMod fm:
                lock (_lock)
                    TableModel.ApplyTo(_table, fm);
                break;
            case BundleControl bc:
                await HandleBundleControlAsync(peer, bc);
                break;
            case BundleAddMessage add:
                if (add.Message is FlowMod refused && refused.Actions.OfType<OutputAction>().Any(o => o.Port == RefusedPort))
                {
                    await SendAsync(peer, ErrorMessage.Create("OFPBAC_BAD_OUT_PORT", add.Xid, add.Encode()));
                    break;
                }

                lock (_lock)
                    _bundles[add.BundleId].Add(add);
                break;
            case FlowStatsRequest req:
                await ReplyFlowsAsync(peer, req);
                break;
            case TlvTableRequest t:
                TlvMapping[] map = TlvMap;
                await SendAsync(peer, new TlvTableReply(256, 64, [.. map]) { Xid = t.Xid });
                break;
            case TlvTableMod mod:
                lock (_lock)
                    _tlv.AddRange(mod.Mappings);
                break;
            case TableFeaturesRequest tf:
                for (int i = 0; i < _tables.Length; i++)
                {
                    MultipartFlags more = i < _tables.Length - 1 ? MultipartFlags.More : MultipartFlags.None;
                    await SendAsync(peer, new TableFeaturesReply(more, [_tables[i]]) { Xid = tf.Xid });
                }

                break;
        }
    }

    private async Task HandleBundleControlAsync(Socket peer, BundleControl bc)
    {
        BundleControlType reply;
        lock (_lock)
        {
            switch (bc.ControlType)
            {
                case BundleControlType.OpenRequest:
                    _bundles[bc.BundleId] = [];
                    reply = BundleControlType.OpenReply;
                    break;
                case BundleControlType.DiscardRequest:
                    _bundles.Remove(bc.BundleId);
                    reply = BundleControlType.DiscardReply;
                    break;
                case BundleControlType.CommitRequest:
                    var model = new TableModel(_table);
                    model.Apply(_bundles[bc.BundleId].Select(a => (FlowMod)a.Message));
                    _bundles.Remove(bc.BundleId);
                    _table.Clear();
                    _table.AddRange(model.Flows);
                    reply = BundleControlType.CommitReply;
                    break;
                default:
                    return;
            }
        }

        await SendAsync(peer, new BundleControl(bc.BundleId, reply, BundleFlags.None) { Xid = bc.Xid });
    }

    private async Task ReplyFlowsAsync(Socket peer, FlowStatsRequest req)
    {
        FlowEntry[] flows = [.. Flows.Where(f => req.TableId == FlowMod.AllTables || f.Table == req.TableId)];
        FlowEntry[][] parts = flows.Length == 0 ? [[]] : [.. flows.Chunk(50)];
        for (int i = 0; i < parts.Length; i++)
        {
            MultipartFlags flags = i < parts.Length - 1 ? MultipartFlags.More : MultipartFlags.None;
            ImmutableArray<FlowStats> stats = [.. parts[i].Select(f => new FlowStats(f, 1, 0, 0, 0))];
            await SendAsync(peer, new FlowStatsReply(flags, stats) { Xid = req.Xid });
        }
    }
}
