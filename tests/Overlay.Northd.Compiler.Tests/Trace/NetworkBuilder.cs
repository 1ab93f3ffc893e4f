using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Tests.Trace;

/// <summary>Hand-made southbound networks for tracer tests: datapaths, ports, groups and a few flows.</summary>
internal sealed class NetworkBuilder
{
    private readonly List<DatapathBinding> datapaths = [];
    private readonly List<PortBinding> ports = [];
    private readonly List<MulticastGroup> groups = [];
    private readonly List<LogicalFlow> flows = [];
    private readonly List<AddressSetBinding> addressSets = [];
    private readonly List<PortGroupBinding> portGroups = [];

    public NetworkBuilder Switch(string name, uint key) => Datapath(name, key, DatapathKind.Switch);

    public NetworkBuilder Router(string name, uint key) => Datapath(name, key, DatapathKind.Router);

    private NetworkBuilder Datapath(string name, uint key, DatapathKind kind)
    {
        datapaths.Add(new DatapathBinding(key, name, kind));
        return this;
    }

    public NetworkBuilder Vif(string dp, string name, uint key, params string[] portSecurity)
    {
        ports.Add(new PortBinding(name, Key(dp), key, "", null, ValueArray<string>.Empty, portSecurity.ToValueArray()));
        return this;
    }

    public NetworkBuilder Patch(string dp, string name, uint key, string peer)
    {
        ports.Add(new PortBinding(name, Key(dp), key, "patch", peer, ValueArray<string>.Empty, ValueArray<string>.Empty));
        return this;
    }

    public NetworkBuilder Group(string dp, string name, uint key, params string[] members)
    {
        groups.Add(new MulticastGroup(Key(dp), name, key, members.ToValueArray()));
        return this;
    }

    public NetworkBuilder AddressSet(string name, params string[] addresses)
    {
        addressSets.Add(new AddressSetBinding(name, addresses.ToValueArray()));
        return this;
    }

    public NetworkBuilder PortGroup(string name, params string[] members)
    {
        portGroups.Add(new PortGroupBinding(name, members.ToValueArray()));
        return this;
    }

    public NetworkBuilder Flow(string dp, string stage, int priority, string match, string actions, string source = "test")
    {
        flows.Add(LogicalFlow.Create(Key(dp), Stages.Named(stage), priority, match, actions, source));
        return this;
    }

    /// <summary>The priority-0 flow of every stage of the datapath, except the stages named.</summary>
    public NetworkBuilder Defaults(string dp, params string[] except)
    {
        var d = datapaths.Single(x => x.Name == dp);
        foreach (var s in Stages.Declared.Where(s => s.Kind == d.Kind && !except.Contains(s.Name)))
            flows.Add(LogicalFlow.Create(d.Key, s, 0, "1", s.DefaultActions, "default"));
        return this;
    }

    public LogicalNetwork Build() => new(1, [.. datapaths], [.. ports], [.. groups], [.. addressSets], [.. portGroups], [.. flows]);

    private uint Key(string dp) => datapaths.Single(d => d.Name == dp).Key;

    /// <summary>The uuid ovn-trace would print for a flow: the first 8 hex digits of its id.</summary>
    public static string Uuid(LogicalNetwork net, string dp, string stage, int priority, string? match = null) =>
        net.Flows.Single(f => net.Datapaths.Single(d => d.Key == f.Datapath).Name == dp && f.Stage.Name == stage
            && f.Priority == priority && (match is null || f.Match == match)).IdText[..8];
}

/// <summary>The networks the tracer tests share.</summary>
internal static class Networks
{
    public const string P1 = "00:00:00:00:00:01", P2 = "00:00:00:00:00:02", P3 = "00:00:00:00:00:03", P4 = "00:00:00:00:00:04";
    public const string Lrp0 = "00:00:00:00:ff:01", Lrp1 = "00:00:00:00:ff:02";

