using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow;

/// <summary>
/// An OpenFlow 1.5 connection to a switch (OVS's <c>unix:&lt;rundir&gt;/br-int.mgmt</c> or TCP).
/// Connecting exchanges HELLO and FEATURES; afterwards echo requests are answered
/// automatically, requests are matched to replies by xid, and errors are attributed to
/// the request that caused them. A malformed frame from the peer closes the connection
/// with an <see cref="OpenFlowProtocolException"/> as <see cref="CloseReason"/>; every
/// waiting call then fails with <see cref="OpenFlowConnectionClosedException"/>.
/// There is no reconnect: dispose and connect again.
/// </summary>
public sealed partial class OpenFlowConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly OpenFlowConnectionOptions _options;
    private readonly PipeReader _input;
    private readonly Channel<OutgoingBytes> _outgoing = Channel.CreateUnbounded<OutgoingBytes>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<OfpMessage> _unsolicited;
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<uint, (ErrorWatch Watch, int Index)> _watched = new();
    private readonly List<WatchedRange> _watchedRanges = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private int _nextXid;
    private int _nextBundleId;
    private int _closing;
    private Exception? _closeReason;

    private OpenFlowConnection(Stream stream, OpenFlowConnectionOptions options)
    {
        _stream = stream;
        _options = options;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _unsolicited = Channel.CreateBounded<OfpMessage>(new BoundedChannelOptions(Math.Max(1, options.UnsolicitedCapacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
        });
        _nextXid = Random.Shared.Next(1, 0x1000) << 16;
    }

    /// <summary>The negotiated OpenFlow version (always 0x06).</summary>
    public byte Version { get; private set; }

    /// <summary>The switch's FEATURES_REPLY (datapath id, number of tables).</summary>
    public FeaturesReply Features { get; private set; } = new(0, 0, 0, 0, 0);

    public ulong DatapathId => Features.DatapathId;

    public bool IsConnected => Volatile.Read(ref _closing) == 0;

    /// <summary>Why the connection closed (null while open or after a clean dispose).</summary>
    public Exception? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes when the connection has closed for any reason.</summary>
    public Task Completion => _closed.Task;

    /// <summary>Messages not answering a pending request: asynchronous errors, port status, ...</summary>
    public ChannelReader<OfpMessage> UnsolicitedMessages => _unsolicited.Reader;

    /// <summary>Connects to <c>unix:PATH</c>, <c>tcp:HOST:PORT</c> or an absolute socket path.</summary>
    public static Task<OpenFlowConnection> ConnectAsync(string target, OpenFlowConnectionOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(OpenFlowEndpoint.Parse(target), options, cancellationToken);

    public static async Task<OpenFlowConnection> ConnectAsync(EndPoint endPoint, OpenFlowConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= OpenFlowConnectionOptions.Default;
        ProtocolType protocol = endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        AddressFamily family = endPoint switch
        {
            UnixDomainSocketEndPoint => AddressFamily.Unix,
            IPEndPoint ip => ip.AddressFamily,
            _ => AddressFamily.InterNetwork,
        };
        var socket = new Socket(family, SocketType.Stream, protocol);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.HandshakeTimeout);
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
            if (protocol == ProtocolType.Tcp)
            {
                socket.NoDelay = true;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return await OpenAsync(new NetworkStream(socket, ownsSocket: true), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the OpenFlow handshake over an already connected duplex stream (takes ownership of it).</summary>
    public static async Task<OpenFlowConnection> OpenAsync(Stream stream, OpenFlowConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var connection = new OpenFlowConnection(stream, options ?? OpenFlowConnectionOptions.Default);
        try
        {
            await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A fresh transaction id.</summary>
    public uint NextXid() => (uint)Interlocked.Increment(ref _nextXid);

    public async ValueTask DisposeAsync()
    {
        Close(null);
        try
        {
            await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loops record their failure in CloseReason; disposal itself must not throw.
        }

        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        Hello ours = Hello.Offering(OfpVersion.OpenFlow15) with { Xid = NextXid() };
        await _stream.WriteAsync(ours.Encode(), timeout.Token).ConfigureAwait(false);
        await _stream.FlushAsync(timeout.Token).ConfigureAwait(false);

        OfpMessage first;
        try
        {
            first = await ReadFirstMessageAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no OpenFlow HELLO from the switch within {_options.HandshakeTimeout}");
        }

        if (first is ErrorMessage error)
        {
            throw new OpenFlowErrorException(error);
        }

        if (first is not Hello theirs)
        {
            throw new OpenFlowProtocolException($"expected OFPT_HELLO as the first message, got {OfpTypeNames.Name(first.Type)}");
        }

        byte? version = Hello.Negotiate(ours, theirs);
        if (version != OfpVersion.OpenFlow15)
        {
            string offered = string.Join(", ", theirs.Versions.Select(v => $"0x{v:x2}"));
            ErrorMessage refuse = ErrorMessage.Create("OFPHFC_INCOMPATIBLE", theirs.Xid) with { Version = first.Version };
            await _stream.WriteAsync(refuse.Encode(), timeout.Token).ConfigureAwait(false);
            throw new OpenFlowException(
                $"version negotiation failed: we support 0x06 (OpenFlow 1.5), the switch supports {offered}; set protocols=OpenFlow15 on the bridge");
        }

        Version = version.Value;
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
        _writeLoop = Task.Run(WriteLoopAsync, CancellationToken.None);
        try
        {
            Features = (FeaturesReply)await RequestAsync(new FeaturesRequest(), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no FEATURES_REPLY from the switch within {_options.HandshakeTimeout}");
        }
    }

    private async Task<OfpMessage> ReadFirstMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            System.Buffers.ReadOnlySequence<byte> buffer = result.Buffer;
            if (OfpFrameReader.TryReadFrame(ref buffer, out System.Buffers.ReadOnlySequence<byte> frame))
            {
                OfpMessage message = OfpMessage.Decode(frame);
                _input.AdvanceTo(buffer.Start);
                return message;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new OpenFlowConnectionClosedException("the switch closed the connection during the OpenFlow handshake");
            }
        }
    }

    /// <summary>Closes once; fails everything that waits. <paramref name="reason"/> null = local dispose.</summary>
    private void Close(Exception? reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        _outgoing.Writer.TryComplete();
        _unsolicited.Writer.TryComplete();
        try
        {
            _shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        // Closing the stream unblocks a writer stuck on a full socket.
        try
        {
            _stream.Close();
        }
        catch (Exception)
        {
            // Nothing useful to do with a failure to close an already broken stream.
        }

        var closed = new OpenFlowConnectionClosedException(
            reason is null ? "the OpenFlow connection was disposed" : $"the OpenFlow connection closed: {reason.Message}",
            reason);
        foreach (uint xid in _pending.Keys)
        {
            if (_pending.TryRemove(xid, out PendingRequest? p))
            {
                p.Completion.TrySetException(closed);
            }
        }

        _closed.TrySetResult();
    }

    private OpenFlowConnectionClosedException ClosedError() => new(
        CloseReason is { } r ? $"the OpenFlow connection is closed: {r.Message}" : "the OpenFlow connection is closed",
        CloseReason);
}
