using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Overlay.Ovsdb;

/// <summary>An OVSDB remote in OVS syntax: <c>unix:/path/db.sock</c> or <c>tcp:IP:PORT</c> (IPv6 as <c>tcp:[::1]:6640</c>).</summary>
public sealed record OvsdbEndpoint(EndPoint Address)
{
    public static OvsdbEndpoint Parse(string remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (remote.StartsWith("unix:", StringComparison.Ordinal) && remote.Length > 5)
            return new OvsdbEndpoint(new UnixDomainSocketEndPoint(remote[5..]));
        if (remote.StartsWith("tcp:", StringComparison.Ordinal))
        {
            string rest = remote[4..];
            int colon = rest.LastIndexOf(':');
            string host = rest[..Math.Max(colon, 0)];
            // Literal addresses only, as OVS takes them: dotted IPv4 or bracketed IPv6 (IPAddress would also take "1").
            bool literal = host.Contains('.') || (host.StartsWith('[') && host.EndsWith(']'));
            if (colon > 0
                && literal
                && IPAddress.TryParse(host.Trim('[', ']'), out var ip)
                && ushort.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)
                && port != 0)
            {
                return new OvsdbEndpoint(new IPEndPoint(ip, port));
            }
        }
        throw new FormatException($"'{remote}' is not an OVSDB remote (expected unix:PATH or tcp:IP:PORT)");
    }

    /// <summary>Connects and returns a stream that owns the socket.</summary>
    public async Task<Stream> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var socket = Address is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Address, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override string ToString() => Address switch
    {
        UnixDomainSocketEndPoint unix => "unix:" + unix,
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"tcp:[{ip.Address}]:{ip.Port}",
        IPEndPoint ip => $"tcp:{ip.Address}:{ip.Port}",
        _ => Address.ToString() ?? "",
    };
}
