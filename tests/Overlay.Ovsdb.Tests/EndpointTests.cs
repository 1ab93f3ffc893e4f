using System.Net;
using System.Net.Sockets;

namespace Overlay.Ovsdb.Tests;

public class EndpointTests
{
    [Fact]
    public void Unix_remote_keeps_the_path()
    {
        var endpoint = OvsdbEndpoint.Parse("unix:/run/openvswitch/db.sock");
        Assert.IsType<UnixDomainSocketEndPoint>(endpoint.Address);
        Assert.Equal("unix:/run/openvswitch/db.sock", endpoint.ToString());
    }

    [Theory]
    [InlineData("tcp:127.0.0.1:6640", "127.0.0.1", 6640)]
    [InlineData("tcp:[::1]:6641", "::1", 6641)]
    public void Tcp_remote_is_address_then_port(string remote, string ip, int port)
    {
        var endpoint = OvsdbEndpoint.Parse(remote);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), endpoint.Address);
        Assert.Equal(remote, endpoint.ToString());
    }

    [Theory]
    [InlineData("unix:")]
    [InlineData("tcp:127.0.0.1")]
    [InlineData("tcp:6640:127.0.0.1")]
    [InlineData("tcp:host.example:6640")]
    [InlineData("tcp:127.0.0.1:0")]
    [InlineData("tcp:1:6640")]
    [InlineData("ssl:127.0.0.1:6640")]
    [InlineData("/run/openvswitch/db.sock")]
    public void Anything_else_is_refused_with_the_expected_syntax(string remote)
    {
        var error = Assert.Throws<FormatException>(() => OvsdbEndpoint.Parse(remote));
        Assert.Contains("unix:PATH or tcp:IP:PORT", error.Message);
    }

    [Fact]
    public async Task Connecting_to_a_missing_socket_fails_with_the_socket_error()
    {
        await Assert.ThrowsAsync<SocketException>(() => OvsdbClient.ConnectAsync("unix:/nonexistent/ovldb/db.sock"));
    }
}
