using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Overlay.OpenFlow;

/// <summary>
/// Parses OVS-style connection targets: <c>unix:/run/openvswitch/br-int.mgmt</c>,
/// <c>tcp:127.0.0.1:6653</c>, or a bare absolute path (a Unix socket).
/// </summary>
public static class OpenFlowEndpoint
{
    public static EndPoint Parse(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (target.StartsWith("unix:", StringComparison.Ordinal))
        {
            return new UnixDomainSocketEndPoint(target["unix:".Length..]);
        }

        if (target.StartsWith("tcp:", StringComparison.Ordinal))
        {
            string rest = target["tcp:".Length..];
            int colon = rest.LastIndexOf(':');
            string host = colon < 0 ? rest : rest[..colon];
            int port = colon < 0 ? 6653 : int.Parse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            host = host.Trim('[', ']');
            return IPAddress.TryParse(host, out IPAddress? ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
        }

        if (target.StartsWith('/'))
        {
            return new UnixDomainSocketEndPoint(target);
        }

        throw new FormatException($"'{target}' is not an OpenFlow target (expected unix:PATH, tcp:HOST:PORT or an absolute path)");
    }
}
