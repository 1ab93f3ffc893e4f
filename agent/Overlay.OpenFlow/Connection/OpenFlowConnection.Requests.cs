using System.Collections.Immutable;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow;

public sealed partial class OpenFlowConnection
{
    /// <summary>
    /// Sends <paramref name="request"/> under a fresh xid and returns its reply. An OFPT_ERROR
    /// for that xid throws <see cref="OpenFlowErrorException"/>; no reply within
    /// <see cref="OpenFlowConnectionOptions.RequestTimeout"/> throws <see cref="TimeoutException"/>.
    /// </summary>
    public async Task<OfpMessage> RequestAsync(OfpMessage request, CancellationToken cancellationToken = default) =>
        (await ExchangeAsync(request, multipart: false, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Sends a multipart request and returns every reply part (until one without the "more" flag).</summary>
    public Task<IReadOnlyList<OfpMessage>> RequestMultipartAsync(OfpMessage request, CancellationToken cancellationToken = default) =>
        ExchangeAsync(request, multipart: true, cancellationToken);

    /// <summary>
    /// Queues a message that has no reply (e.g. a flow mod) under a fresh xid and returns it.
    /// An error for it arrives on <see cref="UnsolicitedMessages"/>; prefer
    /// <see cref="FlowModAsync"/> or bundles. Disposing does not flush: barrier first.
    /// </summary>
    public uint Send(OfpMessage message)
    {
        uint xid = NextXid();
        Enqueue(message with { Xid = xid });
        return xid;
    }

    /// <summary>Waits until the switch has processed everything sent before.</summary>
    public Task BarrierAsync(CancellationToken cancellationToken = default) =>
        RequestAsync(new BarrierRequest(), cancellationToken);

    /// <summary>Round-trips an echo request; returns the payload the switch sent back.</summary>
    public async Task<ByteString> EchoAsync(ByteString payload = default, CancellationToken cancellationToken = default)
    {
        OfpMessage reply = await RequestAsync(new EchoRequest(payload), cancellationToken).ConfigureAwait(false);
        return reply is EchoReply echo ? echo.Data : throw Unexpected(reply, "OFPT_ECHO_REPLY");
    }

    /// <summary>Sends one flow mod followed by a barrier; throws <see cref="OpenFlowErrorException"/> if the switch rejected it.</summary>
    public async Task FlowModAsync(FlowMod flowMod, CancellationToken cancellationToken = default)
    {
        uint xid = NextXid();
        var watch = new ErrorWatch();
        _watched[xid] = (watch, 0);
        try
        {
            Enqueue(flowMod with { Xid = xid });
            await BarrierAsync(cancellationToken).ConfigureAwait(false);
            if (watch.Snapshot() is [var (_, error), ..])
            {
                throw new OpenFlowErrorException(error);
            }
        }
        finally
        {
            _watched.TryRemove(xid, out _);
        }
    }

    /// <summary>
    /// Reads installed flows (multipart OFPMP_FLOW_DESC, all reply parts): those in
    /// <paramref name="table"/> (null = all) whose cookie matches under <paramref name="cookieMask"/>
    /// and that <paramref name="match"/> covers (null = all).
    /// </summary>
    public async Task<IReadOnlyList<FlowStats>> DumpFlowsAsync(
        byte? table = null,
        ulong cookie = 0,
        ulong cookieMask = 0,
        Match? match = null,
        CancellationToken cancellationToken = default)
    {
        var request = new FlowStatsRequest(table ?? FlowMod.AllTables, cookie, cookieMask) { Match = match ?? Match.Any };
        IReadOnlyList<OfpMessage> parts = await RequestMultipartAsync(request, cancellationToken).ConfigureAwait(false);
        var flows = new List<FlowStats>();
        foreach (OfpMessage part in parts)
        {
            flows.AddRange(part is FlowStatsReply reply ? reply.Flows : throw Unexpected(part, "OFPMP_FLOW_DESC reply"));
        }

        return flows;
    }

    /// <summary>Reads the switch's Geneve TLV map (NXT_TLV_TABLE_REQUEST).</summary>
    public async Task<TlvTableReply> GetTlvTableAsync(CancellationToken cancellationToken = default)
    {
        OfpMessage reply = await RequestAsync(new TlvTableRequest(), cancellationToken).ConfigureAwait(false);
        return reply as TlvTableReply ?? throw Unexpected(reply, "NXT_TLV_TABLE_REPLY");
    }

    /// <summary>Sends an NXT_TLV_TABLE_MOD and waits for a barrier; throws on error (e.g. NXTTMFC_ALREADY_MAPPED).</summary>
    public Task ModifyTlvTableAsync(TlvTableMod mod, CancellationToken cancellationToken = default) =>
        SendCheckedAsync(mod, cancellationToken);

    /// <summary>
    /// Makes sure every mapping is installed, adding only the missing ones (the switch's map is
    /// not idempotent and is empty after a restart). Returns the mappings it added. Throws
    /// <see cref="InvalidOperationException"/> if an index or option is already mapped differently.
    /// </summary>
    public async Task<IReadOnlyList<TlvMapping>> EnsureTlvMappingsAsync(IEnumerable<TlvMapping> mappings, CancellationToken cancellationToken = default)
    {
        TlvTableReply current = await GetTlvTableAsync(cancellationToken).ConfigureAwait(false);
        var missing = new List<TlvMapping>();
        foreach (TlvMapping wanted in mappings)
        {
            if (current.Mappings.Contains(wanted))
            {
                continue;
            }

            TlvMapping? clash = current.Mappings
                .Where(m => m.Index == wanted.Index || (m.OptionClass == wanted.OptionClass && m.OptionType == wanted.OptionType))
                .Select(m => (TlvMapping?)m)
                .FirstOrDefault();
            if (clash is not null)
            {
                throw new InvalidOperationException($"cannot map {wanted}: the switch already has {clash}");
            }

            missing.Add(wanted);
        }

        if (missing.Count > 0)
        {
            await ModifyTlvTableAsync(new TlvTableMod(TlvTableModCommand.Add, [.. missing]), cancellationToken).ConfigureAwait(false);
        }

        return missing;
    }

    /// <summary>Reads OFPMP_TABLE_FEATURES (all reply parts): one entry per visible table.</summary>
    public async Task<IReadOnlyList<TableFeatures>> GetTableFeaturesAsync(CancellationToken cancellationToken = default) =>
        Flatten(await RequestMultipartAsync(new TableFeaturesRequest(), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Names tables so <c>ovs-ofctl dump-flows --names</c> shows them, with an OpenFlow 1.5
    /// table-features MODIFY that keeps every other feature as the switch reported it.
    /// OVS refuses (OFPTFFC_EPERM) when the name was set through OVSDB's Flow_Table instead.
    /// </summary>
    public async Task SetTableNamesAsync(IReadOnlyDictionary<byte, string> names, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<TableFeatures> tables = await GetTableFeaturesAsync(cancellationToken).ConfigureAwait(false);
        var changes = ImmutableArray.CreateBuilder<TableFeatures>();
        foreach ((byte id, string name) in names.OrderBy(kv => kv.Key))
        {
            if (name.Length >= TableFeatures.NameLength || name.Any(c => c > 0x7e || c < 0x20))
            {
                throw new ArgumentException($"table name '{name}' must be printable ASCII shorter than {TableFeatures.NameLength} characters", nameof(names));
            }

            TableFeatures current = tables.FirstOrDefault(t => t.TableId == id)
                ?? throw new ArgumentException($"the switch has no table {id}", nameof(names));
            changes.Add(current with { Command = TableFeaturesCommand.Modify, Name = name, Properties = ByteString.Empty });
        }

        if (changes.Count > 0)
        {
            await RequestMultipartAsync(new TableFeaturesRequest(changes.ToImmutable()), cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<TableFeatures> Flatten(IReadOnlyList<OfpMessage> parts)
    {
        var tables = new List<TableFeatures>();
        foreach (OfpMessage part in parts)
        {
            tables.AddRange(part is TableFeaturesReply reply ? reply.Tables : throw Unexpected(part, "OFPMP_TABLE_FEATURES reply"));
        }

        return tables;
    }

    private async Task SendCheckedAsync(OfpMessage message, CancellationToken cancellationToken)
    {
        uint xid = NextXid();
        var watch = new ErrorWatch();
        _watched[xid] = (watch, 0);
        try
        {
            Enqueue(message with { Xid = xid });
            await BarrierAsync(cancellationToken).ConfigureAwait(false);
            if (watch.Snapshot() is [var (_, error), ..])
            {
                throw new OpenFlowErrorException(error);
            }
        }
        finally
        {
            _watched.TryRemove(xid, out _);
        }
    }

    private async Task<IReadOnlyList<OfpMessage>> ExchangeAsync(OfpMessage request, bool multipart, CancellationToken cancellationToken)
    {
        uint xid = NextXid();
        var pending = new PendingRequest(multipart);
        _pending[xid] = pending;
        try
        {
            if (!IsConnected)
            {
                throw ClosedError();
            }

            Enqueue(request with { Xid = xid });
            return await pending.Completion.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"no reply to {request.GetType().Name} xid=0x{xid:x} within {_options.RequestTimeout}");
        }
        finally
        {
            _pending.TryRemove(xid, out _);
        }
    }

    private static OpenFlowProtocolException Unexpected(OfpMessage reply, string expected) =>
        new($"expected {expected}, got {reply.GetType().Name} xid=0x{reply.Xid:x}");
}
