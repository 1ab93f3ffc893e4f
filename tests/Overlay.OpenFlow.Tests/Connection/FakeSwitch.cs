using System.Buffers;
using System.Collections.Immutable;
using System.Net.Sockets;
using System.Threading.Channels;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Tests.Connection;

/// <summary>
/// An in-process switch speaking real OpenFlow 1.5 bytes over a Unix socket, with a tiny
/// flow table and OVS-like bundle semantics. Test hooks: a flow mod outputting to
/// <see cref="BadAtAddPort"/> is refused when added to a bundle (OFPBAC_BAD_OUT_PORT),
/// one with priority <see cref="BadAtCommitPriority"/> fails at commit (OFPFMFC_OVERLAP).
/// </summary>
internal sealed class FakeSwitch : IAsyncDisposable
{
    public const uint BadAtAddPort = 0xdead;
    public const ushort BadAtCommitPriority = 0xbad;
    public const ulong Dpid = 0x0000020000fe0001;

    private readonly Socket _listener;
    private readonly string _dir;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<OfpMessage> _received = Channel.CreateUnbounded<OfpMessage>();
    private readonly Dictionary<uint, List<BundleAddMessage>> _bundles = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Socket? _peer;
    private Task _serve = Task.CompletedTask;

    private FakeSwitch(string dir, bool tcp)
    {
        _dir = dir;
        SocketPath = Path.Combine(dir, "br-int.mgmt");
        if (tcp)
        {
            _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            Target = $"tcp:127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndPoint!).Port}";
        }
        else
        {
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            Target = "unix:" + SocketPath;
        }

        _listener.Listen(1);
    }

    public string SocketPath { get; }

    /// <summary>Connection target for <see cref="OpenFlowConnection.ConnectAsync(string, OpenFlowConnectionOptions?, CancellationToken)"/>.</summary>
    public string Target { get; }

    /// <summary>False to play a switch that accepts the connection and then says nothing.</summary>
    public bool SendsHello { get; init; } = true;

    public uint HelloBitmap { get; init; } = 0x50;

    public int FlowsPerReplyPart { get; init; } = 2;

    /// <summary>Runs before the default handling; return true when the message was fully handled.</summary>
    public Func<OfpMessage, Task<bool>>? Intercept { get; set; }

    public List<FlowEntry> Table { get; } = [];

    public List<TlvMapping> TlvMap { get; } = [];

    public List<TableFeatures> Tables { get; } =
        [.. Enumerable.Range(0, 3).Select(i => new TableFeatures((byte)i, TableFeaturesCommand.Replace, $"table{i}", ulong.MaxValue, ulong.MaxValue, 0, 1_000_000))];

    public ChannelReader<OfpMessage> Received => _received.Reader;

    public static FakeSwitch Start(uint helloBitmap = 0x50, bool tcp = false, bool sendsHello = true)
    {
        string dir = Directory.CreateTempSubdirectory("ovlof-fake-").FullName;
        var fake = new FakeSwitch(dir, tcp) { HelloBitmap = helloBitmap, SendsHello = sendsHello };
        fake._serve = Task.Run(fake.ServeAsync);
        return fake;
    }

    public async Task SendAsync(OfpMessage message) => await SendRawAsync(message.Encode());

