using System.Collections.Immutable;

namespace Overlay.Agent.Translator;

/// <summary>
/// A Geneve tunnel port br-int needs toward a remote chassis: <c>type=geneve</c> with <see cref="Options"/>
/// (<c>remote_ip</c>, <c>key=flow</c>, <c>csum=true</c>). <see cref="Requested"/>: the view did not number it, so
/// the agent should create it with <c>ofport_request=OfPort</c>.
/// </summary>
public sealed record TunnelPort(string Name, string Chassis, string RemoteIp, uint OfPort, bool Requested)
{
    public const string Type = "geneve";

    public ImmutableSortedDictionary<string, string> Options =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [
            KeyValuePair.Create("csum", "true"),
            KeyValuePair.Create("key", "flow"),
            KeyValuePair.Create("remote_ip", RemoteIp)]);
}
