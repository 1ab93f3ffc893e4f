using System.Collections.Immutable;

namespace Overlay.Agent.Translator;

/// <summary>
/// One Geneve port per remote chassis (OVN's controller/encaps.c), named like ovn-controller names them:
/// "ovn-" + the first 6 characters of the chassis name + "-" + a counter that separates equal prefixes.
/// </summary>
internal static class TunnelPorts
{
    public static ImmutableArray<TunnelPort> Plan(HostView view, TranslatorOptions options)
    {
        var remotes = view.Remotes.Where(r => r.Name != view.Chassis).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var taken = new HashSet<uint>(view.OfPorts.Values);
        foreach (var r in remotes)
            if (r.TunnelOfPort is { } n) taken.Add(n);

        var prefixes = new Dictionary<string, int>(StringComparer.Ordinal);
        uint next = options.TunnelOfPortBase;
        var ports = ImmutableArray.CreateBuilder<TunnelPort>(remotes.Count);
        foreach (var r in remotes)
        {
            string prefix = r.Name.Length > 6 ? r.Name[..6] : r.Name;
            prefixes.TryGetValue(prefix, out int counter);
            prefixes[prefix] = counter + 1;
            string name = $"ovn-{prefix}-{counter}";
            if (r.TunnelOfPort is { } known)
            {
                ports.Add(new TunnelPort(name, r.Name, r.EncapIp, known, Requested: false));
                continue;
            }
            while (taken.Contains(next)) next++;
            taken.Add(next);
            ports.Add(new TunnelPort(name, r.Name, r.EncapIp, next, Requested: true));
        }
        return ports.MoveToImmutable();
    }
}
