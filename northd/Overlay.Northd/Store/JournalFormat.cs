using System.Buffers.Binary;

namespace Overlay.Northd.Store;

/// <summary>
/// Byte layout of the embedded store's files (all integers little-endian).
/// <code>
/// journal  : header  = "OVJL" | u32 version | i64 base revision | u32 crc32c(previous 16 bytes)
///            records = u32 payload length | u32 crc32c(length bytes ++ payload) | payload (JournalRecord)
/// snapshot : "OVSN" | u32 version | u32 payload length | u32 crc32c(length bytes ++ payload) | payload (Snapshot)
/// </code>
/// The base revision is the snapshot revision the journal was started after; its first record is base + 1.
/// The checksum covers the length too, so a damaged length cannot pass as a shorter valid record.
/// </summary>
internal static class JournalFormat
{
    public const uint Version = 1;
    public const int JournalHeaderSize = 20;
    public const int RecordHeaderSize = 8;
    public const int SnapshotHeaderSize = 16;
    public const int MaxPayload = 64 << 20;

    private static ReadOnlySpan<byte> JournalMagic => "OVJL"u8;
    private static ReadOnlySpan<byte> SnapshotMagic => "OVSN"u8;

    public static byte[] JournalHeader(long baseRevision)
    {
        var header = new byte[JournalHeaderSize];
        JournalMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), baseRevision);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), Crc32C.Compute(header.AsSpan(0, 16)));
        return header;
    }

    /// <summary>The base revision, or an explanation of why the header is not a valid one.</summary>
    public static bool TryReadJournalHeader(ReadOnlySpan<byte> header, out long baseRevision, out string? problem)
    {
        baseRevision = 0;
        problem = null;
        if (header.Length < JournalHeaderSize) problem = $"header is {header.Length} bytes, expected {JournalHeaderSize}";
        else if (!header[..4].SequenceEqual(JournalMagic)) problem = "not a journal (bad magic)";
        else if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Crc32C.Compute(header[..16])) problem = "header checksum mismatch";
        else if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) is var v && v != Version) problem = $"unsupported journal version {v}";
        else if ((baseRevision = BinaryPrimitives.ReadInt64LittleEndian(header[8..])) < 0) problem = $"negative base revision {baseRevision}";
        return problem is null;
    }

    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[RecordHeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(RecordHeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), FrameCrc(frame.AsSpan(0, 4), payload));
        return frame;
    }

    /// <summary>
    /// Reads the frame at the start of <paramref name="data"/>: its payload, or why there is no intact frame there.
    /// Consumes nothing on failure; the caller decides what to do with the bytes.
    /// </summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> payload, out string? problem)
    {
        payload = default;
        problem = null;
        if (data.Length < RecordHeaderSize)
        {
            problem = $"torn record header ({data.Length} of {RecordHeaderSize} bytes)";
            return false;
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length == 0 || length > MaxPayload)
        {
            problem = $"impossible record length {length}";
            return false;
        }
        if (data.Length - RecordHeaderSize < length)
        {
            problem = $"torn record ({data.Length - RecordHeaderSize} of {length} payload bytes)";
            return false;
        }
        var body = data.Slice(RecordHeaderSize, (int)length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) != FrameCrc(data[..4], body))
        {
            problem = "record checksum mismatch";
            return false;
        }
        payload = body;
        return true;
    }

    public static byte[] SnapshotFile(ReadOnlySpan<byte> payload)
    {
        var file = new byte[SnapshotHeaderSize + payload.Length];
        SnapshotMagic.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), (uint)payload.Length);
        payload.CopyTo(file.AsSpan(SnapshotHeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), FrameCrc(file.AsSpan(8, 4), payload));
        return file;
    }

    public static bool TryReadSnapshotFile(ReadOnlySpan<byte> file, out ReadOnlySpan<byte> payload, out string? problem)
    {
        payload = default;
        problem = null;
        if (file.Length < SnapshotHeaderSize) problem = $"file is {file.Length} bytes, shorter than its header";
        else if (!file[..4].SequenceEqual(SnapshotMagic)) problem = "not a snapshot (bad magic)";
        else if (BinaryPrimitives.ReadUInt32LittleEndian(file[4..]) is var v && v != Version) problem = $"unsupported snapshot version {v}";
        else if (BinaryPrimitives.ReadUInt32LittleEndian(file[8..]) is var length && length != file.Length - SnapshotHeaderSize)
            problem = $"payload length {length} but the file holds {file.Length - SnapshotHeaderSize} bytes";
        else if (BinaryPrimitives.ReadUInt32LittleEndian(file[12..]) != FrameCrc(file.Slice(8, 4), file[SnapshotHeaderSize..]))
            problem = "checksum mismatch";
        else payload = file[SnapshotHeaderSize..];
        return problem is null;
    }

    private static uint FrameCrc(ReadOnlySpan<byte> length, ReadOnlySpan<byte> payload) =>
        Crc32C.Append(Crc32C.Compute(length), payload);
}
