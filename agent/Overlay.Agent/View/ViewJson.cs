using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Overlay.Logical;

namespace Overlay.Agent.View;

/// <summary>
/// Reads and writes host view files. Layout (JSON, snake_case):
/// <code>
/// { "format": 1, "chassis": "hv1", "encap_ip": "192.168.0.1",
///   "remotes":  [ { "name": "hv2", "encap_ip": "192.168.0.2" } ],
///   "bindings": [ { "port": "p1", "chassis": "hv1" }, { "port": "p2", "chassis": "hv2" } ],
///   "network":  { "revision": 3, "datapaths": [...], "port_bindings": [...], "multicast_groups": [...],
///                 "address_sets": [...], "port_groups": [...], "logical_flows": [...] } }
/// </code>
/// The network is <c>overlay compile -o json</c>'s layout. Optional <c>ofport</c> on a binding and
/// <c>tunnel_ofport</c> on a remote are what the agent learned from OVSDB; it writes them into its cache and
/// uses them until OVSDB says otherwise. A logical flow's <c>id</c>, when given, must equal the id computed from
/// its fields, which catches hand edits that forgot to drop it.
/// </summary>
public static class ViewJson
{
    public const int Format = 1;

    public static ViewLoadResult Read(ReadOnlySpan<byte> utf8)
    {
        ViewFileJson? file;
        try
        {
            file = JsonSerializer.Deserialize(utf8, ViewJsonContext.Default.ViewFileJson);
        }
        catch (JsonException e)
        {
            return ViewLoadResult.Failed($"not a view file: {e.Message}");
        }

        return file is null ? ViewLoadResult.Failed("not a view file: the document is null") : new Mapper().Map(file);
    }

    public static byte[] Write(ViewDocument view) =>
        JsonSerializer.SerializeToUtf8Bytes(ToJson(view), ViewJsonContext.Default.ViewFileJson);

    private static ViewFileJson ToJson(ViewDocument v) => new()
    {
        Format = Format,
        Chassis = v.Chassis,
        EncapIp = v.EncapIp,
        Remotes = [.. v.Remotes.Select(r => new RemoteJson { Name = r.Name, EncapIp = r.EncapIp, TunnelOfport = r.TunnelOfPort })],
        Bindings = [.. v.Bindings.Select(b => new BindingJson { Port = b.Port, Chassis = b.Chassis, Ofport = b.OfPort })],
        Network = new NetworkJson
        {
            Revision = v.Network.Revision,
            Datapaths = [.. v.Network.Datapaths.Select(d => new DatapathJson { Key = d.Key, Name = d.Name, Kind = KindText(d.Kind) })],
            PortBindings = [.. v.Network.Ports.Select(p => new PortBindingJson
            {
                Name = p.Name, Datapath = p.Datapath, Key = p.Key, Type = p.Type, Peer = p.Peer,
                Addresses = [.. p.Addresses], PortSecurity = [.. p.PortSecurity],
            })],
            MulticastGroups = [.. v.Network.MulticastGroups.Select(m => new MulticastGroupJson { Datapath = m.Datapath, Name = m.Name, Key = m.Key, Ports = [.. m.Ports] })],
            AddressSets = [.. v.Network.AddressSets.Select(a => new NamedListJson { Name = a.Name, Addresses = [.. a.Addresses] })],
            PortGroups = [.. v.Network.PortGroups.Select(g => new PortGroupJson { Name = g.Name, Ports = [.. g.Ports] })],
            LogicalFlows = [.. v.Network.Flows.Select(f => new LogicalFlowJson
            {
                Id = f.IdText, Datapath = f.Datapath, Pipeline = f.Pipeline == Pipeline.Ingress ? "ingress" : "egress",
                Table = f.Stage.Table, Stage = f.Stage.Name, Priority = f.Priority, Match = f.Match, Actions = f.Actions, Source = f.Source,
            })],
        },
    };

    private static string KindText(DatapathKind kind) => kind == DatapathKind.Switch ? "switch" : "router";

    /// <summary>JSON → model, collecting every problem instead of stopping at the first.</summary>
    private sealed class Mapper
    {
        private readonly List<string> _problems = [];

        public ViewLoadResult Map(ViewFileJson f)
        {
            if (f.Format != Format)
                _problems.Add($"format: expected {Format}, got {f.Format}");
            string chassis = Required(f.Chassis, "chassis");
            string encapIp = IpAddress(f.EncapIp, "encap_ip");
            var remotes = (f.Remotes ?? []).Select((r, i) => new ViewRemote(
                Required(r.Name, $"remotes[{i}].name"), IpAddress(r.EncapIp, $"remotes[{i}].encap_ip"), r.TunnelOfport)).ToImmutableArray();
            var bindings = (f.Bindings ?? []).Select((b, i) => new ViewBinding(
                Required(b.Port, $"bindings[{i}].port"), Required(b.Chassis, $"bindings[{i}].chassis"), b.Ofport)).ToImmutableArray();
            LogicalNetwork? network = f.Network is null ? Missing<LogicalNetwork>("network") : Network(f.Network);
            Duplicates(remotes.Select(r => r.Name), "remote chassis");
            Duplicates(bindings.Select(b => b.Port), "binding for port");
            return _problems.Count > 0 || network is null
                ? new ViewLoadResult(null, [.. _problems])
                : new ViewLoadResult(new ViewDocument(chassis, encapIp, remotes, bindings, network), []);
        }

