using System.Net;
using System.Net.Sockets;

namespace Overlay.OpenFlow.Tests.Connection;

public sealed class EndpointTests
{
    [Fact]
    public void ParsesOvsStyleTargets()
    {
        Assert.Equal("/run/ovs/br-int.mgmt", Assert.IsType<UnixDomainSocketEndPoint>(OpenFlowEndpoint.Parse("unix:/run/ovs/br-int.mgmt")).ToString());
        Assert.Equal("/tmp/x/br-int.mgmt", Assert.IsType<UnixDomainSocketEndPoint>(OpenFlowEndpoint.Parse("/tmp/x/br-int.mgmt")).ToString());
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 16641), OpenFlowEndpoint.Parse("tcp:127.0.0.1:16641"));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 6653), OpenFlowEndpoint.Parse("tcp:[::1]:6653"));
        Assert.Equal(new DnsEndPoint("switch.example", 6653), OpenFlowEndpoint.Parse("tcp:switch.example:6653"));
        Assert.Throws<FormatException>(() => OpenFlowEndpoint.Parse("br-int"));
    }
}
