using System.Globalization;
using System.Text;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Flows;

namespace Overlay.Northd.Compiler.Compile;

/// <summary>
/// Logical flows in exactly the layout of <c>ovn-sbctl lflow-list</c>: a header per datapath and
/// pipeline, then one line per flow; datapaths by name then id, ingress before egress, tables ascending,
/// priorities descending, then match and actions. A datapath's id is its tunnel key shaped like a UUID
/// (<see cref="DatapathId"/>), since we have no SB row UUIDs; it is stable across compiles and replicas.
/// </summary>
public static class LflowListFormatter
{
    /// <summary>The datapath's printed id: its key as the first 8 hex digits of a UUID, "00000001-0000-0000-0000-000000000000".</summary>
    public static string DatapathId(uint key) => key.ToString("x8", CultureInfo.InvariantCulture) + "-0000-0000-0000-000000000000";

    /// <summary>
    /// Formats the flows of every datapath, or of the one <paramref name="datapathFilter"/> names (by name,
    /// decimal key, 0x-hex key or printed id). With <paramref name="showIds"/> each flow line starts with
    /// <c>uuid=0x&lt;flow id&gt;, </c> (the full 64-bit id, where ovn-sbctl prints 32 bits of the row UUID).
    /// An unknown filter prints nothing.
    /// </summary>
    public static string Format(LogicalNetwork network, string? datapathFilter = null, bool showIds = false)
    {
        var byDatapath = new Dictionary<uint, List<LogicalFlow>>();
        foreach (var f in network.Flows)
        {
            if (!byDatapath.TryGetValue(f.Datapath, out var list)) byDatapath[f.Datapath] = list = [];
            list.Add(f);
        }
        var datapaths = new List<DatapathBinding>(network.Datapaths);
        if (datapathFilter is not null) datapaths.RemoveAll(d => !Matches(d, datapathFilter));
        datapaths.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : string.CompareOrdinal(DatapathId(a.Key), DatapathId(b.Key));
        });

        var sb = new StringBuilder();
        foreach (var dp in datapaths)
        {
            if (!byDatapath.TryGetValue(dp.Key, out var flows)) continue;
            flows.Sort(FlowOrder.Instance);
            Pipeline? current = null;
            foreach (var f in flows)
            {
                if (f.Stage.Kind != dp.Kind) continue;
                if (current != f.Pipeline)
                {
                    current = f.Pipeline;
                    sb.Append("Datapath: \"").Append(dp.Name).Append("\" (").Append(DatapathId(dp.Key)).Append(")  Pipeline: ")
                      .Append(f.Pipeline == Pipeline.Ingress ? "ingress" : "egress").Append('\n');
                }
                AppendFlow(sb, f, showIds);
            }
        }
        return sb.ToString();
    }

    /// <summary><c>  table=%-2d(%-19s), priority=%-5d, match=(%s), action=(%s)</c></summary>
    public static void AppendFlow(StringBuilder sb, LogicalFlow f, bool showId)
    {
        sb.Append("  ");
        if (showId) sb.Append("uuid=0x").Append(f.IdText).Append(", ");
        sb.Append("table=").Append(f.Stage.Table.ToString(CultureInfo.InvariantCulture).PadRight(2))
          .Append('(').Append(f.Stage.Name.PadRight(19)).Append("), priority=")
          .Append(f.Priority.ToString(CultureInfo.InvariantCulture).PadRight(5))
          .Append(", match=(").Append(f.Match).Append("), action=(").Append(f.Actions).Append(")\n");
    }

    /// <summary>Whether <paramref name="filter"/> names the datapath: its name, its key (decimal or 0x-hex) or its printed id.</summary>
    public static bool Matches(DatapathBinding dp, string filter)
    {
        if (string.Equals(dp.Name, filter, StringComparison.Ordinal)) return true;
        if (string.Equals(DatapathId(dp.Key), filter, StringComparison.OrdinalIgnoreCase)) return true;
        if (uint.TryParse(filter, NumberStyles.None, CultureInfo.InvariantCulture, out uint key)) return key == dp.Key;
        return filter.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && uint.TryParse(filter.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out key) && key == dp.Key;
    }
}
