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
    /// <summary>Per chassis, the OpenFlow port numbers its agent reported (local VIFs; tunnel ports by remote chassis).</summary>
    public IReadOnlyDictionary<string, (IReadOnlyDictionary<string, uint> Vifs, IReadOnlyDictionary<string, uint> Tunnels)> PortNumbers { get; init; } =
        new Dictionary<string, (IReadOnlyDictionary<string, uint>, IReadOnlyDictionary<string, uint>)>();

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
        return new SouthboundView(network, chassisList, where)
        {
            PortNumbers = sb.ChassisStatus.ToDictionary(
                c => c.Name,
                c => ((IReadOnlyDictionary<string, uint>)c.VifOfports.ToDictionary(StringComparer.Ordinal),
                      (IReadOnlyDictionary<string, uint>)c.TunnelOfports.ToDictionary(StringComparer.Ordinal)),
                StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// What <paramref name="chassis"/> installs, by the agent's own translator. OpenFlow port numbers come from
    /// <paramref name="ofports"/> first, then from what the chassis' agent reported; local VIFs with neither are left
    /// out and listed in <paramref name="missing"/>. <paramref name="part"/>, when given, is the network to translate
    /// instead of all of it (the same bindings, fewer logical flows).
    /// </summary>
    public Translation? Translate(string chassis, IReadOnlyDictionary<string, uint> ofports, TextWriter error, out IReadOnlyList<string> missing,
        LogicalNetwork? part = null)
    {
        missing = [];
        var self = Chassis.FirstOrDefault(c => c.Name == chassis);
        if (self is null)
        {
            error.WriteLine($"overlay: no chassis named '{chassis}' (northd knows: {(Chassis.Length == 0 ? "none" : string.Join(", ", Chassis.Select(c => c.Name)))})");
            return null;
        }
        var (reportedVifs, reportedTunnels) = PortNumbers.TryGetValue(chassis, out var reported)
            ? reported
            : (new Dictionary<string, uint>(), new Dictionary<string, uint>());
        uint? OfPort(string port) =>
            ofports.TryGetValue(port, out var n) ? n : reportedVifs.TryGetValue(port, out var r) ? r : null;
        var bindings = PortChassis.Select(kv => (kv.Key, kv.Value, kv.Value == chassis ? OfPort(kv.Key) : null)).ToList();
        missing = bindings.Where(b => b.Value == chassis && b.Item3 is null).Select(b => b.Key).Order(StringComparer.Ordinal).ToList();
        var remotes = Chassis.Select(c => reportedTunnels.TryGetValue(c.Name, out var t) ? c with { TunnelOfPort = t } : c);
        var view = HostView.Create(chassis, self.EncapIp, remotes, part ?? Network, bindings);
        var translation = Translator.Translate(view);
        foreach (var d in translation.Diagnostics)
            error.WriteLine($"overlay: {chassis}: skipped {d}");
        return translation;
    }
}
