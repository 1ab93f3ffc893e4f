namespace Overlay.Ovsdb.OpenVSwitch;

public sealed partial class OpenVSwitchDatabase
{
    /// <summary>
    /// Creates the Geneve tunnel port on its bridge, or corrects an existing one's type, options and external_ids.
    /// Throws when the bridge is missing or a port of that name exists elsewhere. Safe to run concurrently.
    /// </summary>
    public async Task<TunnelEnsureResult> EnsureGeneveTunnelAsync(GeneveTunnelSpec spec, CancellationToken cancellationToken = default)
    {
        OvsdbDatum options = OvsdbDatum.StringMap(spec.Options);
        OvsdbDatum externalIds = OvsdbDatum.StringMap(spec.ExternalIds);
        OvsdbTransactionException? lastConflict = null;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var read = await TransactAsync(
                [
                    new Select("Bridge", [Condition.Equal("name", spec.Bridge)], ["_uuid", "ports"]),
                    new Select("Port", [Condition.Equal("name", spec.PortName)], ["_uuid", "interfaces", "external_ids"]),
                    new Select("Interface", [Condition.Equal("name", spec.PortName)], ["_uuid", "type", "options"]),
                ],
                cancellationToken).ConfigureAwait(false);
            if (read[0].Rows is not [var bridge, ..])
                throw new InvalidOperationException($"bridge {spec.Bridge} does not exist");

            if (read[1].Rows is [var port, ..])
            {
                Guid portUuid = port.Uuid!.Value;
                if (!bridge.GetUuids("ports").Contains(portUuid))
                    throw new InvalidOperationException($"port {spec.PortName} exists but not on bridge {spec.Bridge}");
                if (read[2].Rows is not [var iface, ..] || !port.GetUuids("interfaces").SequenceEqual([iface.Uuid!.Value]))
                    throw new InvalidOperationException($"port {spec.PortName} does not have exactly one interface named {spec.PortName}");

                if (iface.GetString("type") == "geneve" && iface["options"] == options && port["external_ids"] == externalIds)
                    return TunnelEnsureResult.Unchanged;
                var update = await TransactAsync(
                    [
                        new Update("Interface", [Condition.RowIs(iface.Uuid!.Value)], new OvsdbRow { ["type"] = "geneve", ["options"] = options }),
                        new Update("Port", [Condition.RowIs(portUuid)], new OvsdbRow { ["external_ids"] = externalIds }),
                    ],
                    cancellationToken).ConfigureAwait(false);
                if (update[0].Count == 1 && update[1].Count == 1)
                    return TunnelEnsureResult.Updated;
                continue;
            }

            try
            {
                var created = await TransactAsync(
                    [
                        NoRowNamed("Port", spec.PortName),
                        new Insert("Interface", new OvsdbRow { ["name"] = spec.PortName, ["type"] = "geneve", ["options"] = options }, "iface"),
                        new Insert("Port", new OvsdbRow
                        {
                            ["name"] = spec.PortName,
                            ["interfaces"] = OvsdbAtom.NamedUuid("iface"),
                            ["external_ids"] = externalIds,
                        }, "port"),
                        new Mutate("Bridge", [Condition.RowIs(bridge.Uuid!.Value)], [Mutation.Insert("ports", OvsdbAtom.NamedUuid("port"))]),
                    ],
                    cancellationToken).ConfigureAwait(false);
                if (created[^1].Count == 1)
                    return TunnelEnsureResult.Created;
            }
            catch (OvsdbTransactionException e) when (IsConflict(e))
            {
                lastConflict = e;
            }
        }
        throw new OvsdbException($"could not ensure tunnel port {spec.PortName} in {MaxAttempts} attempts", lastConflict);
    }
}
