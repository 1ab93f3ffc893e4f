using System.Collections.Immutable;
using Overlay.Agent.Translator;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Logical;

namespace Overlay.Cli.Online;

/// <summary>
/// Northd's compiled state as the offline renderers take it: the logical network, the chassis with their
/// encap IPs, and which chassis each port is bound to. Converted with the same SbConvert the agent uses.
/// </summary>
public sealed record SouthboundView(LogicalNetwork Network, ImmutableArray<RemoteChassis> Chassis, IReadOnlyDictionary<string, string> PortChassis)
{
    /// <summary>Throws FormatException when northd sends what this build cannot read (e.g. an unknown stage).</summary>
    public static SouthboundView From(SouthboundState sb)
    {
        var ports = ImmutableArray.CreateBuilder<Overlay.Logical.PortBinding>(sb.PortBindings.Count);
        var where = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in sb.PortBindings)
        {
            ports.Add(SbConvert.FromProto(p, out var chassis));
            if (chassis is not null) where[p.Name] = chassis;
        }
        var network = new LogicalNetwork(
            sb.Revision,
            [.. sb.Datapaths.Select(SbConvert.FromProto)],
            ports.MoveToImmutable(),
            [.. sb.MulticastGroups.Select(SbConvert.FromProto)],
            [.. sb.AddressSets.Select(SbConvert.FromProto)],
            [.. sb.PortGroups.Select(SbConvert.FromProto)],
            [.. sb.LogicalFlows.Select(SbConvert.FromProto)]);
        var chassisList = sb.Chassis.Select(c => new RemoteChassis(c.Name, c.EncapIp)).OrderBy(c => c.Name, StringComparer.Ordinal).ToImmutableArray();
        return new SouthboundView(network, chassisList, where);
    }

    /// <summary>
    /// What <paramref name="chassis"/> installs, by the agent's own translator. Northd does not know OpenFlow port
    /// numbers, so local VIFs get one only from <paramref name="ofports"/>; the rest are listed in <paramref name="missing"/>.
    /// </summary>
    public Translation? Translate(string chassis, IReadOnlyDictionary<string, uint> ofports, TextWriter error, out IReadOnlyList<string> missing)
    {
        missing = [];
        var self = Chassis.FirstOrDefault(c => c.Name == chassis);
        if (self is null)
        {
            error.WriteLine($"overlay: no chassis named '{chassis}' (northd knows: {(Chassis.Length == 0 ? "none" : string.Join(", ", Chassis.Select(c => c.Name)))})");
            return null;
        }
        var bindings = PortChassis.Select(kv => (kv.Key, kv.Value, kv.Value == chassis && ofports.TryGetValue(kv.Key, out var n) ? n : (uint?)null)).ToList();
        missing = bindings.Where(b => b.Value == chassis && b.Item3 is null).Select(b => b.Key).Order(StringComparer.Ordinal).ToList();
        var view = HostView.Create(chassis, self.EncapIp, Chassis, Network, bindings);
        var translation = Translator.Translate(view);
        foreach (var d in translation.Diagnostics)
            error.WriteLine($"overlay: {chassis}: skipped {d}");
        return translation;
    }
}
