using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Overlay.Agent.Translator;

/// <summary>
/// One host's desired OpenFlow: flows in table order (priority descending within a table), the tunnel ports
/// they output to, the datapaths translated, and the logical flows that were skipped with why.
/// </summary>
public sealed record Translation(
    ImmutableArray<DesiredFlow> Flows,
    ImmutableArray<TunnelPort> Tunnels,
    ImmutableArray<uint> Datapaths,
    ImmutableArray<TranslationDiagnostic> Diagnostics)
{
    private FrozenDictionary<ulong, ImmutableArray<FlowOrigin>>? cookies;

    /// <summary>cookie → the origins carrying it (a logical flow id maps to itself).</summary>
    public FrozenDictionary<ulong, ImmutableArray<FlowOrigin>> Cookies => cookies ??= CookieIndex(Flows);

    public IEnumerable<DesiredFlow> FromLogicalFlow(ulong id) =>
        Flows.Where(f => f.Origins.Any(o => o is LogicalFlowOrigin l && l.Flow.Id == id));

    private static FrozenDictionary<ulong, ImmutableArray<FlowOrigin>> CookieIndex(ImmutableArray<DesiredFlow> flows)
    {
        var index = new Dictionary<ulong, List<FlowOrigin>>();
        foreach (var f in flows)
            foreach (var o in f.Origins)
            {
                ulong cookie = FlowCookies.For(o);
                if (!index.TryGetValue(cookie, out var list)) index[cookie] = list = [];
                if (!list.Contains(o)) list.Add(o);
            }
        return index.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray());
    }
}