        private LogicalNetwork Network(NetworkJson n)
        {
            var datapaths = (n.Datapaths ?? []).Select((d, i) => new DatapathBinding(
                Key(d.Key, Keys.MinDatapath, Keys.MaxDatapath, $"datapaths[{i}].key"), Required(d.Name, $"datapaths[{i}].name"), Kind(d.Kind, $"datapaths[{i}].kind")))
                .ToImmutableArray();
            Duplicates(datapaths.Select(d => d.Key.ToString(CultureInfo.InvariantCulture)), "datapath key");
            var kinds = datapaths.GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.First().Kind);
            var ports = (n.PortBindings ?? []).Select((p, i) => new PortBinding(
                Required(p.Name, $"port_bindings[{i}].name"), Datapath(p.Datapath, kinds, $"port_bindings[{i}].datapath"),
                Key(p.Key, Keys.MinPort, Keys.MaxPort, $"port_bindings[{i}].key"), p.Type ?? "", p.Peer,
                (p.Addresses ?? []).ToValueArray(), (p.PortSecurity ?? []).ToValueArray())).ToImmutableArray();
            Duplicates(ports.Select(p => p.Name), "port binding");
            var groups = (n.MulticastGroups ?? []).Select((m, i) => new MulticastGroup(
                Datapath(m.Datapath, kinds, $"multicast_groups[{i}].datapath"), Required(m.Name, $"multicast_groups[{i}].name"),
                Key(m.Key, Keys.McFlood, 65535, $"multicast_groups[{i}].key"), (m.Ports ?? []).ToValueArray())).ToImmutableArray();
            var sets = (n.AddressSets ?? []).Select((a, i) => new AddressSetBinding(Required(a.Name, $"address_sets[{i}].name"), (a.Addresses ?? []).ToValueArray())).ToImmutableArray();
            var portGroups = (n.PortGroups ?? []).Select((g, i) => new PortGroupBinding(Required(g.Name, $"port_groups[{i}].name"), (g.Ports ?? []).ToValueArray())).ToImmutableArray();
            var flows = ImmutableArray.CreateBuilder<LogicalFlow>();
            for (int i = 0; i < (n.LogicalFlows?.Count ?? 0); i++)
            {
                if (Flow(n.LogicalFlows![i], kinds, $"logical_flows[{i}]") is { } flow)
                    flows.Add(flow);
            }

            return new LogicalNetwork(n.Revision, datapaths, ports, groups, sets, portGroups, flows.ToImmutable());
        }

        private LogicalFlow? Flow(LogicalFlowJson f, Dictionary<uint, DatapathKind> kinds, string where)
        {
            int before = _problems.Count;
            uint datapath = Datapath(f.Datapath, kinds, where + ".datapath");
            string stageName = Required(f.Stage, where + ".stage");
            Stage? stage = Stages.Find(stageName);
            if (stage is null && stageName.Length > 0)
                _problems.Add($"{where}.stage: no stage named '{stageName}'");
            if (stage is not null && kinds.TryGetValue(datapath, out DatapathKind kind) && kind != stage.Kind)
                _problems.Add($"{where}.stage: {stage.Name} is a {KindText(stage.Kind)} stage but datapath {datapath} is a {KindText(kind)}");
            if (stage is not null && f.Pipeline is { } p && p != (stage.Pipeline == Pipeline.Ingress ? "ingress" : "egress"))
                _problems.Add($"{where}.pipeline: '{p}' does not match stage {stage.Name}");
            if (stage is not null && f.Table is { } t && t != stage.Table)
                _problems.Add($"{where}.table: {t} does not match stage {stage.Name} (table {stage.Table})");
            string match = Required(f.Match, where + ".match");
            string actions = Required(f.Actions, where + ".actions");
            if (_problems.Count > before || stage is null)
                return null;

            var flow = LogicalFlow.Create(datapath, stage, f.Priority, match, actions, f.Source ?? "");
            if (f.Id is { } id && (!FlowId.TryParse(id, out ulong given) || given != flow.Id))
            {
                _problems.Add($"{where}.id: {id} is not the id of this flow ({flow.IdText}); drop it or fix the flow");
                return null;
            }

            return flow;
        }

        private string Required(string? value, string where)
        {
            if (string.IsNullOrEmpty(value))
                _problems.Add($"{where}: required");
            return value ?? "";
        }

        private string IpAddress(string? value, string where)
        {
            string text = Required(value, where);
            if (text.Length > 0 && !IPAddress.TryParse(text, out _))
                _problems.Add($"{where}: '{text}' is not an IP address");
            return text;
        }

        private uint Key(uint value, uint min, uint max, string where)
        {
            if (value < min || value > max)
                _problems.Add($"{where}: {value} is outside {min}..{max}");
            return value;
        }

        private uint Datapath(uint key, Dictionary<uint, DatapathKind> kinds, string where)
        {
            if (!kinds.ContainsKey(key))
                _problems.Add($"{where}: no datapath with key {key}");
            return key;
        }

        private DatapathKind Kind(string? value, string where)
        {
            switch (value)
            {
                case "switch": return DatapathKind.Switch;
                case "router": return DatapathKind.Router;
                default:
                    _problems.Add($"{where}: expected \"switch\" or \"router\", got \"{value}\"");
                    return DatapathKind.Switch;
            }
        }

        private T? Missing<T>(string where)
            where T : class
        {
            _problems.Add($"{where}: required");
            return null;
        }

        private void Duplicates(IEnumerable<string> names, string what)
        {
            foreach (var g in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
                _problems.Add($"duplicate {what} '{g.Key}'");
        }
    }
}
