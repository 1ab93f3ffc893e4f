using System.Text;
using Overlay.Agent.Tests.Support;
using Overlay.Agent.View;

namespace Overlay.Agent.Tests.View;

public sealed class ViewJsonTests
{
    [Fact]
    public void AViewRoundTripsThroughItsJson()
    {
        ViewDocument view = Networks.View(Networks.Switch(extra: [Networks.DropSsh], revision: 7)) with
        {
            Remotes = [new ViewRemote("hv2", "192.168.0.2", 60000), new ViewRemote("hv3", "192.168.0.3")],
        };

        ViewLoadResult back = ViewJson.Read(ViewJson.Write(view));

        Assert.True(back.Ok, string.Join("\n", back.Problems));
        ViewDocument d = back.Document!;
        Assert.Equal(view.Chassis, d.Chassis);
        Assert.Equal(view.EncapIp, d.EncapIp);
        Assert.Equal(view.Remotes.ToArray(), d.Remotes.ToArray());
        Assert.Equal(view.Bindings.ToArray(), d.Bindings.ToArray());
        Assert.Equal(7, d.Network.Revision);
        Assert.Equal(view.Network.Datapaths.ToArray(), d.Network.Datapaths.ToArray());
        Assert.Equal(view.Network.Ports.ToArray(), d.Network.Ports.ToArray());
        Assert.Equal(view.Network.MulticastGroups.ToArray(), d.Network.MulticastGroups.ToArray());
        Assert.Equal(view.Network.Flows.ToArray(), d.Network.Flows.ToArray());
        Assert.Equal(ViewJson.Write(view), ViewJson.Write(d));
    }

    [Fact]
    public void TheNetworkUsesTheCompileJsonLayout()
    {
        string json = Encoding.UTF8.GetString(ViewJson.Write(Networks.View()));

        foreach (string key in new[] { "\"encap_ip\"", "\"port_bindings\"", "\"multicast_groups\"", "\"logical_flows\"", "\"port_security\"", "\"stage\": \"ls_in_l2_lkup\"", "\"pipeline\": \"ingress\"" })
            Assert.Contains(key, json, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsReportedWithWhereItIs()
    {
        const string json = """
            { "format": 1, "chassis": "", "encap_ip": "not-an-ip",
              "remotes": [ { "name": "hv2", "encap_ip": "192.168.0.2" }, { "name": "hv2", "encap_ip": "192.168.0.9" } ],
              "network": {
                "datapaths": [ { "key": 1, "name": "sw0", "kind": "switch" } ],
                "port_bindings": [ { "name": "p1", "datapath": 2, "key": 1 } ],
                "logical_flows": [
                  { "datapath": 1, "stage": "ls_in_nope", "priority": 0, "match": "1", "actions": "next;" },
                  { "datapath": 1, "stage": "lr_in_admission", "priority": 0, "match": "1", "actions": "next;" },
                  { "datapath": 1, "stage": "ls_in_acl", "priority": 0, "match": "1", "actions": "next;", "id": "0x1234" } ] } }
            """;

        ViewLoadResult r = ViewJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(r.Ok);
        string all = string.Join("\n", r.Problems);
        Assert.Contains("chassis: required", all, StringComparison.Ordinal);
        Assert.Contains("encap_ip: 'not-an-ip' is not an IP address", all, StringComparison.Ordinal);
        Assert.Contains("duplicate remote chassis 'hv2'", all, StringComparison.Ordinal);
        Assert.Contains("port_bindings[0].datapath: no datapath with key 2", all, StringComparison.Ordinal);
        Assert.Contains("logical_flows[0].stage: no stage named 'ls_in_nope'", all, StringComparison.Ordinal);
        Assert.Contains("logical_flows[1].stage: lr_in_admission is a router stage but datapath 1 is a switch", all, StringComparison.Ordinal);
        Assert.Contains("logical_flows[2].id: 0x1234 is not the id of this flow", all, StringComparison.Ordinal);
        Assert.Equal(7, r.Problems.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public void GarbageIsAProblemNotAnException(string text)
    {
        ViewLoadResult r = ViewJson.Read(Encoding.UTF8.GetBytes(text));

        Assert.False(r.Ok);
        Assert.Single(r.Problems);
    }
}