    /// <summary>
    /// sw0 with VIFs p1..p3, flood group, port security on p1, an ACL dropping 10.0.0.66, ARP responder for p2,
    /// and L2 lookup for p1..p3 (OVN-style flows).
    /// </summary>
    public static NetworkBuilder OneSwitch() => new NetworkBuilder()
        .Switch("sw0", 1)
        .Vif("sw0", "p1", 1, $"{P1} 10.0.0.1").Vif("sw0", "p2", 2).Vif("sw0", "p3", 3)
        .Group("sw0", Keys.McFloodName, Keys.McFlood, "p3", "p1", "p2")
        .Defaults("sw0")
        .Flow("sw0", "ls_in_check_port_sec", 50, "1", "reg0[15] = check_in_port_sec(); next;")
        .Flow("sw0", "ls_in_apply_port_sec", 50, "reg0[15] == 1", "drop;")
        .Flow("sw0", "ls_in_acl", 2000, "ip4.src == 10.0.0.66", "drop;")
        .Flow("sw0", "ls_in_arp_rsp", 50, "arp.tpa == 10.0.0.2 && arp.op == 1",
            $"eth.dst = eth.src; eth.src = {P2}; arp.op = 2; arp.tha = arp.sha; arp.sha = {P2}; arp.tpa = arp.spa; arp.spa = 10.0.0.2; outport = inport; flags.loopback = 1; output;")
        .Flow("sw0", "ls_in_l2_lkup", 70, "eth.mcast", $"outport = \"{Keys.McFloodName}\"; output;")
        .Flow("sw0", "ls_in_l2_lkup", 50, $"eth.dst == {P1}", "outport = \"p1\"; output;")
        .Flow("sw0", "ls_in_l2_lkup", 50, $"eth.dst == {P2}", "outport = \"p2\"; output;")
        .Flow("sw0", "ls_in_l2_lkup", 50, $"eth.dst == {P3}", "outport = \"p3\"; output;");

    /// <summary>sw0 (p1) — lr0 (lrp0 10.0.0.254/24, lrp1 10.0.1.254/24) — sw1 (p4 10.0.1.4), OVN-style router flows.</summary>
    public static NetworkBuilder TwoTier() => new NetworkBuilder()
        .Switch("sw0", 1).Router("lr0", 2).Switch("sw1", 3)
        .Vif("sw0", "p1", 1).Patch("sw0", "sw0-lr0", 2, "lrp0")
        .Patch("lr0", "lrp0", 1, "sw0-lr0").Patch("lr0", "lrp1", 2, "sw1-lr0")
        .Vif("sw1", "p4", 1).Patch("sw1", "sw1-lr0", 2, "lrp1")
        .Group("sw1", Keys.McFloodName, Keys.McFlood, "p4", "sw1-lr0")
        .Defaults("sw0").Defaults("sw1").Defaults("lr0")
        .Flow("sw0", "ls_in_l2_lkup", 50, $"eth.dst == {P1}", "outport = \"p1\"; output;")
        .Flow("sw0", "ls_in_l2_lkup", 50, $"eth.dst == {Lrp0}", "outport = \"sw0-lr0\"; output;")
        .Flow("sw1", "ls_in_l2_lkup", 70, "eth.mcast", $"outport = \"{Keys.McFloodName}\"; output;")
        .Flow("sw1", "ls_in_l2_lkup", 50, $"eth.dst == {P4}", "outport = \"p4\"; output;")
        .Flow("sw1", "ls_in_l2_lkup", 50, $"eth.dst == {Lrp1}", "outport = \"sw1-lr0\"; output;")
        .Flow("lr0", "lr_in_admission", 50, $"eth.dst == {Lrp0} && inport == \"lrp0\"", $"xreg0[0..47] = {Lrp0}; next;")
        .Flow("lr0", "lr_in_admission", 50, $"eth.dst == {Lrp1} && inport == \"lrp1\"", $"xreg0[0..47] = {Lrp1}; next;")
        .Flow("lr0", "lr_in_ip_routing", 74, "ip4.dst == 10.0.1.0/24",
            $"ip.ttl--; reg0 = ip4.dst; reg1 = 10.0.1.254; eth.src = {Lrp1}; outport = \"lrp1\"; flags.loopback = 1; next;")
        .Flow("lr0", "lr_in_ip_routing", 74, "ip4.dst == 10.0.0.0/24",
            $"ip.ttl--; reg0 = ip4.dst; reg1 = 10.0.0.254; eth.src = {Lrp0}; outport = \"lrp0\"; flags.loopback = 1; next;")
        .Flow("lr0", "lr_in_arp_resolve", 100, "outport == \"lrp1\" && reg0 == 10.0.1.4", $"eth.dst = {P4}; next;")
        .Flow("lr0", "lr_in_arp_resolve", 1, "ip4", "get_arp(outport, reg0); next;")
        .Flow("lr0", "lr_in_arp_request", 100, "eth.dst == 00:00:00:00:00:00 && ip4",
            "arp { eth.dst = ff:ff:ff:ff:ff:ff; arp.spa = reg1; arp.tpa = reg0; arp.op = 1; output; };")
        .Flow("lr0", "lr_out_delivery", 100, "outport == \"lrp0\"", "output;")
        .Flow("lr0", "lr_out_delivery", 100, "outport == \"lrp1\"", "output;");

    public const string FromP1ToP4 = "inport == \"p1\" && eth.src == 00:00:00:00:00:01 && eth.dst == 00:00:00:00:ff:01 && "
        + "ip4.src == 10.0.0.1 && ip4.dst == 10.0.1.4 && ip.ttl == 64 && tcp && tcp.dst == 80";
}
