using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow.Tests.Connection;

/// <summary>The connection against an in-process switch speaking real OpenFlow bytes.</summary>
public sealed class ConnectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static FlowEntry Flow(int i, uint outPort = 1, ushort priority = 100) =>
        new(10, priority, (ulong)(0x100 + i), Match.Builder().Reg(14, (uint)i).Build(), ActionList.Of(new OutputAction(outPort)));

    [Fact]
    public async Task HandshakeNegotiatesOpenFlow15AndReadsTheDatapathId()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        Assert.Equal(0x06, connection.Version);
        Assert.Equal(FakeSwitch.Dpid, connection.DatapathId);
        Assert.Equal(254, connection.Features.Tables);
        var hello = Assert.IsType<Hello>(await fake.WaitForAsync(m => m is Hello));
        Assert.Equal(new byte[] { 6 }, hello.Versions);
    }

    [Fact]
    public async Task ASwitchWithoutOpenFlow15IsRefusedWithAClearMessage()
    {
        await using FakeSwitch fake = FakeSwitch.Start(helloBitmap: 1u << 4);

        var ex = await Assert.ThrowsAsync<OpenFlowException>(() => OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound));

        Assert.Contains("version negotiation failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0x04", ex.Message, StringComparison.Ordinal);
        var error = Assert.IsType<ErrorMessage>(await fake.WaitForAsync(m => m is ErrorMessage));
        Assert.Equal("OFPHFC_INCOMPATIBLE", error.Name);
    }

    [Fact]
    public async Task EchoRequestsFromTheSwitchAreAnsweredAutomatically()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        await fake.SendAsync(new EchoRequest(ByteString.CopyFrom("keepalive"u8)) { Xid = 0x77 });

        var reply = Assert.IsType<EchoReply>(await fake.WaitForAsync(m => m is EchoReply));
        Assert.Equal(0x77u, reply.Xid);
        Assert.Equal(ByteString.CopyFrom("keepalive"u8), reply.Data);
    }

    [Fact]
    public async Task RepliesAnsweredOutOfOrderReachTheirOwnRequests()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        var held = new List<EchoRequest>();
        fake.Intercept = async m =>
        {
            if (m is not EchoRequest e)
            {
                return false;
            }

            held.Add(e);
            if (held.Count == 3)
            {
                for (int i = held.Count - 1; i >= 0; i--)
                {
                    await fake.SendAsync(new EchoReply(held[i].Data) { Xid = held[i].Xid });
                }
            }

            return true;
        };
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        Task<ByteString>[] echoes = [.. new[] { "a", "b", "c" }.Select(p => connection.EchoAsync(ByteString.CopyFrom(System.Text.Encoding.ASCII.GetBytes(p))))];
        ByteString[] results = await Task.WhenAll(echoes).WaitAsync(Bound);

        Assert.Equal(["a", "b", "c"], results.Select(r => System.Text.Encoding.ASCII.GetString(r.Span)));
    }

    [Fact]
    public async Task ABarrierCompletesOnlyWhenTheSwitchAnswersIt()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        var held = new TaskCompletionSource<uint>(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Intercept = m =>
        {
            if (m is BarrierRequest b && !held.Task.IsCompleted)
            {
                held.SetResult(b.Xid);
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        Task barrier = connection.BarrierAsync();
        uint xid = await held.Task.WaitAsync(Bound);
        await connection.EchoAsync().WaitAsync(Bound); // the switch has answered something sent after the barrier
        Assert.False(barrier.IsCompleted);

        await fake.SendAsync(new BarrierReply { Xid = xid });
        await barrier.WaitAsync(Bound);
    }

    [Fact]
    public async Task ConnectsOverTcpToo()
    {
        await using FakeSwitch fake = FakeSwitch.Start(tcp: true);
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        await connection.BarrierAsync().WaitAsync(Bound);

        Assert.StartsWith("tcp:127.0.0.1:", fake.Target, StringComparison.Ordinal);
        Assert.Equal(FakeSwitch.Dpid, connection.DatapathId);
    }

    [Fact]
    public async Task ASilentSwitchTimesOutTheHandshake()
    {
        await using FakeSwitch fake = FakeSwitch.Start(sendsHello: false);
        var options = new OpenFlowConnectionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => OpenFlowConnection.ConnectAsync(fake.Target, options).WaitAsync(Bound));

        Assert.Contains("HELLO", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorReplyFailsTheRequestWithTheDecodedError()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        fake.Intercept = async m =>
        {
            if (m is not TlvTableRequest)
            {
                return false;
            }

            await fake.SendAsync(ErrorMessage.Create("OFPBRC_BAD_SUBTYPE", m.Xid, m.Encode()));
            return true;
        };
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        var ex = await Assert.ThrowsAsync<OpenFlowErrorException>(() => connection.GetTlvTableAsync().WaitAsync(Bound));

        Assert.Equal("OFPBRC_BAD_SUBTYPE", ex.Error.Name);
        Assert.Equal(Wire.OfpType.Experimenter, ex.Error.OffendingType);
        Assert.Contains("OFPBRC_BAD_SUBTYPE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABundleInstallsAllFlowsAndTheyDumpBackAcrossReplyParts()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        FlowEntry[] flows = [.. Enumerable.Range(1, 5).Select(i => Flow(i))];

        BundleResult result = await connection.SendBundleAsync([.. flows.Select(FlowMod.Add)]).WaitAsync(Bound);
        IReadOnlyList<FlowStats> dumped = await connection.DumpFlowsAsync().WaitAsync(Bound);

        Assert.True(result.Committed, result.ToString());
        Assert.Equal(flows, dumped.Select(s => s.Flow));
        var open = Assert.IsType<BundleControl>(await fake.WaitForAsync(m => m is BundleControl { ControlType: BundleControlType.OpenRequest }));
        Assert.Equal(BundleFlags.Atomic | BundleFlags.Ordered, open.Flags);
    }

    [Fact]
    public async Task AFlowRefusedWhileAddingIsNamedAndTheBundleIsDiscarded()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        await connection.SendBundleAsync([FlowMod.Add(Flow(1))]).WaitAsync(Bound);
        FlowMod[] mods = [.. Enumerable.Range(2, 5).Select(i => FlowMod.Add(Flow(i, outPort: i == 4 ? FakeSwitch.BadAtAddPort : 1)))];

        BundleResult result = await connection.SendBundleAsync(mods).WaitAsync(Bound);

        Assert.False(result.Committed);
        Assert.Equal(2, result.FailedIndex);
        Assert.Equal("OFPBAC_BAD_OUT_PORT", result.Error!.Name);
        Assert.Equal(result.FailedFlowMod!.Xid, result.Error.Xid);
        Assert.Equal(mods[2].ToFlowEntry(), result.FailedFlowMod.ToFlowEntry());
        Assert.Contains("flow mod #2", result.ToString(), StringComparison.Ordinal);
        Assert.Equal([Flow(1)], (await connection.DumpFlowsAsync().WaitAsync(Bound)).Select(s => s.Flow));
        Assert.IsType<BundleControl>(await fake.WaitForAsync(m => m is BundleControl { ControlType: BundleControlType.DiscardRequest }));
    }

    [Fact]
    public async Task AFlowFailingAtCommitIsNamedAndNothingIsApplied()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        FlowMod[] mods = [FlowMod.Add(Flow(1)), FlowMod.Add(Flow(2, priority: FakeSwitch.BadAtCommitPriority)), FlowMod.Add(Flow(3))];

        BundleResult result = await connection.SendBundleAsync(mods).WaitAsync(Bound);

        Assert.False(result.Committed);
        Assert.Equal(1, result.FailedIndex);
        Assert.Equal("OFPFMFC_OVERLAP", result.Error!.Name);
        Assert.Contains(result.Errors, e => e.Name == "OFPBFC_MSG_FAILED");
        Assert.Empty(await connection.DumpFlowsAsync().WaitAsync(Bound));
    }

    [Fact]
    public async Task FlowModAsyncReportsTheSwitchsRefusal()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        fake.Intercept = async m =>
        {
            if (m is not FlowMod)
            {
                return false;
            }

            await fake.SendAsync(ErrorMessage.Create("OFPBMC_BAD_PREREQ", m.Xid, m.Encode()));
            return true;
        };
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        var ex = await Assert.ThrowsAsync<OpenFlowErrorException>(() => connection.FlowModAsync(FlowMod.Add(Flow(1))).WaitAsync(Bound));

        Assert.Equal("OFPBMC_BAD_PREREQ", ex.Error.Name);
    }

    [Fact]
    public async Task DeleteByCookieMaskRemovesOnlyThoseFlows()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        await connection.SendBundleAsync([.. Enumerable.Range(1, 4).Select(i => FlowMod.Add(Flow(i)))]).WaitAsync(Bound);

        await connection.FlowModAsync(FlowMod.Delete(cookie: 0x102, cookieMask: 0xffff)).WaitAsync(Bound);

        Assert.Equal([0x101UL, 0x103UL, 0x104UL], (await connection.DumpFlowsAsync().WaitAsync(Bound)).Select(s => s.Flow.Cookie));
    }

    [Fact]
    public async Task TlvMappingsAreAddedOnlyWhenMissing()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        var ovn = new TlvMapping(0x0102, 0x80, 4, 0);

        IReadOnlyList<TlvMapping> first = await connection.EnsureTlvMappingsAsync([ovn]).WaitAsync(Bound);
        IReadOnlyList<TlvMapping> second = await connection.EnsureTlvMappingsAsync([ovn]).WaitAsync(Bound);

        Assert.Equal([ovn], first);
        Assert.Empty(second);
        Assert.Equal([ovn], fake.TlvMap);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.EnsureTlvMappingsAsync([new TlvMapping(0x0102, 0x81, 4, 0)]));
        var dup = await Assert.ThrowsAsync<OpenFlowErrorException>(() => connection.ModifyTlvTableAsync(new TlvTableMod(TlvTableModCommand.Add, [ovn])));
        Assert.Equal("NXTTMFC_ALREADY_MAPPED", dup.Error.Name);
    }

    [Fact]
    public async Task TableNamesAreSetWithAModifyThatKeepsTheSwitchsLimits()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        await connection.SetTableNamesAsync(new Dictionary<byte, string> { [0] = "phy_to_log", [2] = "ls_in_acl" }).WaitAsync(Bound);

        Assert.Equal(["phy_to_log", "table1", "ls_in_acl"], (await connection.GetTableFeaturesAsync().WaitAsync(Bound)).Select(t => t.Name));
        var change = (TableFeaturesRequest)await fake.WaitForAsync(m => m is TableFeaturesRequest { Tables.Length: > 0 });
        Assert.All(change.Tables, t => Assert.Equal(TableFeaturesCommand.Modify, t.Command));
        Assert.All(change.Tables, t => Assert.Equal(1_000_000u, t.MaxEntries));
    }

    [Fact]
    public async Task AMalformedFrameClosesTheConnectionWithTheReason()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        fake.Intercept = m => Task.FromResult(m is BarrierRequest);
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        Task barrier = connection.BarrierAsync();
        await fake.WaitForAsync(m => m is BarrierRequest);

        await fake.SendRawAsync(Convert.FromHexString("0615000400000001"));

        var ex = await Assert.ThrowsAsync<OpenFlowConnectionClosedException>(() => barrier.WaitAsync(Bound));
        var reason = Assert.IsType<OpenFlowProtocolException>(ex.InnerException);
        Assert.Contains("length 4", reason.Reason, StringComparison.Ordinal);
        await connection.Completion.WaitAsync(Bound);
        Assert.False(connection.IsConnected);
        Assert.Same(reason, connection.CloseReason);
        await Assert.ThrowsAsync<OpenFlowConnectionClosedException>(() => connection.BarrierAsync());
    }

    [Fact]
    public async Task ATruncatedReplyBodyClosesTheConnection()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        fake.Intercept = async m =>
        {
            if (m is not FlowStatsRequest)
            {
                return false;
            }

            // A flow description claiming 0x90 bytes inside a 24-byte reply body.
            await fake.SendRawAsync(Convert.FromHexString("06130020" + m.Xid.ToString("X8") + "0001000000000000" + "0090000003000064" + "0000000000000000"));
            return true;
        };
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        var ex = await Assert.ThrowsAsync<OpenFlowConnectionClosedException>(() => connection.DumpFlowsAsync().WaitAsync(Bound));

        var reason = Assert.IsType<OpenFlowProtocolException>(ex.InnerException);
        Assert.Contains("truncated", reason.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSwitchHangingUpFailsPendingRequests()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        fake.Intercept = m => Task.FromResult(m is BarrierRequest);
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        Task barrier = connection.BarrierAsync();
        await fake.WaitForAsync(m => m is BarrierRequest);

        fake.DropConnection();

        var ex = await Assert.ThrowsAsync<OpenFlowConnectionClosedException>(() => barrier.WaitAsync(Bound));
        Assert.Contains("closed the connection", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposingFailsPendingRequestsAndClosesTheSocket()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        fake.Intercept = m => Task.FromResult(m is BarrierRequest);
        OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);
        Task barrier = connection.BarrierAsync();
        await fake.WaitForAsync(m => m is BarrierRequest);

        await connection.DisposeAsync().AsTask().WaitAsync(Bound);

        var ex = await Assert.ThrowsAsync<OpenFlowConnectionClosedException>(() => barrier.WaitAsync(Bound));
        Assert.Contains("disposed", ex.Message, StringComparison.Ordinal);
        Assert.Null(connection.CloseReason);
        await fake.Received.Completion.WaitAsync(Bound); // the switch saw end-of-stream
    }

    [Fact]
    public async Task AnUnansweredRequestTimesOut()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        fake.Intercept = m => Task.FromResult(m is BarrierRequest);
        var options = new OpenFlowConnectionOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target, options).WaitAsync(Bound);

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => connection.BarrierAsync().WaitAsync(Bound));

        Assert.Contains("BarrierRequest", ex.Message, StringComparison.Ordinal);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task UnsolicitedMessagesAreAvailableToTheCaller()
    {
        await using FakeSwitch fake = FakeSwitch.Start();
        await using OpenFlowConnection connection = await OpenFlowConnection.ConnectAsync(fake.Target).WaitAsync(Bound);

        await fake.SendAsync(ErrorMessage.Create("OFPBAC_BAD_OUT_PORT", 0xabc));

        using var cts = new CancellationTokenSource(Bound);
        var error = Assert.IsType<ErrorMessage>(await connection.UnsolicitedMessages.ReadAsync(cts.Token));
        Assert.Equal(0xabcu, error.Xid);
    }
}
