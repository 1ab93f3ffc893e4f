using Overlay.Agent.Translator.Tests.Support;
using Overlay.Northd.Compiler.Trace;
using Overlay.OpenFlow.Fields;
using Xunit.Abstractions;

namespace Overlay.Agent.Translator.Tests.Ovs;

/// <summary>
/// The translation on a real ovs-vswitchd, for every stage-1 oracle topology spread over 3 hosts (fixed seed): each
/// host's flows load with <c>ovs-ofctl -O OpenFlow15 add-flows</c>, every one accepted; then <c>ofproto/trace</c> of
/// packets from its VIFs, and of the Geneve packets the other hosts send it, ends where the test switch (checked
/// against the logical tracer by <see cref="Behaviour.LogicalTraceAgreementTests"/>) says: the same VIFs, and the same
/// tunnels with the same tun_id, tun_dst and tun_metadata0.
/// </summary>
[Collection(nameof(RealOvsCollection))]
public class RealOvsTests(OvsBridge ovs, ITestOutputHelper output)
{
    public static TheoryData<string> Topologies() => [.. RepoFiles.OracleTopologies().Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Ovs_accepts_every_flow_and_forwards_like_the_translation_says(string file)
    {
        var network = Networks.Compile(File.ReadAllText(RepoFiles.Path("tests", "Overlay.Northd.Compiler.Tests", "Oracle", "Topologies", file)));
        var tracer = new LogicalTracer(network);
        var vifs = network.Ports.Where(p => !p.IsPatch).Select(p => p.Name).ToList();
        var rng = new Random(file.Length * 104729);
        var placement = vifs.ToDictionary(v => v, _ => 1 + rng.Next(3));
        var views = Enumerable.Range(1, 3).ToDictionary(h => h, h => Hosts.View(network, h, 3, placement));
        var translations = views.ToDictionary(kv => kv.Key, kv => Translator.Translate(kv.Value));
        var switches = translations.ToDictionary(kv => kv.Key, kv => new OfSwitch(kv.Value.Flows.Select(f => f.Flow)));

        // Every packet each VIF sends, and where it reaches other hosts over Geneve.
        var sent = new Dictionary<int, List<OfPacket>>();
        var received = new Dictionary<int, List<(int From, OfPacket Packet)>>();
        foreach (var src in vifs)
        {
            int h = placement[src];
            foreach (var microflow in Microflows(network, src, rng))
            {
                var trace = tracer.Trace(null, microflow);
                Assert.True(trace.Ok, trace.Error);
                var p = OfPacket.FromLogical(trace.Packet!, 0, 0, 0).OnTheWire(keepTunnel: false);
                p[OfFields.InPort] = Hosts.OfPort(placement, src);
                (sent.TryGetValue(h, out var list) ? list : sent[h] = []).Add(p);
                foreach (var e in switches[h].Run(p.Copy()).Where(e => e.Port > 100))
                {
                    var wire = e.Packet.OnTheWire(keepTunnel: true);
                    wire[OfFields.InPort] = Hosts.TunnelPort(h);
                    (received.TryGetValue((int)e.Port - 100, out var r) ? r : received[(int)e.Port - 100] = []).Add((h, wire));
                }
            }
        }

        int traces = 0;
        foreach (var (h, translation) in translations)
        {
            Assert.True(placement.Count(p => p.Value == h) <= OvsBridge.Vifs);
            Assert.Equal(translation.Flows.Length, ovs.Load(translation));
            foreach (var p in sent.GetValueOrDefault(h) ?? [])
            {
                Compare(h, switches[h], p, ovs.Trace(TraceFlow.Format(p)), file);
                traces++;
            }
            foreach (var (from, p) in received.GetValueOrDefault(h) ?? [])
            {
                Compare(h, switches[h], p, ovs.Trace(TraceFlow.Format(p, Hosts.EncapIp(from))), file);
                traces++;
            }
        }
        output.WriteLine($"{file}: {translations.Values.Sum(t => t.Flows.Length)} flows loaded on 3 hosts, {traces} traces agree");
    }

    private static void Compare(int host, OfSwitch sw, OfPacket packet, TraceOutcome ovs, string file)
    {
        var expected = new TraceOutcome();
        foreach (var e in sw.Run(packet.Copy()))
        {
            if (e.Port > 100) expected.Tunnels.Add((Hosts.EncapIp((int)e.Port - 100), (uint)e.Packet[OfFields.TunId], (uint)e.Packet[OfFields.TunMetadata(0)]));
            else expected.Vifs.Add(e.Port);
        }
        Assert.True(expected.Describe() == ovs.Describe(),
            $"{file} on hv{host}: {TraceFlow.Format(packet)}\nexpected {expected.Describe()}\novs      {ovs.Describe()}");
    }

    /// <summary>A sample of what a VIF sends: unicast to every MAC/IP pair of the network and ARP for every IP.</summary>
    private static IEnumerable<string> Microflows(Overlay.Logical.LogicalNetwork network, string src, Random rng)
    {
        var port = network.Ports.Single(p => p.Name == src);
        var words = port.Addresses.SelectMany(a => a.Split(' ')).ToList();
        string mac = words.First(w => w.Count(c => c == ':') == 5);
        string ip = words.FirstOrDefault(w => w.Contains('.')) ?? "10.99.99.99";
        var macs = network.Ports.SelectMany(p => p.Addresses).SelectMany(a => a.Split(' ')).Where(w => w.Count(c => c == ':') == 5).Append("ff:ff:ff:ff:ff:ff").Distinct().ToList();
        var ips = network.Ports.SelectMany(p => p.Addresses).SelectMany(a => a.Split(' ')).Where(w => w.Contains('.')).Select(w => w.Split('/')[0]).Distinct().ToList();
        foreach (var target in ips)
        {
            yield return $"inport == \"{src}\" && eth.src == {mac} && eth.dst == ff:ff:ff:ff:ff:ff && arp.op == 1 && arp.sha == {mac} && arp.spa == {ip} && arp.tpa == {target}";
            var dst = macs[rng.Next(macs.Count)];
            yield return $"inport == \"{src}\" && eth.src == {mac} && eth.dst == {dst} && ip4.src == {ip} && ip4.dst == {target} && ip.ttl == 64 && icmp4.type == 8";
        }
        foreach (var dst in macs)
            yield return $"inport == \"{src}\" && eth.src == {mac} && eth.dst == {dst} && ip4.src == {ip} && ip4.dst == {ips[rng.Next(ips.Count)]} && ip.ttl == 64 && tcp.dst == 22";
    }
}

[CollectionDefinition(nameof(RealOvsCollection))]
public class RealOvsCollection : ICollectionFixture<OvsBridge>;
