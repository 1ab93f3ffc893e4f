using System.Collections.Immutable;
using Overlay.Northd.Compiler.Nb;
using Overlay.Northd.Store;

namespace Overlay.Northd.State;

/// <summary>
/// Everything northd keeps durable, at one revision: the NB database and the chassis table. Immutable;
/// <see cref="Apply"/> gives the state after one store record, so replaying the records from a snapshot
/// rebuilds exactly what was acknowledged (tunnel keys are allocated deterministically by the transaction).
/// Chassis are kept in the order of their latest report: a port named by several reports is bound to
/// the chassis that reported it last, and that order survives a snapshot.
/// </summary>
public sealed class NorthdState
{
    private ImmutableDictionary<string, string>? portChassis;

    private NorthdState(long revision, NbDatabase nb, ImmutableArray<ChassisEntry> chassis, ImmutableDictionary<string, string>? ports)
    {
        Revision = revision;
        Nb = nb;
        Chassis = chassis;
        portChassis = ports;
    }

    public static NorthdState Empty { get; } = new(0, NbDatabase.Empty, [], ImmutableDictionary<string, string>.Empty);

    public static NorthdState FromSnapshot(StoreSnapshot snapshot) => new(snapshot.Revision, snapshot.Nb, snapshot.Chassis, null);

    /// <summary>The revision of the last record applied (NB or chassis).</summary>
    public long Revision { get; }

    /// <summary>The NB database; its own Revision is that of the last NB transaction.</summary>
    public NbDatabase Nb { get; }

    /// <summary>The chassis table, oldest report first.</summary>
    public ImmutableArray<ChassisEntry> Chassis { get; }

    /// <summary>Logical port → chassis it is bound to (the latest report naming it wins).</summary>
    public ImmutableDictionary<string, string> PortChassis => portChassis ??= BuildPortChassis(Chassis);

    public StoreSnapshot ToSnapshot() => new(Revision, Nb, Chassis);

    public ChassisEntry? FindChassis(string name)
    {
        foreach (var c in Chassis)
            if (c.Name == name) return c;
        return null;
    }

    /// <summary>
    /// The state after <paramref name="record"/>, which must carry the next revision. An NB record that no
    /// longer applies throws <see cref="RecordRefusedException"/> (records are validated before they are
    /// written, so this means the store and the code disagree). The state is taken to be valid (it only ever holds
    /// validated databases), so only what the record touches is validated; recovery checks the result in full once.
    /// </summary>
    public NorthdState Apply(StoreRecord record)
    {
        if (record.Revision != Revision + 1)
            throw new InvalidOperationException($"record revision {record.Revision} does not follow state revision {Revision}");
        switch (record)
        {
            case NbTransactionRecord nb:
                var result = NbCommandBatch.Apply(Nb, nb.Commands, NbValidation.IncrementalFromValidBase);
                if (!result.Ok) throw new RecordRefusedException(record.Revision, result.Diagnostics);
                return WithNb(result.Database!, record.Revision);
            case ChassisUpsertRecord up:
                return WithChassis(record.Revision, [.. Chassis.Where(c => c.Name != up.Name), new ChassisEntry(up.Name, up.EncapIp, up.IfaceIds)]);
            case ChassisDeleteRecord del:
                return WithChassis(record.Revision, [.. Chassis.Where(c => c.Name != del.Name)]);
            default:
                throw new ArgumentException($"unknown record type {record.GetType().Name}", nameof(record));
        }
    }

    /// <summary>The state with a new NB database (already validated) at <paramref name="revision"/>.</summary>
    public NorthdState WithNb(NbDatabase nb, long revision) => new(revision, nb with { Revision = revision }, Chassis, portChassis);

    /// <summary>Advances the revision without a change (a record that was skipped during recovery).</summary>
    public NorthdState Skip(long revision) => new(revision, Nb, Chassis, portChassis);

    private NorthdState WithChassis(long revision, ImmutableArray<ChassisEntry> chassis) => new(revision, Nb, chassis, null);

    private static ImmutableDictionary<string, string> BuildPortChassis(ImmutableArray<ChassisEntry> chassis)
    {
        var map = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var c in chassis)
            foreach (var port in c.IfaceIds)
                map[port] = c.Name;
        return map.ToImmutable();
    }
}

/// <summary>A stored NB record that the transaction code refuses on replay.</summary>
public sealed class RecordRefusedException(long revision, IReadOnlyList<NbDiagnostic> problems)
    : Exception($"record {revision} refused on replay: {string.Join("; ", problems)}")
{
    public long Revision { get; } = revision;

    public IReadOnlyList<NbDiagnostic> Problems { get; } = problems;
}
