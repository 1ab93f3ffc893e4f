using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;

namespace Overlay.Northd.Store;

/// <summary>
/// Reads a journal file front to back and finds where its intact prefix ends. A record is intact when its frame is
/// whole, its checksum matches, it decodes, and its revision is the previous one + 1. Everything from the first
/// record that is not is damage: a torn tail after a crash, or corruption; the journal cannot skip over a gap, so
/// intact records after damage are counted (to say so) but not kept.
/// </summary>
internal sealed record JournalScan(
    IReadOnlyList<StoreRecord> Records,
    long GoodLength,
    long LastRevision,
    long BytesAfter,
    string? Damage)
{
    public static JournalScan Read(string path, long snapshotRevision)
    {
        var data = File.ReadAllBytes(path);
        if (!JournalFormat.TryReadJournalHeader(data, out var baseRevision, out var headerProblem))
            throw new StoreCorruptException(
                $"journal {path}: {headerProblem}; journals are created atomically, so this is disk corruption, not a crash: restore the directory from a backup");
        if (baseRevision > snapshotRevision)
            throw new StoreCorruptException(
                $"journal {path} starts after revision {baseRevision} but the snapshot is at revision {snapshotRevision} (snapshot file missing or replaced?); revisions {snapshotRevision + 1}..{baseRevision} are lost");

        var records = new List<StoreRecord>();
        var last = baseRevision;
        long bytesAfter = 0;
        var pos = JournalFormat.JournalHeaderSize;
        string? problem = null;
        while (pos < data.Length)
        {
            if (!TryRecord(data.AsSpan(pos), last, out var record, out var frameLength, out problem))
                break;
            records.Add(record!);
            last = record!.Revision;
            if (last > snapshotRevision) bytesAfter += frameLength;
            pos += frameLength;
        }
        if (problem is null)
            return new JournalScan(records, data.Length, last, bytesAfter, null);

        var note = string.Create(CultureInfo.InvariantCulture,
            $"journal {path}: dropped {data.Length - pos} byte(s) from offset {pos}, after revision {last}: {problem}");
        var (count, first, lastLost, stoppedAt) = IntactAfter(data, pos + 1, last);
        if (count > 0)
            note += string.Create(CultureInfo.InvariantCulture,
                $"; the damage is in the middle: {count} intact record(s) after it (revisions {first}..{lastLost}) were dropped too, because the journal cannot skip a damaged record");
        if (stoppedAt is { } stop)
            note += string.Create(CultureInfo.InvariantCulture, $"; the search for intact records after the damage gave up at offset {stop}");
        return new JournalScan(records, pos, last, bytesAfter, note);
    }

    private static bool TryRecord(ReadOnlySpan<byte> data, long previous, out StoreRecord? record, out int frameLength, out string? problem)
    {
        record = null;
        frameLength = 0;
        if (!JournalFormat.TryReadFrame(data, out var payload, out problem))
            return false;
        try
        {
            record = RecordCodec.Decode(payload);
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            problem = "record does not decode: " + e.Message;
            return false;
        }
        if (record.Revision != previous + 1)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"revision gap: expected {previous + 1}, found {record.Revision}");
            record = null;
            return false;
        }
        frameLength = JournalFormat.RecordHeaderSize + payload.Length;
        return true;
    }

    // Bytes of checksum work the search for intact records after damage may spend: on a large region of random
    // garbage many offsets hold a plausible length, and checking them all would take quadratic time.
    private const long ScanBudget = 256L << 20;

    // Looks for intact frames anywhere after the damage, only to tell the operator what truncation cost.
    // Cheap on torn tails and zero fill: those offsets fail the length check before any checksum is computed.
    private static (int Count, long First, long Last, int? StoppedAt) IntactAfter(byte[] data, int from, long after)
    {
        int count = 0;
        long first = 0, last = 0, budget = ScanBudget;
        var pos = from;
        while (pos < data.Length)
        {
            if (data.Length - pos >= JournalFormat.RecordHeaderSize)
            {
                var length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos));
                if (length > 0 && length <= data.Length - pos - JournalFormat.RecordHeaderSize && (budget -= length) < 0)
                    return (count, first, last, pos);
            }
            if (JournalFormat.TryReadFrame(data.AsSpan(pos), out var payload, out _) && TryDecode(payload) is { } r && r.Revision > after)
            {
                if (count++ == 0) first = r.Revision;
                last = r.Revision;
                pos += JournalFormat.RecordHeaderSize + payload.Length;
            }
            else
            {
                pos++;
            }
        }
        return (count, first, last, null);
    }

    private static StoreRecord? TryDecode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return RecordCodec.Decode(payload);
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
