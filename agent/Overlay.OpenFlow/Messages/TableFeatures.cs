using System.Collections.Immutable;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>OFPTFC15_* table-features commands (OpenFlow 1.5).</summary>
public enum TableFeaturesCommand : byte
{
    Replace = 0,
    Modify = 1,
    Enable = 2,
    Disable = 3,
}

/// <summary>
/// One <c>ofp13_table_features</c> entry. OVS 3.1 lets a controller rename tables with a
/// <see cref="TableFeaturesCommand.Modify"/> request that repeats the switch's own values
/// (max_entries must not change) and carries no properties.
/// </summary>
public sealed record TableFeatures(
    byte TableId,
    TableFeaturesCommand Command,
    string Name,
    ulong MetadataMatch,
    ulong MetadataWrite,
    uint Capabilities,
    uint MaxEntries)
{
    public const int NameLength = 32;
    private const int FixedSize = 64;

    /// <summary>Feature properties (instructions, next tables, ...), kept raw.</summary>
    public ByteString Properties { get; init; } = ByteString.Empty;

    internal void Write(OfpWriter w)
    {
        int start = w.Position;
        w.U16(0);
        w.U8(TableId);
        w.U8((byte)Command);
        w.Zeros(4);
        w.FixedString(Name, NameLength);
        w.U64(MetadataMatch);
        w.U64(MetadataWrite);
        w.U32(Capabilities);
        w.U32(MaxEntries);
        w.Bytes(Properties.Span);
        w.PadTo8(start);
        w.PatchLength(start, start, "table features");
    }

    internal static ImmutableArray<TableFeatures> ReadAll(ref OfpReader r)
    {
        var tables = ImmutableArray.CreateBuilder<TableFeatures>();
        while (!r.End)
        {
            int length = r.PeekU16();
            if (length < FixedSize)
            {
                throw r.Error($"table features entry claims length {length}, shorter than {FixedSize}");
            }

            var e = new OfpReader(r.Bytes(length, "table features"), "table features");
            e.Skip(2);
            byte id = e.U8();
            var command = (TableFeaturesCommand)e.U8();
            e.Skip(4);
            string name = e.FixedString(NameLength);
            ulong metaMatch = e.U64();
            ulong metaWrite = e.U64();
            uint caps = e.U32();
            uint max = e.U32();
            tables.Add(new TableFeatures(id, command, name, metaMatch, metaWrite, caps, max)
            {
                Properties = ByteString.CopyFrom(e.Rest),
            });
        }

        return tables.ToImmutable();
    }
}

/// <summary>Multipart OFPMP_TABLE_FEATURES request: empty to read, with entries to change tables.</summary>
public sealed record TableFeaturesRequest(ImmutableArray<TableFeatures> Tables) : OfpMessage
{
    public TableFeaturesRequest()
        : this(ImmutableArray<TableFeatures>.Empty)
    {
    }

    public override OfpType Type => OfpType.MultipartRequest;

    public MultipartFlags Flags { get; init; }

    internal override void WriteBody(OfpWriter w)
    {
        MultipartHeader.Write(w, MultipartType.TableFeatures, Flags);
        foreach (TableFeatures t in Tables)
        {
            t.Write(w);
        }
    }
}

/// <summary>One part of an OFPMP_TABLE_FEATURES reply.</summary>
public sealed record TableFeaturesReply(MultipartFlags Flags, ImmutableArray<TableFeatures> Tables) : OfpMessage, IMultipartReply
{
    public override OfpType Type => OfpType.MultipartReply;

    public MultipartType MultipartType => MultipartType.TableFeatures;

    internal override void WriteBody(OfpWriter w)
    {
        MultipartHeader.Write(w, MultipartType.TableFeatures, Flags);
        foreach (TableFeatures t in Tables)
        {
            t.Write(w);
        }
    }
}
