using Overlay.TestSupport;

namespace Overlay.Agent.Tests.Support;

/// <summary>
/// A sandboxed real OVS (<see cref="OvsSandbox"/>) in namespace <c>ovlag-&lt;pid&gt;-&lt;n&gt;</c>. No bridge: the
/// agent makes br-int.
/// </summary>
internal sealed class OvsHost() : OvsSandbox("ovlag")
{
    public const string Bridge = "br-int";

    public string MgmtSocket => MgmtSocketOf(Bridge);

    public string OpenFlow => "unix:" + MgmtSocket;

    /// <summary>ovs-ofctl -O OpenFlow15 COMMAND br-int.mgmt ARGS.</summary>
    public string Ofctl(string command, params string[] args) => Ofctl(Bridge, command, args);

    /// <summary>Kills ovs-vswitchd and starts it again (it comes back with no flows and an empty TLV map).</summary>
    public void RestartVswitchd() => RestartVswitchd(Bridge);
}
