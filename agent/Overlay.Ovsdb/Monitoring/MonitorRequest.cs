using System.Collections.Immutable;
using System.Text.Json;

namespace Overlay.Ovsdb;

/// <summary>Which changes a monitor reports (RFC 7047 §4.1.5 "select").</summary>
[Flags]
public enum MonitorSelect
{
    Initial = 1,
    Insert = 2,
    Delete = 4,
    Modify = 8,
    All = Initial | Insert | Delete | Modify,
}

/// <summary>Monitor one table; <see cref="Columns"/> default means every column.</summary>
public sealed record MonitorRequest(string Table, ImmutableArray<string> Columns = default, MonitorSelect Select = MonitorSelect.All)
{
    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (!Columns.IsDefault)
        {
            writer.WriteStartArray("columns");
            foreach (string column in Columns)
                writer.WriteStringValue(column);
            writer.WriteEndArray();
        }
        writer.WriteStartObject("select");
        writer.WriteBoolean("initial", Select.HasFlag(MonitorSelect.Initial));
        writer.WriteBoolean("insert", Select.HasFlag(MonitorSelect.Insert));
        writer.WriteBoolean("delete", Select.HasFlag(MonitorSelect.Delete));
        writer.WriteBoolean("modify", Select.HasFlag(MonitorSelect.Modify));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
