using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Addressing;
using Overlay.Northd.Compiler.Compile.Flows;
using Overlay.Northd.Compiler.Compile.Topology;
using Overlay.Northd.Compiler.Compile.Units;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Generators;

/// <summary>
/// A switch port's binding and its flows: port security (VIFs), the ARP responder for its IPv4 addresses
/// and L2 delivery to its MACs. A router-type port with "router" addresses answers for its router port.
/// A disabled port keeps its ARP and L2 flows but drops everything from and to it.
/// </summary>
internal static class SwitchPortFlows
{
    public const string PatchType = "patch";

    private static readonly Expr ArpRequestOp = Match.Eq(Fields.ArpOp, 1);

    public static string SourceOf(SwitchPort port) => "Logical_Switch_Port " + port.Name;

    public static UnitOutput Generate(LogicalSwitch sw, SwitchPort port, NbTopology topology, FlowSink sink)
    {
        var binding = BindingOf(sw, port);
        if (port.Type is not (PortTypes.Vif or PortTypes.Router))
            return new UnitOutput([], port: binding);

        sink.Begin(sw.TunnelKey, SourceOf(port));
        var inport = Match.Port(Fields.Inport, port.Name);
        if (!port.Enabled)
        {
            // As OVN: nothing enters or leaves a disabled port (above port security and multicast),
            // while its addresses stay known to the ARP responder and L2 lookup.
            sink.Add(Stages.LsInCheckPortSec, 100, inport, Act.DropOnly);
            sink.Add(Stages.LsOutCheckPortSec, 150, Match.Port(Fields.Outport, port.Name), Act.DropOnly);
        }
        else if (port.Type == PortTypes.Vif && port.PortSecurity.Count > 0)
        {
            var secured = AddressEntry.ParseAll(port.PortSecurity, commas: true);
            PortSecurityFlows.Ingress(inport, secured, sink);
            PortSecurityFlows.Egress(Match.Port(Fields.Outport, port.Name), secured, sink);
        }
        // A port that also takes unknown destinations may own more addresses than it lists: as OVN,
        // requests for its IPs are flooded rather than answered.
        bool answerArp = !AddressEntry.Contains(port.Addresses, AddressEntry.Unknown);
        var deliver = new ActionList([Act.SetPort(Fields.Outport, port.Name), Act.Output]);
        foreach (var entry in topology.EntriesOf(port))
        {
            var mac = Match.Mac(entry.Mac);
            if (answerArp)
                foreach (var ip in entry.Ipv4) ArpResponder(ip.Address, mac, inport, sink);
            sink.Add(Stages.LsInL2Lkup, 50, Match.Eq(Fields.EthDst, mac), deliver);
        }
        return new UnitOutput(sink.Take(), port: binding);
    }

    /// <summary>
    /// Proxy ARP: a request for A is turned into the reply in place and sent back out of the ingress port;
    /// the owner's own request (duplicate address detection) passes.
    /// </summary>
    private static void ArpResponder(uint address, Operand mac, Expr inport, FlowSink sink)
    {
        var ip = Match.Ip4(address);
        var request = Match.And(Match.Eq(Fields.ArpTpa, ip), ArpRequestOp);
        sink.Add(Stages.LsInArpRsp, 100, Match.And(request, inport), Act.NextOnly);
        sink.Add(Stages.LsInArpRsp, 50, request,
            Act.EthDstFromSrc,
            Act.Assign(Fields.EthSrc, mac),
            Act.ArpOpReply,
            Act.ArpThaFromSha,
            Act.Assign(Fields.ArpSha, mac),
            Act.ArpTpaFromSpa,
            Act.Assign(Fields.ArpSpa, ip),
            Act.OutportFromInport,
            Act.Loopback,
            Act.Output);
    }

    private static PortBinding BindingOf(LogicalSwitch sw, SwitchPort port) => port.Type == PortTypes.Router
        ? new PortBinding(port.Name, sw.TunnelKey, port.TunnelKey, PatchType, port.RouterPort, port.Addresses, port.PortSecurity)
        : new PortBinding(port.Name, sw.TunnelKey, port.TunnelKey, port.Type, null, port.Addresses, port.PortSecurity);
}
