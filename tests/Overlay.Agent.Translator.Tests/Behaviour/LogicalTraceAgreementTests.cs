using Overlay.Agent.Translator.Layout;
using Overlay.Agent.Translator.Tests.Support;
using Overlay.Logical;
using Overlay.Northd.Compiler.Trace;
using Overlay.OpenFlow.Fields;
using Xunit.Abstractions;

namespace Overlay.Agent.Translator.Tests.Behaviour;

/// <summary>
/// For every stage-1 oracle topology, with the VIFs spread over 3 hosts (fixed seed): every packet a VIF sends —
/// to every MAC and IP of the topology, ARP for every IP — is delivered by the translated OpenFlow of all hosts
/// to exactly the ports the logical tracer delivers it to, with the same headers.
/// </summary>
public class LogicalTraceAgreementTests(ITestOutputHelper output)
{
    public static TheoryData<string> Topologies() => [.. RepoFiles.OracleTopologies().Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Openflow_delivers_where_the_logical_trace_does(string file)
    {
        var network = Networks.Compile(File.ReadAllText(RepoFiles.Path("tests", "Overlay.Northd.Compiler.Tests", "Oracle", "Topologies", file)));
        var tracer = new LogicalTracer(network);
        var vifs = network.Ports.Where(p => !p.IsPatch).ToList();
        var rng = new Random(file.Length * 7919);
        var placement = vifs.ToDictionary(p => p.Name, _ => 1 + rng.Next(3));
        var fabric = new Fabric(network, 3, placement);
        var (macs, ips) = Addresses(network);
        int compared = 0, delivered = 0;
        foreach (var src in vifs)
        {
            var (srcMac, srcIp) = Own(src);
            var flows = new List<string>();
            foreach (var ip in ips)
            {
                flows.Add($"eth.src == {srcMac} && eth.dst == ff:ff:ff:ff:ff:ff && arp.op == 1 && arp.sha == {srcMac} && arp.spa == {srcIp} && arp.tpa == {ip}");
                foreach (var mac in macs)
                {
                    flows.Add($"eth.src == {srcMac} && eth.dst == {mac} && ip4.src == {srcIp} && ip4.dst == {ip} && ip.ttl == 64 && icmp4.type == 8");
                    flows.Add($"eth.src == {srcMac} && eth.dst == {mac} && ip4.src == {srcIp} && ip4.dst == {ip} && ip.ttl == 64 && tcp.dst == 22");
                }
            }
            foreach (var f in flows)
            {
                var trace = tracer.Trace(null, $"inport == \"{src.Name}\" && " + f);
                Assert.True(trace.Ok, trace.Error);
                var expected = trace.Deliveries.Select(d => d.Port).Order(StringComparer.Ordinal).ToList();
                var packet = OfPacket.FromLogical(trace.Packet!, 0, 0, 0).OnTheWire(keepTunnel: false);
                var actual = fabric.Send(src.Name, packet);
                Assert.True(expected.SequenceEqual(actual.Select(d => d.Port).Order(StringComparer.Ordinal)),
                    $"{file}: {src.Name} sends {f}\nlogical: [{string.Join(", ", expected)}]\nopenflow: [{string.Join(", ", actual.Select(d => $"{d.Port}@hv{d.Host}"))}]");
                foreach (var d in actual)
                {
                    var logical = trace.Deliveries.First(x => x.Port == d.Port).Packet;
                    foreach (var field in new[] { "eth.src", "eth.dst", "ip.ttl", "ip4.src", "ip4.dst", "arp.op", "arp.sha", "arp.spa", "arp.tpa", "icmp4.type" })
                    {
                        var of = FieldMap.Find(field)!.Segments.Single().Field;
                        Assert.True(logical.Get(field) == d.Packet[of], $"{file}: {src.Name} sends {f}\n{field} at {d.Port}: logical 0x{logical.Get(field):x}, openflow 0x{d.Packet[of]:x}");
                    }
                }
                compared++;
                delivered += actual.Count;
            }
        }
        output.WriteLine($"{file}: {compared} packets, {delivered} deliveries agree");
        Assert.True(delivered > 0);
    }

    private static (List<string> Macs, List<string> Ips) Addresses(LogicalNetwork network)
    {
        var macs = new SortedSet<string>(StringComparer.Ordinal) { "ff:ff:ff:ff:ff:ff" };
        var ips = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in network.Ports)
            foreach (var entry in p.Addresses)
                foreach (var word in entry.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (word.Count(c => c == ':') == 5) macs.Add(word);
                    else if (System.Net.IPAddress.TryParse(word.Split('/')[0], out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ips.Add(ip.ToString());
                }
        return ([.. macs], [.. ips]);
    }

    private static (string Mac, string Ip) Own(PortBinding vif)
    {
        var words = vif.Addresses.SelectMany(a => a.Split(' ')).ToList();
        return (words.First(w => w.Count(c => c == ':') == 5), words.FirstOrDefault(w => w.Contains('.')) ?? "10.99.99.99");
    }
}
