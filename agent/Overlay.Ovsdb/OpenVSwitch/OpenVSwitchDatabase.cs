using System.Collections.Immutable;

namespace Overlay.Ovsdb.OpenVSwitch;

/// <summary>
/// Typed helpers over the <c>Open_vSwitch</c> database (OVS's own vswitch.ovsschema): bridges, tunnel ports,
/// the root row's external_ids and VIF discovery. Writes are single transactions guarded by <c>wait</c>
/// operations, so concurrent callers never create duplicates; a lost race is retried after re-reading.
/// </summary>
public sealed partial class OpenVSwitchDatabase
{
    public const string DatabaseName = "Open_vSwitch";

    private const int MaxAttempts = 5;

    private readonly OvsdbClient _client;

    public OpenVSwitchDatabase(OvsdbClient client) => _client = client;

    public OvsdbClient Client => _client;

    /// <summary>The root row's <c>external_ids</c> (e.g. <c>system-id</c>, or the agent's chassis name and encap IP keys).
    /// Empty when the database has no root row yet.</summary>
    public async Task<ImmutableSortedDictionary<string, string>> GetExternalIdsAsync(CancellationToken cancellationToken = default)
    {
        var result = await TransactAsync([new Select("Open_vSwitch", [], ["external_ids"])], cancellationToken).ConfigureAwait(false);
        return result[0].Rows is [var root, ..]
            ? root.GetStringMap("external_ids")
            : ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
    }

    /// <summary>The bridge's ports with their interfaces, sorted by name; throws when the bridge does not exist.</summary>
    public async Task<ImmutableArray<OvsPort>> GetPortsAsync(string bridge, CancellationToken cancellationToken = default)
    {
        var result = await TransactAsync(
            [
                new Select("Bridge", [Condition.Equal("name", bridge)], ["ports"]),
                new Select("Port", [], ["_uuid", "name", "interfaces", "external_ids"]),
                new Select("Interface", [], OvsInterface.Columns),
            ],
            cancellationToken).ConfigureAwait(false);
        if (result[0].Rows is not [var bridgeRow, ..])
            throw new InvalidOperationException($"bridge {bridge} does not exist");

        var onBridge = bridgeRow.GetUuids("ports").ToHashSet();
        var interfaces = result[2].Rows.Select(OvsInterface.FromRow).ToDictionary(i => i.Uuid);
        return result[1].Rows
            .Where(p => onBridge.Contains(p.Uuid!.Value))
            .Select(p => new OvsPort(
                p.Uuid!.Value,
                p.GetString("name"),
                p.GetStringMap("external_ids"),
                p.GetUuids("interfaces").Where(interfaces.ContainsKey).Select(u => interfaces[u]).OrderBy(i => i.Name, StringComparer.Ordinal).ToImmutableArray()))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Removes the named port (and, by OVSDB garbage collection, its interfaces) from the bridge.
    /// Returns false when no such port is on that bridge.</summary>
    public async Task<bool> RemovePortAsync(string bridge, string port, CancellationToken cancellationToken = default)
    {
        var read = await TransactAsync([new Select("Port", [Condition.Equal("name", port)], ["_uuid"])], cancellationToken).ConfigureAwait(false);
        if (read[0].Rows is not [var portRow, ..])
            return false;
        OvsdbDatum portUuid = portRow.Uuid!.Value;
        var result = await TransactAsync(
            [
                new Mutate(
                    "Bridge",
                    [Condition.Equal("name", bridge), Condition.Includes("ports", portUuid)],
                    [Mutation.Delete("ports", portUuid)]),
            ],
            cancellationToken).ConfigureAwait(false);
        return result[0].Count == 1;
    }

    /// <summary>Watches Interface rows with <c>external_ids:iface-id</c> (VIFs): appear, disappear, ofport changes.</summary>
    public Task<VifWatcher> WatchVifsAsync(CancellationToken cancellationToken = default) => VifWatcher.StartAsync(_client, cancellationToken);

    private Task<TransactionResult> TransactAsync(ImmutableArray<OvsdbOperation> operations, CancellationToken cancellationToken) =>
        _client.TransactAsync(DatabaseName, operations, cancellationToken);

    /// <summary>A transaction lost a race: a guarding wait saw a change, or a unique index (name) was hit.</summary>
    private static bool IsConflict(OvsdbTransactionException e) => e.HasError("timed out") || e.HasError("constraint violation");

    /// <summary>A zero-timeout wait that fails the transaction unless no row of <paramref name="table"/> has this name.</summary>
    private static Wait NoRowNamed(string table, string name) =>
        new(table, [Condition.Equal("name", name)], ["name"], WaitUntil.Equal, [], TimeSpan.Zero);
}
