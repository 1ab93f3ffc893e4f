using Overlay.Contracts.Nb;
using Overlay.Northd.Tests.Support;

namespace Overlay.Northd.Tests;

/// <summary>
/// Random NB and binding changes (fixed seed) with three agents subscribed; after every revision each agent must
/// hold exactly what a fresh computation from GetSouthbound says it should (its relevant datapaths, closed over
/// patch links). Agents also disconnect and resume from the revision they hold.
/// </summary>
public sealed class RandomizedSubscribeTests
{
    private static readonly string[] Switches = ["sw0", "sw1", "sw2", "sw3"];

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(23)]
    public async Task Agents_hold_exactly_their_relevant_state_through_random_changes(int seed)
    {
        await using var northd = await TestNorthd.StartAsync(o => o.HistoryLength = 16);
        await northd.TransactAsync(
            ["ls-add", "sw0"], ["ls-add", "sw1"], ["ls-add", "sw2"], ["ls-add", "sw3"], ["lr-add", "lr0"], ["lr-add", "lr1"]);
        var rng = new Random(seed);
        int resumedWithDelta = 0;
        var agents = new List<TestAgent>();
        for (int i = 0; i < 3; i++)
        {
            var a = new TestAgent(northd.Address, $"hv{i}", $"192.0.2.{i + 1}");
            await a.StartAsync();
            agents.Add(a);
        }
        var ports = new List<string>();
        var linked = new HashSet<string>();
        bool routersPeered = false, setExists = false;
        int next = 0;
        try
        {
            for (int step = 0; step < 70; step++)
            {
                int op = rng.Next(8);
                if (op <= 1 || ports.Count < 3)
                {
                    string sw = Switches[rng.Next(Switches.Length)], port = $"vif{next++}";
                    await northd.TransactAsync(Topologies.Vif(sw, port, $"02:00:00:00:{next >> 8:x2}:{next & 0xff:x2}", $"10.{Array.IndexOf(Switches, sw)}.0.{next % 200 + 10}"));
                    ports.Add(port);
                }
                else if (op == 2)
                {
                    string port = ports[rng.Next(ports.Count)];
                    await northd.RunAsync($"lsp-del {port}");
                    ports.Remove(port);
                }
                else if (op == 3)
                {
                    string sw = Switches[rng.Next(Switches.Length)], router = rng.Next(2) == 0 ? "lr0" : "lr1";
                    if (linked.Remove(sw))
                        await northd.RunAsync($"lsp-del rp-{sw}", $"lrp-del lrp-{sw}");
                    else
                    {
                        int n = Array.IndexOf(Switches, sw);
                        await northd.TransactAsync(Topologies.RouterLink(router, sw, $"00:00:00:00:01:0{n}", $"10.{n}.0.1/24"));
                        linked.Add(sw);
                    }
                }
                else if (op == 4)
                {
                    if (routersPeered)
                        await northd.RunAsync("lrp-del lrp-r0r1", "lrp-del lrp-r1r0");
                    else
                        await northd.TransactAsync(
                            ["lrp-add", "lr0", "lrp-r0r1", "00:00:00:00:02:01", "192.168.0.1/30", "peer=lrp-r1r0"],
                            ["lrp-add", "lr1", "lrp-r1r0", "00:00:00:00:02:02", "192.168.0.2/30", "peer=lrp-r0r1"]);
                    routersPeered = !routersPeered;
                }
                else if (op == 5)
                {
                    var agent = agents[rng.Next(agents.Count)];
                    var bound = ports.Where(_ => rng.Next(4) == 0).Append($"future{rng.Next(5)}").ToArray();
                    await agent.ReportBindingsAsync(bound);
                }
                else if (op == 6)
                {
                    await northd.TransactAsync(setExists
                        ? [["destroy", "Address_Set", "as0"]]
                        : [["create", "Address_Set", "name=as0", $"addresses=[\"10.9.0.{step}\"]"]]);
                    setExists = !setExists;
                }
                else
                {
                    // An agent drops its connection and comes back holding what it had.
                    int i = rng.Next(agents.Count);
                    var old = agents[i];
                    await old.DisconnectAsync();
                    if (rng.Next(2) == 0) await northd.RunAsync($"ls-add extra{step}");
                    var back = new TestAgent(northd.Address, old.Name, old.EncapIp);
                    back.Model.Apply(old.Model.ToFullUpdate());
                    if (!(await back.StartAsync(old.Model.Revision)).Full) resumedWithDelta++;
                    await old.DisposeAsync();
                    agents[i] = back;
                }

                long revision = northd.Server.Revision;
                var state = await northd.Nb.GetSouthboundAsync(new GetSouthboundRequest());
                foreach (var a in agents)
                {
                    if (a.Model.Revision < revision) await a.UntilRevisionAsync(revision);
                    Assert.True(AgentModel.Expected(state, a.Name).Describe() == a.Snapshot(),
                        $"step {step} (op {op}): {a.Name} holds\n{a.Snapshot()}\nbut should hold\n{AgentModel.Expected(state, a.Name).Describe()}");
                }
            }
        }
        finally
        {
            foreach (var a in agents) await a.DisposeAsync();
        }
        Assert.True(resumedWithDelta > 0, "no resume took the delta path");
    }
}
