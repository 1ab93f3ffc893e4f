using System.Collections.Immutable;
using System.Text.Json;

namespace Overlay.Ovsdb;

public enum RowChangeKind
{
    /// <summary>The row appeared (or existed when the monitor started): only <see cref="RowUpdate.New"/>.</summary>
    Insert,

    /// <summary>The row is gone: only <see cref="RowUpdate.Old"/>, with every monitored column.</summary>
    Delete,

    /// <summary>The row changed: <see cref="RowUpdate.Old"/> holds only the changed columns' previous values,
    /// <see cref="RowUpdate.New"/> every monitored column.</summary>
    Modify,
}

/// <summary>One row's change in a monitor update (RFC 7047 §4.1.6 &lt;row-update&gt;).</summary>
public sealed record RowUpdate(string Table, Guid Uuid, OvsdbRow? Old, OvsdbRow? New)
{
    public RowChangeKind Kind => Old is null ? RowChangeKind.Insert : New is null ? RowChangeKind.Delete : RowChangeKind.Modify;
}

/// <summary>
/// One batch of row changes: the initial contents (<see cref="IsInitial"/>) or one committed transaction's effect
/// on the monitored tables.
/// </summary>
public sealed record TableUpdates(ImmutableArray<RowUpdate> Rows, bool IsInitial)
{
    /// <summary>Decodes &lt;table-updates&gt;: <c>{table: {uuid: {"old": row, "new": row}}}</c>.</summary>
    public static TableUpdates Decode(JsonElement json, bool isInitial)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new OvsdbProtocolException($"monitor <table-updates> must be an object: {JsonRpc.JsonRpcConnection.Abbreviate(json)}");
        var rows = ImmutableArray.CreateBuilder<RowUpdate>();
        foreach (var table in json.EnumerateObject())
        {
            if (table.Value.ValueKind != JsonValueKind.Object)
                throw new OvsdbProtocolException($"monitor update for table {table.Name} must be an object");
            foreach (var row in table.Value.EnumerateObject())
            {
                if (!Guid.TryParseExact(row.Name, "D", out var uuid))
                    throw new OvsdbProtocolException($"monitor update for table {table.Name} has bad row uuid \"{row.Name}\"");
                if (row.Value.ValueKind != JsonValueKind.Object)
                    throw new OvsdbProtocolException($"monitor update for {table.Name} row {uuid} must be an object");
                OvsdbRow? old = row.Value.TryGetProperty("old", out var o) ? OvsdbJson.ReadRow(o) : null;
                OvsdbRow? @new = row.Value.TryGetProperty("new", out var n) ? OvsdbJson.ReadRow(n) : null;
                if (old is null && @new is null)
                    throw new OvsdbProtocolException($"monitor update for {table.Name} row {uuid} has neither old nor new");
                rows.Add(new RowUpdate(table.Name, uuid, old, @new));
            }
        }
        return new TableUpdates(rows.ToImmutable(), isInitial);
    }
}