    public async Task SendRawAsync(byte[] bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            Socket peer = _peer ?? throw new InvalidOperationException("no client connected");
            await peer.SendAsync(bytes, SocketFlags.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes the client's connection from the switch side.</summary>
    public void DropConnection() => _peer?.Shutdown(SocketShutdown.Both);

    /// <summary>Waits (bounded) for the next received message satisfying <paramref name="predicate"/>.</summary>
    public async Task<OfpMessage> WaitForAsync(Func<OfpMessage, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            OfpMessage m = await _received.Reader.ReadAsync(cts.Token);
            if (predicate(m))
            {
                return m;
            }
        }
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
            // A test that broke the fake on purpose (or by mistake) must still clean up.
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task ServeAsync()
    {
        try
        {
            _peer = await _listener.AcceptAsync(_stop.Token);
            if (SendsHello)
            {
                await SendAsync(new Hello(HelloBitmap) { Xid = 1, Version = (byte)(31 - uint.LeadingZeroCount(HelloBitmap)) });
            }

            byte[] buffer = new byte[1 << 20];
            int filled = 0;
            while (true)
            {
                int n = await _peer.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    _received.Writer.TryComplete();
                    return;
                }

                filled += n;
                int offset = 0;
                int length;
                while ((length = OfpFrameReader.TryGetFrameLength(buffer.AsSpan(offset, filled - offset))) > 0)
                {
                    OfpMessage message = OfpMessage.Decode(buffer.AsSpan(offset, length));
                    offset += length;
                    _received.Writer.TryWrite(message);
                    if (Intercept is null || !await Intercept(message))
                    {
                        await HandleAsync(message);
                    }
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _received.Writer.TryComplete();
        }
    }

    private async Task HandleAsync(OfpMessage message)
    {
        switch (message)
        {
            case FeaturesRequest f:
                await SendAsync(new FeaturesReply(Dpid, 0, 254, 0, 0x4f) { Xid = f.Xid });
                break;
            case BarrierRequest b:
                await SendAsync(new BarrierReply { Xid = b.Xid });
                break;
            case EchoRequest e:
                await SendAsync(new EchoReply(e.Data) { Xid = e.Xid });
                break;
            case FlowMod fm:
                Apply(Table, fm);
                break;
            case BundleControl bc:
                await HandleBundleControlAsync(bc);
                break;
            case BundleAddMessage add:
                await HandleBundleAddAsync(add);
                break;
            case FlowStatsRequest req:
                await ReplyFlowsAsync(req);
                break;
            case TlvTableRequest t:
                await SendAsync(new TlvTableReply(256, 64, [.. TlvMap]) { Xid = t.Xid });
                break;
            case TlvTableMod mod:
                await HandleTlvModAsync(mod);
                break;
            case TableFeaturesRequest tf:
                await HandleTableFeaturesAsync(tf);
                break;
        }
    }

    private async Task HandleBundleControlAsync(BundleControl bc)
    {
        switch (bc.ControlType)
        {
            case BundleControlType.OpenRequest:
                _bundles[bc.BundleId] = [];
                await SendAsync(new BundleControl(bc.BundleId, BundleControlType.OpenReply, BundleFlags.None) { Xid = bc.Xid });
                break;
            case BundleControlType.DiscardRequest:
                _bundles.Remove(bc.BundleId);
                await SendAsync(new BundleControl(bc.BundleId, BundleControlType.DiscardReply, BundleFlags.None) { Xid = bc.Xid });
                break;
            case BundleControlType.CommitRequest:
                List<BundleAddMessage> adds = _bundles[bc.BundleId];
                _bundles.Remove(bc.BundleId);
                var staged = new List<FlowEntry>(Table);
                foreach (BundleAddMessage add in adds)
                {
                    var fm = (FlowMod)add.Message;
                    if (fm.Priority == BadAtCommitPriority)
                    {
                        // Like OVS: an error for the failing add (its xid), then MSG_FAILED for the commit; nothing applied.
                        await SendAsync(ErrorMessage.Create("OFPFMFC_OVERLAP", add.Xid, add.Encode()));
                        await SendAsync(ErrorMessage.Create("OFPBFC_MSG_FAILED", bc.Xid, bc.Encode()));
                        return;
                    }

                    Apply(staged, fm);
                }

                Table.Clear();
                Table.AddRange(staged);
                await SendAsync(new BundleControl(bc.BundleId, BundleControlType.CommitReply, BundleFlags.None) { Xid = bc.Xid });
                break;
        }
    }

    private async Task HandleBundleAddAsync(BundleAddMessage add)
    {
        if (add.Message.Xid != add.Xid)
        {
            await SendAsync(ErrorMessage.Create("OFPBFC_MSG_BAD_XID", add.Xid, add.Encode()));
            return;
        }

        if (add.Message is FlowMod fm && fm.Actions.OfType<OutputAction>().Any(o => o.Port == BadAtAddPort))
        {
            await SendAsync(ErrorMessage.Create("OFPBAC_BAD_OUT_PORT", add.Xid, add.Encode()));
            return;
        }

        _bundles[add.BundleId].Add(add);
    }

    private async Task ReplyFlowsAsync(FlowStatsRequest req)
    {
        FlowEntry[] flows = [.. Table.Where(f =>
            (req.TableId == FlowMod.AllTables || f.Table == req.TableId) && ((f.Cookie ^ req.Cookie) & req.CookieMask) == 0)];
        FlowEntry[][] parts = flows.Length == 0 ? [[]] : [.. flows.Chunk(FlowsPerReplyPart)];
        for (int i = 0; i < parts.Length; i++)
        {
            MultipartFlags flags = i < parts.Length - 1 ? MultipartFlags.More : MultipartFlags.None;
            ImmutableArray<FlowStats> stats = [.. parts[i].Select(f => new FlowStats(f, 1, 0, 0, 0))];
            await SendAsync(new FlowStatsReply(flags, stats) { Xid = req.Xid });
        }
    }

    private async Task HandleTlvModAsync(TlvTableMod mod)
    {
        if (mod.Command == TlvTableModCommand.Add && mod.Mappings.Any(m => TlvMap.Any(t => t.Index == m.Index)))
        {
            await SendAsync(ErrorMessage.Create("NXTTMFC_ALREADY_MAPPED", mod.Xid, mod.Encode()));
            return;
        }

        TlvMap.AddRange(mod.Mappings);
    }

    private async Task HandleTableFeaturesAsync(TableFeaturesRequest tf)
    {
        foreach (TableFeatures change in tf.Tables)
        {
            int i = Tables.FindIndex(t => t.TableId == change.TableId);
            if (change.MaxEntries != Tables[i].MaxEntries)
            {
                await SendAsync(ErrorMessage.Create("OFPTFFC_EPERM", tf.Xid, tf.Encode()));
                return;
            }

            Tables[i] = Tables[i] with { Name = change.Name };
        }

        for (int i = 0; i < Tables.Count; i++)
        {
            MultipartFlags flags = i < Tables.Count - 1 ? MultipartFlags.More : MultipartFlags.None;
            await SendAsync(new TableFeaturesReply(flags, [Tables[i]]) { Xid = tf.Xid });
        }
    }

    private static void Apply(List<FlowEntry> table, FlowMod fm)
    {
        bool Same(FlowEntry f) => f.Table == fm.TableId && f.Priority == fm.Priority && f.Match == fm.Match;
        switch (fm.Command)
        {
            case FlowModCommand.Add:
                table.RemoveAll(Same);
                table.Add(fm.ToFlowEntry());
                break;
            case FlowModCommand.ModifyStrict:
                int i = table.FindIndex(Same);
                if (i >= 0)
                {
                    table[i] = table[i] with { Actions = fm.Actions };
                }

                break;
            case FlowModCommand.DeleteStrict:
                table.RemoveAll(Same);
                break;
            case FlowModCommand.Delete:
                table.RemoveAll(f => (fm.TableId == FlowMod.AllTables || f.Table == fm.TableId)
                    && ((f.Cookie ^ fm.Cookie) & fm.CookieMask) == 0);
                break;
        }
    }
}
