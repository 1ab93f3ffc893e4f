using System.Text.RegularExpressions;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Agent.Translator.Text;
using Overlay.TestSupport;
using FlowText = Overlay.Agent.Translator.Text.FlowText;

namespace Overlay.Agent.Translator.Tests.Ovs;

/// <summary>
/// A sandboxed real OVS (<see cref="OvsSandbox"/>, namespace <c>ovltr-&lt;pid&gt;-&lt;n&gt;</c>) laid out so it can play any test host hv1..hv3: br-int (fail_mode=secure, OpenFlow15) with VIFs vif1..vif8 on
/// ofports 1..8 and a Geneve port toward each of 192.168.0.1..3 on ofport 100+N (as <see cref="Hosts"/> numbers
/// them), and an underlay br-phys at 192.168.0.254 with those neighbours known, so ofproto/trace shows the
/// encapsulation.
/// </summary>
public sealed partial class OvsBridge : OvsSandbox
{
    public const int Vifs = 8;
    private const string Bridge = "br-int";

    private readonly Dictionary<int, uint> dpToOfport = [];

    public OvsBridge()
        : base("ovltr")
    {
        try { Start(); }
        catch { Dispose(); throw; }
    }

    private string Mgmt => MgmtSocketOf(Bridge);

    /// <summary>Replaces br-int's flows with the translation's, through <c>ovs-ofctl add-flows</c>; returns the flows OVS then holds.</summary>
    public int Load(Translation translation)
    {
        var file = Path.Combine(RunDir, "flows.txt");
        File.WriteAllText(file, FlowText.AddFlows(translation.Flows));
        Ofctl("del-flows");
        Ofctl("add-flows", file);
        return Ofctl("dump-flows").Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("actions=", StringComparison.Ordinal));
    }

    /// <summary>What <c>ofproto/trace</c> says the datapath does with a packet: VIF ofports and Geneve pushes.</summary>
    public TraceOutcome Trace(string flow)
    {
        var text = InNamespace("ovs-appctl", "ofproto/trace", "br-int", flow).EnsureSuccess("ofproto/trace " + flow).Stdout;
        var line = text.Split('\n').LastOrDefault(l => l.StartsWith("Datapath actions:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no datapath actions in:\n" + text);
        var outcome = new TraceOutcome();
        Read(line["Datapath actions:".Length..].Trim(), outcome, text);
        return outcome;
    }

    /// <summary>Collects the outputs of a datapath action list; header rewrites (set) are OVS's business, clones nest.</summary>
    private void Read(string actions, TraceOutcome outcome, string trace)
    {
        foreach (var item in TopLevel(actions))
        {
            if (item is "drop" or "") continue;
            if (int.TryParse(item, out int dp))
            {
                if (dpToOfport.TryGetValue(dp, out uint ofport)) outcome.Vifs.Add(ofport);
                continue; // the underlay's own ports
            }
            if (item.StartsWith("set(", StringComparison.Ordinal) || item.StartsWith("set_masked(", StringComparison.Ordinal)) continue;
            if (item.StartsWith("clone(", StringComparison.Ordinal))
            {
                Read(item["clone(".Length..^1], outcome, trace);
                continue;
            }
            var push = TunnelPush().Match(item);
            if (!push.Success) throw new InvalidOperationException($"unexpected datapath action '{item}' in:\n{trace}");
            outcome.Tunnels.Add((push.Groups[1].Value, Convert.ToUInt32(push.Groups[2].Value, 16), Convert.ToUInt32(push.Groups[3].Value, 16)));
        }
    }

    [GeneratedRegex(@"^tnl_push\(.*ipv4\(src=[0-9.]+,dst=([0-9.]+),.*geneve\(.*vni=0x([0-9a-f]+),options\(\{class=0x102,type=0x80,len=4,0x([0-9a-f]+)\}\)\)")]
    private static partial Regex TunnelPush();

    private static IEnumerable<string> TopLevel(string actions)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < actions.Length; i++)
        {
            if (actions[i] == '(') depth++;
            else if (actions[i] == ')') depth--;
            else if (actions[i] == ',' && depth == 0)
            {
                yield return actions[start..i];
                start = i + 1;
            }
        }
        if (start < actions.Length) yield return actions[start..];
    }

    public string Ofctl(string command, params string[] args) => Ofctl(Bridge, command, args);

    private void Start()
    {
        Vsctl("add-br", "br-phys", "--", "set", "bridge", "br-phys", "datapath_type=netdev", "other_config:hwaddr=02:00:00:ff:00:fe");
        Run("ip", "-n", Namespace, "addr", "add", "192.168.0.254/24", "dev", "br-phys");
        Run("ip", "-n", Namespace, "link", "set", "br-phys", "up");
        Run("ip", "-n", Namespace, "link", "add", "ul0", "type", "veth", "peer", "name", "ul1");
        Run("ip", "-n", Namespace, "link", "set", "ul0", "up");
        Run("ip", "-n", Namespace, "link", "set", "ul1", "up");
        Vsctl("add-port", "br-phys", "ul0");

        var args = new List<string> { "add-br", "br-int", "--", "set", "bridge", "br-int", "datapath_type=netdev", "fail_mode=secure",
            "protocols=OpenFlow15", "other_config:disable-in-band=true" };
        for (int i = 1; i <= Vifs; i++)
            args.AddRange(["--", "add-port", "br-int", $"vif{i}", "--", "set", "interface", $"vif{i}", "type=internal", $"ofport_request={i}"]);
        for (int h = 1; h <= 3; h++)
            args.AddRange(["--", "add-port", "br-int", $"gnv{h}", "--", "set", "interface", $"gnv{h}", "type=geneve",
                $"options:remote_ip={Hosts.EncapIp(h)}", "options:key=flow", "options:csum=true", $"ofport_request={Hosts.TunnelPort(h)}"]);
        Vsctl([.. args]);
        Daemons.WaitFor(() => File.Exists(Mgmt), Mgmt);
        for (int h = 1; h <= 3; h++)
            InNamespace("ovs-appctl", "tnl/neigh/set", "br-phys", Hosts.EncapIp(h), $"02:00:00:ff:00:0{h}").EnsureSuccess("tnl/neigh/set");
        Ofctl("add-tlv-map", Geneve.TlvMap);
        // Encapsulation needs vswitchd to have learned the underlay route from the namespace.
        Daemons.WaitFor(() => InNamespace("ovs-appctl", "ovs/route/show").Stdout.Contains("192.168.0.0/24", StringComparison.Ordinal), "underlay route in ovs/route/show");

        // VIF ofport ↔ datapath port, for reading ofproto/trace's datapath actions.
        var show = InNamespace("ovs-appctl", "dpif/show").EnsureSuccess("dpif/show").Stdout;
        foreach (Match m in Regex.Matches(show, @"^\s+vif(\d+) (\d+)/(\d+):", RegexOptions.Multiline))
            dpToOfport[int.Parse(m.Groups[3].Value)] = uint.Parse(m.Groups[2].Value);
        if (dpToOfport.Count != Vifs) throw new InvalidOperationException("unexpected dpif/show:\n" + show);
    }
}

/// <summary>The end of an ofproto/trace: local VIF ofports, and Geneve copies as (remote IP, VNI, option value).</summary>
public sealed class TraceOutcome
{
    public List<uint> Vifs { get; } = [];

    public List<(string RemoteIp, uint Vni, uint Option)> Tunnels { get; } = [];

    public string Describe() =>
        $"vifs [{string.Join(", ", Vifs.Order())}] tunnels [{string.Join(", ", Tunnels.Order().Select(t => $"{t.RemoteIp} vni={t.Vni:x} opt={t.Option:x}"))}]";
}
