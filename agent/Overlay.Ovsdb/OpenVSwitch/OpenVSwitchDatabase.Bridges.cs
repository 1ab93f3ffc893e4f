using System.Collections.Immutable;

namespace Overlay.Ovsdb.OpenVSwitch;

public sealed partial class OpenVSwitchDatabase
{
    /// <summary>
    /// Creates the bridge (with its internal port of the same name) or brings an existing one to
    /// <paramref name="settings"/>; does nothing when it already matches. Safe to run concurrently.
    /// </summary>
    public async Task<BridgeEnsureResult> EnsureBridgeAsync(BridgeSettings settings, CancellationToken cancellationToken = default)
    {
        OvsdbTransactionException? lastConflict = null;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var read = await TransactAsync(
                [
                    new Select("Open_vSwitch", [], ["_uuid"]),
                    new Select("Bridge", [Condition.Equal("name", settings.Name)], ["_uuid", "fail_mode", "protocols", "datapath_type", "other_config"]),
                ],
                cancellationToken).ConfigureAwait(false);
            if (read[0].Rows is not [var root, ..])
                throw new InvalidOperationException("the Open_vSwitch table has no row; initialise the database first (ovs-vsctl init)");

            if (read[1].Rows is [var bridge, ..])
            {
                Guid uuid = bridge.Uuid!.Value;
                if (settings.IsSatisfiedBy(bridge))
                    return new BridgeEnsureResult(uuid, Created: false, Updated: false);
                var update = await TransactAsync(UpdateOperations(uuid, settings), cancellationToken).ConfigureAwait(false);
                if (update[0].Count == 1)
                    return new BridgeEnsureResult(uuid, Created: false, Updated: true);
                continue; // Deleted meanwhile: start over.
            }

            try
            {
                var created = await TransactAsync(
                    [
                        NoRowNamed("Bridge", settings.Name),
                        new Insert("Interface", new OvsdbRow { ["name"] = settings.Name, ["type"] = "internal" }, "iface"),
                        new Insert("Port", new OvsdbRow { ["name"] = settings.Name, ["interfaces"] = OvsdbAtom.NamedUuid("iface") }, "port"),
                        new Insert("Bridge", settings.ToRow(OvsdbAtom.NamedUuid("port")), "bridge"),
                        // Bridge is not a root table: unreferenced, it would be garbage-collected at commit.
                        new Mutate("Open_vSwitch", [Condition.RowIs(root.Uuid!.Value)], [Mutation.Insert("bridges", OvsdbAtom.NamedUuid("bridge"))]),
                    ],
                    cancellationToken).ConfigureAwait(false);
                if (created[^1].Count == 1)
                    return new BridgeEnsureResult(created.GetInsertedUuid("bridge"), Created: true, Updated: false);
            }
            catch (OvsdbTransactionException e) when (IsConflict(e))
            {
                lastConflict = e; // Someone else created it meanwhile (or holds the name): re-read.
            }
        }
        throw new OvsdbException($"could not ensure bridge {settings.Name} in {MaxAttempts} attempts", lastConflict);
    }

    private static ImmutableArray<OvsdbOperation> UpdateOperations(Guid uuid, BridgeSettings settings)
    {
        var operations = ImmutableArray.CreateBuilder<OvsdbOperation>();
        operations.Add(new Update("Bridge", [Condition.RowIs(uuid)], new OvsdbRow
        {
            ["fail_mode"] = settings.FailModeDatum,
            ["protocols"] = settings.ProtocolsDatum,
            ["datapath_type"] = settings.DatapathType,
        }));
        // Only our key of other_config: "insert" never overwrites an existing key, so delete it first.
        operations.Add(new Mutate("Bridge", [Condition.RowIs(uuid)], [Mutation.Delete("other_config", OvsdbDatum.StringSet([BridgeSettings.DisableInBandKey]))]));
        if (settings.DisableInBand)
        {
            operations.Add(new Mutate("Bridge", [Condition.RowIs(uuid)], [Mutation.Insert("other_config", OvsdbDatum.StringMap([KeyValuePair.Create(BridgeSettings.DisableInBandKey, "true")]))]));
        }
        return operations.ToImmutable();
    }
}
