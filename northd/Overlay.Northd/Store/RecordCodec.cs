using System.Collections.Immutable;
using Google.Protobuf;
using Overlay.Northd.Api;
using Overlay.Northd.Store.Proto;
using Nb = Overlay.Contracts.Nb;

namespace Overlay.Northd.Store;

/// <summary>Store records and snapshots to and from their protobuf payloads (journal.proto).</summary>
internal static class RecordCodec
{
    public static byte[] Encode(StoreRecord record)
    {
        var pb = new JournalRecord { Revision = record.Revision };
        if (record is NbTransactionRecord { Commands.IsDefault: true } or ChassisUpsertRecord { IfaceIds.IsDefault: true })
            throw new ArgumentException($"record at revision {record.Revision} has an uninitialized list", nameof(record));
        switch (record)
        {
            case NbTransactionRecord tx:
                var nb = new NbTransaction();
                nb.Commands.AddRange(tx.Commands.Select(c => new Words { Words_ = { c } }));
                pb.NbTransaction = nb;
                break;
            case ChassisUpsertRecord up:
                pb.ChassisUpsert = new ChassisUpsert { Name = up.Name, EncapIp = up.EncapIp, IfaceIds = { up.IfaceIds } };
                break;
            case ChassisDeleteRecord del:
                pb.ChassisDelete = new ChassisDelete { Name = del.Name };
                break;
            default:
                throw new ArgumentException($"unknown store record type {record.GetType().Name}", nameof(record));
        }
        return pb.ToByteArray();
    }

    /// <summary>Decodes one record; FormatException (or InvalidProtocolBufferException) when the payload is not one.</summary>
    public static StoreRecord Decode(ReadOnlySpan<byte> payload)
    {
        var pb = JournalRecord.Parser.ParseFrom(payload);
        if (pb.Revision <= 0)
            throw new FormatException($"record revision {pb.Revision} is not positive");
        return pb.KindCase switch
        {
            JournalRecord.KindOneofCase.NbTransaction => new NbTransactionRecord(
                pb.Revision, pb.NbTransaction.Commands.Select(c => c.Words_.ToImmutableArray()).ToImmutableArray()),
            JournalRecord.KindOneofCase.ChassisUpsert => new ChassisUpsertRecord(
                pb.Revision, pb.ChassisUpsert.Name, pb.ChassisUpsert.EncapIp, pb.ChassisUpsert.IfaceIds.ToImmutableArray()),
            JournalRecord.KindOneofCase.ChassisDelete => new ChassisDeleteRecord(pb.Revision, pb.ChassisDelete.Name),
            _ => throw new FormatException($"record at revision {pb.Revision} has no known kind"),
        };
    }

    public static byte[] Encode(StoreSnapshot snapshot)
    {
        var pb = new Snapshot { Revision = snapshot.Revision, Nb = NbProto.ToProto(snapshot.Nb).ToByteString() };
        pb.Chassis.AddRange(snapshot.Chassis.Select(c => new SnapshotChassis { Name = c.Name, EncapIp = c.EncapIp, IfaceIds = { c.IfaceIds } }));
        return pb.ToByteArray();
    }

    public static StoreSnapshot DecodeSnapshot(ReadOnlySpan<byte> payload)
    {
        var pb = Snapshot.Parser.ParseFrom(payload);
        if (pb.Revision < 0)
            throw new FormatException($"snapshot revision {pb.Revision} is negative");
        var nb = NbProto.FromProto(Nb.Database.Parser.ParseFrom(pb.Nb));
        var chassis = pb.Chassis.Select(c => new ChassisEntry(c.Name, c.EncapIp, c.IfaceIds.ToImmutableArray())).ToImmutableArray();
        return new StoreSnapshot(pb.Revision, nb, chassis);
    }
}
