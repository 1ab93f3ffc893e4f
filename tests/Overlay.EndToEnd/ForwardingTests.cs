using Overlay.TestSupport;
using Xunit.Abstractions;

namespace Overlay.EndToEnd;

/// <summary>(a) (b) (c) (d) (h): what the declared network forwards, and what it refuses, on real OVS across Geneve.</summary>
public sealed class ForwardingTests(SandboxFixture fixture, ITestOutputHelper output) : SandboxTest(fixture, output)
{
    [Fact]
    public void A_same_switch_ping_between_vms_on_two_hosts()
    {
        // a-web1 on hv1, a-web2 on hv2: one logical switch, the packets cross the Geneve tunnel.
        Assert.NotEqual(Vm("a-web1").Host, Vm("a-web2").Host);
        AssertPings("a-web1", Vm("a-web2").Ip);
        AssertPings("a-web2", Vm("a-web1").Ip);
    }

    [Fact]
    public void B_routed_ping_across_switches_decrements_ttl_and_uses_the_router_mac()
    {
        SimVm web = Vm("a-web1"), db = Vm("a-db1");
        Assert.NotEqual(web.Host, db.Host);
        using FrameCapture capture = db.StartCapture(TimeSpan.FromSeconds(8), maxFrames: 3, ipProto: 1);
        PingResult ping = AssertPings("a-web1", db.Ip);
        IReadOnlyList<CapturedFrame> frames = capture.Finish();
        CapturedFrame[] requests = [.. frames.Where(f => f.IpSrc == web.Ip && f.IpDst == db.Ip)];
        Log(string.Join("\n", frames));
        Assert.NotEmpty(requests);
        // Sent with TTL 64 by Linux; one router hop; the router port on a-db (a-lr-db) is the source MAC.
        Assert.All(requests, f => Assert.Equal(63, f.Ttl));
        Assert.All(requests, f => Assert.Equal("00:00:00:0a:01:01", f.EthSrc));
        Assert.All(requests, f => Assert.Equal(db.Mac, f.EthDst));
        Assert.All(ping.Ttls, ttl => Assert.Equal(63, ttl));
    }

    [Fact]
    public void C_a_drop_acl_stops_the_traffic_and_deleting_it_restores_it()
    {
        const string Match = "outport == \"a-db1\" && ip4.src == 10.0.0.11 && icmp4";
        AssertPings("a-web1", Vm("a-db1").Ip);
        Fixture.CliWaitHv("acl-add", "a-db", "to-lport", "1002", Match, "drop");
        try
        {
            AssertNoReply("a-web1", Vm("a-db1").Ip);
            // Only what the ACL matches: a-web2 still reaches a-db1.
            AssertPings("a-web2", Vm("a-db1").Ip);
        }
        finally
        {
            Fixture.CliWaitHv("acl-del", "a-db", "to-lport", "1002", Match);
        }

        AssertPings("a-web1", Vm("a-db1").Ip);
    }

    [Fact]
    public void D_a_vm_that_spoofs_its_source_mac_or_ip_gets_nothing_through()
    {
        SimVm spoofer = Vm("a-web1"), target = Vm("a-web2");
        // Static neighbour: the spoofer sends IP straight away, no ARP that port security could stop first.
        spoofer.SetNeighbour(target.Ip, target.Mac);
        try
        {
            // Control: honest echo requests arrive (and are seen by the capture).
            IReadOnlyList<CapturedFrame> seen = Capture(target, () => AssertPings("a-web1", target.Ip));
            Assert.Equal(3, seen.Count(f => f.IpSrc == spoofer.Ip && f.EthSrc == spoofer.Mac));

            spoofer.SetMac("50:54:00:0a:00:99");
            seen = Capture(target, () => AssertNoReply("a-web1", target.Ip));
            Assert.Empty(seen);
            spoofer.SetMac(spoofer.Mac);

            spoofer.SetIp("10.0.0.99/24");
            spoofer.SetNeighbour(target.Ip, target.Mac);
            seen = Capture(target, () => AssertNoReply("a-web1", target.Ip));
            Assert.Empty(seen);
        }
        finally
        {
            spoofer.SetMac(spoofer.Mac);
            spoofer.SetIp(spoofer.IpCidr);
            spoofer.FlushNeighbours();
        }

        AssertPings("a-web1", target.Ip);
    }

    [Fact]
    public void H_two_tenants_with_identical_ip_ranges_never_reach_each_other()
    {
        SimVm aWeb1 = Vm("a-web1"), aWeb2 = Vm("a-web2"), bWeb1 = Vm("b-web1"), bWeb2 = Vm("b-web2");
        SimVm aDb1 = Vm("a-db1"), aDb2 = Vm("a-db2"), bDb1 = Vm("b-db1");
        // a-web1 and b-web2 share hv1, b-web1 and a-web2 share hv2; 10.0.0.12 is a-web2 in A and b-web2 in B.
        (IReadOnlyList<CapturedFrame> toA, IReadOnlyList<CapturedFrame> toB) = Capture2(aWeb2, bWeb2, () => AssertPings("a-web1", "10.0.0.12"));
        Assert.Equal(3, toA.Count(f => f.EthSrc == aWeb1.Mac && f.IpSrc == aWeb1.Ip));
        Assert.Empty(toB);

        (toA, toB) = Capture2(aWeb2, bWeb2, () => AssertPings("b-web1", "10.0.0.12"));
        Assert.Empty(toA);
        Assert.Equal(3, toB.Count(f => f.EthSrc == bWeb1.Mac && f.IpSrc == bWeb1.Ip));

        // Routed, the same address in both tenants: B's router delivers to B's db VM only.
        (toA, toB) = Capture2(aDb1, bDb1, () => AssertPings("b-web1", "10.0.1.11"));
        Assert.Empty(toA);
        Assert.Equal(3, toB.Count(f => f.EthSrc == "00:00:00:0b:01:01" && f.IpSrc == bWeb1.Ip));

        // 10.0.1.12 exists only in tenant A: B gets no reply and A's VM sees nothing.
        Assert.Empty(Capture(aDb2, () => AssertNoReply("b-web1", "10.0.1.12")));

        // Knowing the other tenant's MAC does not help, not even on the same host: a-web1 sends straight to b-web2's MAC.
        aWeb1.SetNeighbour("10.0.0.12", bWeb2.Mac);
        try
        {
            Assert.Empty(Capture(bWeb2, () => AssertNoReply("a-web1", "10.0.0.12")));
        }
        finally
        {
            aWeb1.FlushNeighbours();
        }
    }

    /// <summary>ICMP frames arriving at <paramref name="vm"/> while <paramref name="traffic"/> runs.</summary>
    private IReadOnlyList<CapturedFrame> Capture(SimVm vm, Action traffic)
    {
        using FrameCapture capture = vm.StartCapture(TimeSpan.FromSeconds(30), maxFrames: 1000, ipProto: 1);
        traffic();
        IReadOnlyList<CapturedFrame> frames = capture.Stop();
        Log($"{vm.Name} saw {frames.Count} ICMP frames{string.Concat(frames.Select(f => "\n  " + f))}");
        return frames;
    }

    private (IReadOnlyList<CapturedFrame>, IReadOnlyList<CapturedFrame>) Capture2(SimVm a, SimVm b, Action traffic)
    {
        IReadOnlyList<CapturedFrame> fromB = [];
        IReadOnlyList<CapturedFrame> fromA = Capture(a, () => fromB = Capture(b, traffic));
        return (fromA, fromB);
    }
}
