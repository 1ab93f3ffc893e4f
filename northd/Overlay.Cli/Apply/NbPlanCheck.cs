using System.Collections.Immutable;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Apply;

/// <summary>
/// Runs a plan through the same transaction code northd uses, on a copy of the current database, and
/// checks it lands on the desired content with no surviving object's tunnel key moved. The CLI refuses
/// to send a plan that fails this, so a planner bug can never write a half-right network.
/// </summary>
public static class NbPlanCheck
{
    public static IReadOnlyList<string> Verify(NbDatabase current, NbDatabase desired, NbPlan plan)
    {
        if (plan.IsEmpty)
            return SameContent(current, desired) ? [] : ["the plan is empty but the database differs from the file"];
        var (commands, parse) = NbScript.ParseArguments(plan.ChainedWords());
        if (parse.Count > 0) return parse.Select(d => "planned command does not parse: " + d).ToList();
        var applied = NbTransaction.Apply(current, commands);
        if (applied.Database is not { } result) return applied.Diagnostics.Select(d => "planned transaction is refused: " + d).ToList();
        var problems = new List<string>();
        if (!SameContent(result, desired)) problems.Add("the planned commands do not reach the file's content");
        foreach (var sw in current.Switches.Values)
        {
            if (!result.Switches.TryGetValue(sw.Name, out var now)) continue;
            if (now.TunnelKey != sw.TunnelKey) problems.Add($"ls {sw.Name}: tunnel key would move {sw.TunnelKey} -> {now.TunnelKey}");
            foreach (var port in sw.Ports.Values)
                if (now.Ports.TryGetValue(port.Name, out var p) && p.TunnelKey != port.TunnelKey)
                    problems.Add($"lsp {port.Name}: tunnel key would move {port.TunnelKey} -> {p.TunnelKey}");
        }
        foreach (var lr in current.Routers.Values)
        {
            if (!result.Routers.TryGetValue(lr.Name, out var now)) continue;
            if (now.TunnelKey != lr.TunnelKey) problems.Add($"lr {lr.Name}: tunnel key would move {lr.TunnelKey} -> {now.TunnelKey}");
            foreach (var port in lr.Ports.Values)
                // Only a router port whose enabled flag changes is re-created (no set-verb for it); its key may move.
                if (now.Ports.TryGetValue(port.Name, out var p) && p.TunnelKey != port.TunnelKey && p.Enabled == port.Enabled)
                    problems.Add($"lrp {port.Name}: tunnel key would move {port.TunnelKey} -> {p.TunnelKey}");
        }
        return problems;
    }

    /// <summary>Equal apart from tunnel keys and revision.</summary>
    public static bool SameContent(NbDatabase a, NbDatabase b) => WithoutKeys(a) == WithoutKeys(b);

    public static NbDatabase WithoutKeys(NbDatabase db) => db with
    {
        Revision = 0,
        Switches = db.Switches.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value with
        {
            TunnelKey = 0,
            Ports = kv.Value.Ports.ToImmutableSortedDictionary(p => p.Key, p => p.Value with { TunnelKey = 0 }, StringComparer.Ordinal),
        }, StringComparer.Ordinal),
        Routers = db.Routers.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value with
        {
            TunnelKey = 0,
            Ports = kv.Value.Ports.ToImmutableSortedDictionary(p => p.Key, p => p.Value with { TunnelKey = 0 }, StringComparer.Ordinal),
        }, StringComparer.Ordinal),
    };
}
