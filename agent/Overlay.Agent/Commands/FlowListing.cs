using System.Collections.Immutable;
using System.Text;
using Overlay.Agent.Translator;
using Overlay.Agent.Translator.Layout;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Commands;

/// <summary>
/// Pure: installed flows in <c>ovs-ofctl dump-flows</c> layout (one line per flow, sorted by table then
/// priority, highest first), each optionally followed by what it was made from, found by its cookie in the
/// translation's cookie index: the logical flow (stage, priority, match, actions), port binding, multicast
/// group or remote chassis.
/// </summary>
public static class FlowListing
{
    public static string Format(IEnumerable<FlowStats> flows, Translation? translation, bool annotate)
    {
        var text = new StringBuilder();
        foreach (FlowStats s in flows.OrderBy(f => f.Flow.Table).ThenByDescending(f => f.Flow.Priority))
        {
            text.Append(' ').Append(s).Append('\n');
            if (!annotate)
                continue;
            foreach (string line in Annotations(s.Flow, translation))
                text.Append("    ").Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The lines describing a flow's origin; a table name alone when the cookie is not known.</summary>
    public static ImmutableArray<string> Annotations(FlowEntry flow, Translation? translation)
    {
        if (translation is not null && flow.Cookie != 0 && translation.Cookies.TryGetValue(flow.Cookie, out var origins) && !origins.IsDefaultOrEmpty)
            return [.. origins.Select(o => o.Describe())];
        string table = PhysicalPipeline.Find(flow.Table) is { } t ? $"table {t.Id} ({t.Name})" : $"table {flow.Table}";
        return [flow.Cookie == 0 ? $"{table}: pipeline flow" : $"{table}: cookie 0x{flow.Cookie:x} is not in the view"];
    }
}
