using System.Text.Json.Serialization;

namespace Overlay.Agent.View;

// The JSON shapes of a view file; the "network" object has the layout of `overlay compile -o json`.

internal sealed class ViewFileJson
{
    public int Format { get; set; }

    public string? Chassis { get; set; }

    public string? EncapIp { get; set; }

    public List<RemoteJson>? Remotes { get; set; }

    public List<BindingJson>? Bindings { get; set; }

    public NetworkJson? Network { get; set; }
}

internal sealed class RemoteJson
{
    public string? Name { get; set; }

    public string? EncapIp { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? TunnelOfport { get; set; }
}

internal sealed class BindingJson
{
    public string? Port { get; set; }

    public string? Chassis { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? Ofport { get; set; }
}

internal sealed class NetworkJson
{
    public long Revision { get; set; }

    public List<DatapathJson>? Datapaths { get; set; }

    public List<PortBindingJson>? PortBindings { get; set; }

    public List<MulticastGroupJson>? MulticastGroups { get; set; }

    public List<NamedListJson>? AddressSets { get; set; }

    public List<PortGroupJson>? PortGroups { get; set; }

    public List<LogicalFlowJson>? LogicalFlows { get; set; }
}

internal sealed class DatapathJson
{
    public uint Key { get; set; }

    public string? Name { get; set; }

    public string? Kind { get; set; }
}

internal sealed class PortBindingJson
{
    public string? Name { get; set; }

    public uint Datapath { get; set; }

    public uint Key { get; set; }

    public string? Type { get; set; }

    public string? Peer { get; set; }

    public List<string>? Addresses { get; set; }

    public List<string>? PortSecurity { get; set; }
}

internal sealed class MulticastGroupJson
{
    public uint Datapath { get; set; }

    public string? Name { get; set; }

    public uint Key { get; set; }

    public List<string>? Ports { get; set; }
}

internal sealed class NamedListJson
{
    public string? Name { get; set; }

    public List<string>? Addresses { get; set; }
}

internal sealed class PortGroupJson
{
    public string? Name { get; set; }

    public List<string>? Ports { get; set; }
}

internal sealed class LogicalFlowJson
{
    public string? Id { get; set; }

    public uint Datapath { get; set; }

    public string? Pipeline { get; set; }

    public int? Table { get; set; }

    public string? Stage { get; set; }

    public int Priority { get; set; }

    public string? Match { get; set; }

    public string? Actions { get; set; }

    public string? Source { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ViewFileJson))]
internal sealed partial class ViewJsonContext : JsonSerializerContext;
