using System.Collections.Immutable;
using Overlay.Agent.Ovs;
using Overlay.Agent.Translator;

namespace Overlay.Agent.View;

/// <summary>A composed host view: what the translator gets, and the same as a document for the cache.</summary>
public sealed record ComposedView(HostView View, ViewDocument Document);

/// <summary>A view that cannot be used on this host, and why.</summary>
public sealed record ComposeResult(ComposedView? Composed, string? Problem);

/// <summary>
/// Pure: a view document + this host's identity + what OVSDB says → the translator's <see cref="HostView"/>.
/// Rules: the identity comes from the command line, else OVSDB, else the view itself; a view made for
/// another chassis is refused. With live OVSDB state, a local VIF (Interface <c>external_ids:iface-id</c>)
/// binds its logical port here with its ofport (the live VIF wins over the view's binding), and tunnel
/// ofports are the ones of the ports the agent created; without it, the view's own (cached) numbers are used.
/// </summary>
public static class HostViewComposer
{
    public static ComposeResult Compose(ViewDocument doc, ChassisIdentity? overrides, LocalOvsState local)
    {
        ChassisIdentity identity = overrides ?? local.Identity ?? new ChassisIdentity(doc.Chassis, doc.EncapIp);
        if (identity.Chassis != doc.Chassis)
            return new ComposeResult(null, $"the view was made for chassis '{doc.Chassis}' but this is chassis '{identity.Chassis}'");

        var logicalPorts = doc.Network.Ports.Where(p => !p.IsPatch).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var bindings = new List<ViewBinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ViewBinding b in doc.Bindings)
        {
            seen.Add(b.Port);
            if (local.Live)
            {
                bool here = local.Vifs.TryGetValue(b.Port, out uint? ofport);
                // Bound here by the view but no VIF yet: no ofport, so no physical flows for it.
                bindings.Add(here ? new ViewBinding(b.Port, identity.Chassis, ofport) : b with { OfPort = null });
            }
            else
            {
                bindings.Add(b.Chassis == identity.Chassis ? b : b with { OfPort = null });
            }
        }

        if (local.Live)
        {
            foreach ((string ifaceId, uint? ofport) in local.Vifs)
            {
                if (logicalPorts.Contains(ifaceId) && seen.Add(ifaceId))
                    bindings.Add(new ViewBinding(ifaceId, identity.Chassis, ofport));
            }
        }

        var remotes = doc.Remotes.Where(r => r.Name != identity.Chassis)
            .Select(r => local.Live ? r with { TunnelOfPort = local.TunnelOfPorts.GetValueOrDefault(r.Name) } : r)
            .ToImmutableArray();
        var composedDoc = new ViewDocument(identity.Chassis, identity.EncapIp, remotes, [.. bindings], doc.Network);
        var view = HostView.Create(
            identity.Chassis,
            identity.EncapIp,
            remotes.Select(r => new RemoteChassis(r.Name, r.EncapIp, r.TunnelOfPort)),
            doc.Network,
            bindings.Select(b => (b.Port, b.Chassis, b.OfPort)));
        return new ComposeResult(new ComposedView(view, composedDoc), null);
    }
}
