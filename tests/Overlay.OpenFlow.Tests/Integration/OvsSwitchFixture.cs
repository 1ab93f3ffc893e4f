using Overlay.TestSupport;

namespace Overlay.OpenFlow.Tests.Integration;

/// <summary>
/// A sandboxed real OVS (<see cref="OvsSandbox"/>, namespace <c>ovlof-&lt;pid&gt;-&lt;n&gt;</c>) with br-int (netdev,
/// fail_mode=secure, OpenFlow15 only), a flow-based Geneve port (ofport 100) and two internal ports (ofports 1 and 2).
/// </summary>
public sealed class OvsSwitchFixture : OvsSandbox
{
    public const string Bridge = "br-int";
    public const ulong DatapathId = 0x020000fe0001;

    public OvsSwitchFixture()
        : base("ovlof")
    {
        try
        {
            AddBridge();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string MgmtSocket => MgmtSocketOf(Bridge);

    public string Target => "unix:" + MgmtSocket;

    /// <summary>ovs-ofctl -O OpenFlow15 COMMAND br-int.mgmt ARGS...</summary>
    public string Ofctl(string command, params string[] args) => Ofctl(Bridge, command, args);

    private void AddBridge()
    {
        // Without --no-wait, ovs-vsctl waits until ovs-vswitchd has applied the change.
        Vsctl("add-br", Bridge,
            "--", "set", "bridge", Bridge, "datapath_type=netdev", "fail_mode=secure", "protocols=OpenFlow15",
            "other_config:disable-in-band=true", "other_config:hwaddr=02:00:00:fe:00:01",
            "--", "add-port", Bridge, "geneve0",
            "--", "set", "interface", "geneve0", "type=geneve", "options:remote_ip=flow", "options:key=flow",
            "options:csum=true", "ofport_request=100",
            "--", "add-port", Bridge, "vif1", "--", "set", "interface", "vif1", "type=internal", "ofport_request=1",
            "--", "add-port", Bridge, "vif2", "--", "set", "interface", "vif2", "type=internal", "ofport_request=2");
        Daemons.WaitFor(() => File.Exists(MgmtSocket), MgmtSocket);
    }
}
