using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Tests.Codec;

namespace Overlay.OpenFlow.Tests.Integration;

/// <summary>Our connection against a real ovs-vswitchd 3.1 (userspace datapath) in its own namespace.</summary>
public sealed class OvsIntegrationTests(OvsSwitchFixture ovs) : IClassFixture<OvsSwitchFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TlvMapping OvnOption = new(0x0102, 0x80, 4, 0);

    // Every corpus flow except the one using a group that does not exist on this switch.
    private static readonly string[] InstallableCorpus =
        [.. FlowCorpus.AllNames.Where(n => n != "resubmit-forms")];

    private OpenFlowConnection _of = null!;

    public async Task InitializeAsync()
    {
        _of = await OpenFlowConnection.ConnectAsync(ovs.Target).WaitAsync(Bound);
        await _of.FlowModAsync(FlowMod.Delete()).WaitAsync(Bound);
        await _of.EnsureTlvMappingsAsync([OvnOption]).WaitAsync(Bound);
    }

    public async Task DisposeAsync() => await _of.DisposeAsync();

    [Fact]
    public void TheSwitchIsReachedOverItsManagementSocket()
    {
        Assert.Equal(0x06, _of.Version);
        Assert.Equal(OvsSwitchFixture.DatapathId, _of.DatapathId);
        Assert.Equal(254, _of.Features.Tables);
    }

    [Fact]
    public async Task InstalledFlowsDumpBackExactlyAsBuilt()
    {
        FlowEntry[] flows = [.. InstallableCorpus.Select(FlowCorpus.Get)];

        BundleResult result = await _of.SendBundleAsync([.. flows.Select(FlowMod.Add)]).WaitAsync(Bound);
        IReadOnlyList<FlowStats> dumped = await _of.DumpFlowsAsync().WaitAsync(Bound);

        Assert.True(result.Committed, result.ToString());
        Assert.Equal(Sorted(flows), Sorted(dumped.Select(s => s.Flow)));

        // ovs-ofctl reads the same flows and prints them the way we do.
        string ofctl = ovs.Ofctl("dump-flows", "--no-stats");
        foreach (FlowEntry f in flows)
        {
            string match = f.Match.IsEmpty ? "" : "," + f.Match;
            Assert.Contains($"priority={f.Priority}{match} actions={f.Actions}", ofctl, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OurFlowTextIsAcceptedByOvsOfctlBundleAddFlows()
    {
        FlowEntry[] flows = [.. InstallableCorpus.Select(FlowCorpus.Get)];
        string file = Path.Combine(ovs.RunDir, "flows.txt");
        await File.WriteAllLinesAsync(file, flows.Select(f => f.ToString()));

        ovs.Ofctl("add-flows", "--bundle", file);

        Assert.Equal(Sorted(flows), Sorted((await _of.DumpFlowsAsync().WaitAsync(Bound)).Select(s => s.Flow)));
    }

    [Fact]
    public async Task FlowsCanBeModifiedAndDeletedByCookieMask()
    {
        FlowEntry[] flows = [.. Enumerable.Range(1, 6).Select(i => new FlowEntry(
            (byte)(10 + (i % 2)), 100, ((ulong)(i % 3) << 32) | (uint)i,
            Match.Builder().Reg(14, (uint)i).Metadata(1).Build(), ActionList.Of(new OutputAction(1))))];
        Assert.True((await _of.SendBundleAsync([.. flows.Select(FlowMod.Add)]).WaitAsync(Bound)).Committed);

        FlowEntry changed = flows[2] with { Actions = ActionList.Of(SetFieldAction.Create(OfFields.Reg(15), 2), ResubmitAction.ToTable(37)) };
        await _of.FlowModAsync(FlowMod.ModifyStrict(changed)).WaitAsync(Bound);
        await _of.FlowModAsync(FlowMod.Delete(cookie: 1UL << 32, cookieMask: 0xffffffff00000000)).WaitAsync(Bound);
        IReadOnlyList<FlowStats> after = await _of.DumpFlowsAsync().WaitAsync(Bound);

        // Modify keeps the cookie; the delete takes every flow whose cookie has 1 in its upper half.
        FlowEntry[] expected = [.. flows.Select(f => f == flows[2] ? changed : f).Where(f => f.Cookie >> 32 != 1)];
        Assert.Equal(4, expected.Length);
        Assert.Equal(Sorted(expected), Sorted(after.Select(s => s.Flow)));
        Assert.Equal([changed], (await _of.DumpFlowsAsync(table: 11, cookie: 3, cookieMask: 0xffffffff).WaitAsync(Bound)).Select(s => s.Flow));
    }

    [Fact]
    public async Task TheGeneveOptionIsMappedToTunMetadata0()
    {
        TlvTableReply table = await _of.GetTlvTableAsync().WaitAsync(Bound);

        Assert.Contains(OvnOption, table.Mappings);
        Assert.Empty(await _of.EnsureTlvMappingsAsync([OvnOption]).WaitAsync(Bound));
        var again = await Assert.ThrowsAsync<OpenFlowErrorException>(
            () => _of.ModifyTlvTableAsync(new TlvTableMod(TlvTableModCommand.Add, [OvnOption])).WaitAsync(Bound));
        Assert.Equal("NXTTMFC_ALREADY_MAPPED", again.Error.Name);
        Assert.Contains("0x102  0x80       4  tun_metadata0", ovs.Ofctl("dump-tlv-map"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABundleWithAFlowTheSwitchRefusesChangesNothingAndNamesThatFlow()
    {
        FlowEntry existing = FlowCorpus.Get("vif-classify");
        await _of.FlowModAsync(FlowMod.Add(existing)).WaitAsync(Bound);
        FlowEntry good = FlowCorpus.Get("route");
        var bad = new FlowEntry(9, 10, 0xbad, Match.Builder().Ipv4Src("10.0.0.1").BuildUnchecked(), ActionList.Drop);

        BundleResult result = await _of.SendBundleAsync([FlowMod.Add(good), FlowMod.Add(bad), FlowMod.Add(FlowCorpus.Get("icmp"))]).WaitAsync(Bound);

        Assert.False(result.Committed);
        Assert.Equal(1, result.FailedIndex);
        Assert.Equal("OFPBMC_BAD_PREREQ", result.Error!.Name);
        Assert.Equal(result.FailedFlowMod!.Xid, result.Error.Xid);
        Assert.Equal(Wire.OfpType.BundleAddMessage, result.Error.OffendingType);
        Assert.Equal([existing], (await _of.DumpFlowsAsync().WaitAsync(Bound)).Select(s => s.Flow));
    }

    [Fact]
    public async Task ABundleThatFailsAtCommitRollsBackAndNamesTheFlow()
    {
        FlowEntry existing = new(20, 100, 1, Match.Builder().Metadata(1).EthDst("02:00:00:00:00:01").Build(), ActionList.Of(new OutputAction(1)));
        await _of.FlowModAsync(FlowMod.Add(existing)).WaitAsync(Bound);
        FlowEntry first = new(20, 100, 2, Match.Builder().Metadata(2).Build(), ActionList.Of(new OutputAction(2)));
        FlowEntry overlapping = new(20, 100, 3, Match.Builder().Metadata(1).Build(), ActionList.Drop) { Flags = FlowModFlags.CheckOverlap };
        FlowEntry last = new(21, 5, 4, Match.Any, ActionList.Drop);

        BundleResult result = await _of.SendBundleAsync([FlowMod.Add(first), FlowMod.Add(overlapping), FlowMod.Add(last)]).WaitAsync(Bound);

        Assert.False(result.Committed);
        Assert.Equal(1, result.FailedIndex);
        Assert.Equal("OFPFMFC_OVERLAP", result.Error!.Name);
        Assert.Contains(result.Errors, e => e.Name == "OFPBFC_MSG_FAILED");
        Assert.Equal([existing], (await _of.DumpFlowsAsync().WaitAsync(Bound)).Select(s => s.Flow));
    }

    [Fact]
    public async Task ALargeBundleCommitsAndDumpsBackAcrossManyReplyParts()
    {
        FlowEntry[] flows = [.. Enumerable.Range(0, 3000).Select(i => new FlowEntry(
            (byte)(8 + (i % 20)), (ushort)(100 + (i % 7)), 0x1000_0000UL + (ulong)i,
            Match.Builder().Metadata((ulong)(i % 50) + 1).Reg(14, (uint)i).Tcp().TcpDst((ushort)(i % 1000)).Build(),
            ActionList.Of(SetFieldAction.Load(OfFields.Reg(10), 1, 0, 1), SetFieldAction.Create(OfFields.Reg(15), (ulong)i), ResubmitAction.ToTable(37))))];

        BundleResult result = await _of.SendBundleAsync([.. flows.Select(FlowMod.Add)]).WaitAsync(Bound);
        IReadOnlyList<FlowStats> dumped = await _of.DumpFlowsAsync().WaitAsync(Bound);
        IReadOnlyList<FlowStats> table9 = await _of.DumpFlowsAsync(table: 9).WaitAsync(Bound);

        IReadOnlyList<OfpMessage> parts = await _of.RequestMultipartAsync(new FlowStatsRequest()).WaitAsync(Bound);

        Assert.True(result.Committed, result.ToString());
        Assert.Equal(Sorted(flows), Sorted(dumped.Select(s => s.Flow)));
        Assert.Equal(Sorted(flows.Where(f => f.Table == 9)), Sorted(table9.Select(s => s.Flow)));
        Assert.True(parts.Count > 1, $"3000 flows came in {parts.Count} reply part(s)");
        Assert.All(parts.SkipLast(1), p => Assert.Equal(MultipartFlags.More, ((FlowStatsReply)p).Flags));
        Assert.Equal(MultipartFlags.None, ((FlowStatsReply)parts[^1]).Flags);
    }

    [Fact]
    public async Task TablesGetNamesThatOvsOfctlShows()
    {
        await _of.FlowModAsync(FlowMod.Add(new FlowEntry(8, 10, 0, Match.Any, ActionList.Of(ResubmitAction.ToTable(9))))).WaitAsync(Bound);

        await _of.SetTableNamesAsync(new Dictionary<byte, string> { [8] = "ls_in_port_sec", [9] = "ls_in_acl" }).WaitAsync(Bound);

        IReadOnlyList<TableFeatures> tables = await _of.GetTableFeaturesAsync().WaitAsync(Bound);
        Assert.Equal("ls_in_port_sec", tables.Single(t => t.TableId == 8).Name);
        Assert.Equal("ls_in_acl", tables.Single(t => t.TableId == 9).Name);
        string named = ovs.Ofctl("dump-flows", "--names", "--no-stats");
        // ovs-ofctl quotes names that contain '_'.
        Assert.Contains("table=\"ls_in_port_sec\", priority=10 actions=resubmit(,\"ls_in_acl\")", named, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASingleRefusedFlowModIsReportedWithItsError()
    {
        var backwards = new FlowEntry(5, 1, 0, Match.Any, ActionList.Of(new GotoTableAction(3)));

        var ex = await Assert.ThrowsAsync<OpenFlowErrorException>(() => _of.FlowModAsync(FlowMod.Add(backwards)).WaitAsync(Bound));

        Assert.Equal("OFPBIC_BAD_TABLE_ID", ex.Error.Name);
        Assert.Equal(Wire.OfpType.FlowMod, ex.Error.OffendingType);
    }

    [Fact]
    public async Task EchoAndBarrierRoundTrip()
    {
        ByteString payload = ByteString.CopyFrom("overlay"u8);

        Assert.Equal(payload, await _of.EchoAsync(payload).WaitAsync(Bound));
        await _of.BarrierAsync().WaitAsync(Bound);
    }

    private static string[] Sorted(IEnumerable<FlowEntry> flows) => [.. flows.Select(f => f.ToString()).Order(StringComparer.Ordinal)];
}
