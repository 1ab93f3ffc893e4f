using System.Globalization;
using System.Text;
using Overlay.Agent.Translator.Layout;

namespace Overlay.Agent.Translator.Text;

/// <summary>
/// Flows as text for the wire and for people: <see cref="AddFlows"/> is a file <c>ovs-ofctl -O OpenFlow15 add-flows</c>
/// loads; <see cref="DumpFlows"/> is laid out like <c>ovs-ofctl --no-stats dump-flows</c> (table 0 and cookie 0 left
/// out), optionally with table names and each flow's origin under it.
/// </summary>
public static class FlowText
{
    /// <summary>One <c>table=..,priority=..,cookie=..,MATCH actions=..</c> line per flow.</summary>
    public static string AddFlows(IEnumerable<DesiredFlow> flows)
    {
        var sb = new StringBuilder();
        foreach (var f in flows) sb.Append(f.Flow).Append('\n');
        return sb.ToString();
    }

    /// <param name="names">Print table names (logical tables by their stage for the flow's datapath kind).</param>
    /// <param name="annotate">Print each flow's origin (logical flow with stage, match, actions) under it.</param>
    public static string DumpFlows(IEnumerable<DesiredFlow> flows, bool names = false, bool annotate = false)
    {
        var sb = new StringBuilder();
        foreach (var f in flows)
        {
            DumpLine(sb, f, names);
            sb.Append('\n');
            if (!annotate) continue;
            foreach (var o in f.Origins) sb.Append("    # ").Append(o.Describe()).Append('\n');
        }
        return sb.ToString();
    }

    public static string DumpLine(DesiredFlow flow, bool names = false) => DumpLine(new StringBuilder(), flow, names).ToString();

    private static StringBuilder DumpLine(StringBuilder sb, DesiredFlow f, bool names)
    {
        var e = f.Flow;
        sb.Append(' ');
        if (e.Cookie != 0) sb.Append("cookie=0x").Append(e.Cookie.ToString("x", CultureInfo.InvariantCulture)).Append(", ");
        if (e.Table != 0 || names)
            sb.Append("table=").Append(names ? PhysicalPipeline.NameOf(e.Table, f.Kind) : e.Table.ToString(CultureInfo.InvariantCulture)).Append(", ");
        sb.Append("priority=").Append(e.Priority.ToString(CultureInfo.InvariantCulture));
        if (!e.Match.IsEmpty) sb.Append(',').Append(e.Match);
        return sb.Append(" actions=").Append(e.Actions);
    }
}
