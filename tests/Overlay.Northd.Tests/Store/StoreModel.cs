using System.Collections.Immutable;
using Overlay.Northd.Compiler.Nb;
using Overlay.Northd.Store;

namespace Overlay.Northd.Tests.Store;

/// <summary>
/// A stand-in for northd's state machine, enough to tell whether two store contents mean the same state:
/// NB transactions go through the real parser and transaction, chassis records through a dictionary.
/// </summary>
internal sealed record StoreModel(long Revision, NbDatabase Nb, ImmutableSortedDictionary<string, ChassisEntry> Chassis)
{
    public static StoreModel Empty { get; } = new(0, NbDatabase.Empty, ImmutableSortedDictionary.Create<string, ChassisEntry>(StringComparer.Ordinal));

    public static StoreModel From(StoreContents contents)
    {
        var model = contents.Snapshot is { } s
            ? new StoreModel(s.Revision, s.Nb, s.Chassis.ToImmutableSortedDictionary(c => c.Name, c => c, StringComparer.Ordinal))
            : Empty;
        return contents.Records.Aggregate(model, (m, r) => m.Apply(r));
    }

    public StoreModel Apply(StoreRecord record)
    {
        Assert.Equal(Revision + 1, record.Revision);
        switch (record)
        {
            case NbTransactionRecord tx:
                var commands = new List<NbCommand>();
                foreach (var words in tx.Commands)
                {
                    var (parsed, diagnostics) = NbScript.ParseArguments(words);
                    Assert.Empty(diagnostics);
                    commands.AddRange(parsed);
                }
                var result = NbTransaction.Apply(Nb, commands);
                Assert.True(result.Ok, string.Join("\n", result.Diagnostics));
                return this with { Revision = record.Revision, Nb = result.Database! };
            case ChassisUpsertRecord up:
                return this with { Revision = record.Revision, Chassis = Chassis.SetItem(up.Name, new ChassisEntry(up.Name, up.EncapIp, up.IfaceIds)) };
            case ChassisDeleteRecord del:
                return this with { Revision = record.Revision, Chassis = Chassis.Remove(del.Name) };
            default:
                throw new ArgumentException(record.GetType().Name);
        }
    }

    public StoreSnapshot ToSnapshot() => new(Revision, Nb, [.. Chassis.Values]);

    public bool Equals(StoreModel? other) =>
        other is not null && Revision == other.Revision && Nb.Equals(other.Nb) && Chassis.Values.SequenceEqual(other.Chassis.Values);

    public override int GetHashCode() => HashCode.Combine(Revision, Nb);

    /// <summary>A deterministic mix of record kinds for revision <paramref name="revision"/>; every one applies to the state before it.</summary>
    public static StoreRecord Record(long revision, string salt = "") => (revision % 5) switch
    {
        1 or 2 => new NbTransactionRecord(revision, [["ls-add", $"sw{salt}{revision}"], ["lsp-add", $"sw{salt}{revision}", $"p{salt}{revision}"],
            ["lsp-set-addresses", $"p{salt}{revision}", $"50:54:00:00:00:{revision % 256:x2} 10.0.{revision % 256}.3"]]),
        3 => new ChassisUpsertRecord(revision, $"hv{revision % 4}", $"192.168.0.{revision % 250 + 1}", [$"p{salt}{revision - 1}", $"p{salt}{revision - 2}"]),
        4 => new ChassisDeleteRecord(revision, $"hv{(revision + 1) % 4}"),
        _ => new NbTransactionRecord(revision, [["--may-exist", "lr-add", "lr0"]]),
    };
}
