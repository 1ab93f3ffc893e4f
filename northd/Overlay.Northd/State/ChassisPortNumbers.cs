using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Overlay.Northd.State;

/// <summary>
/// The OpenFlow port numbers each agent last reported (local VIFs by iface-id, tunnel ports by remote chassis).
/// Only for inspection (`overlay flows --chassis`), so in memory only: agents report again when they reconnect.
/// </summary>
internal sealed class ChassisPortNumbers
{
    private readonly ConcurrentDictionary<string, (ImmutableSortedDictionary<string, uint> Vifs, ImmutableSortedDictionary<string, uint> Tunnels)> ports =
        new(StringComparer.Ordinal);

    private static readonly ImmutableSortedDictionary<string, uint> None = ImmutableSortedDictionary.Create<string, uint>(StringComparer.Ordinal);

    public void Report(string chassis, IEnumerable<KeyValuePair<string, uint>> vifs, IEnumerable<KeyValuePair<string, uint>> tunnels) =>
        ports[chassis] = (ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, vifs), ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, tunnels));

    public (ImmutableSortedDictionary<string, uint> Vifs, ImmutableSortedDictionary<string, uint> Tunnels) Of(string chassis) =>
        ports.TryGetValue(chassis, out var p) ? p : (None, None);

    public void Forget(string chassis) => ports.TryRemove(chassis, out _);
}
