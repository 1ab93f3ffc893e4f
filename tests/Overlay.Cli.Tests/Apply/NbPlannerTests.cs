using Overlay.Cli.Apply;
using Overlay.Northd.Compiler.Nb;
using static Overlay.Cli.Tests.Apply.PlannerScripts;

namespace Overlay.Cli.Tests.Apply;

public class NbPlannerTests
{
    private static NbDatabase Run(NbDatabase current, NbPlan plan)
    {
        var (commands, problems) = NbScript.ParseArguments(plan.ChainedWords());
        Assert.Empty(problems);
        var r = NbTransaction.Apply(current, commands);
        Assert.True(r.Ok, string.Join("\n", r.Diagnostics) + "\nplan:\n" + plan.Script);
        return r.Database!;
    }

    public static TheoryData<int, int> Pairs()
    {
        var data = new TheoryData<int, int>();
        for (int a = 0; a < All.Length; a++)
            for (int b = 0; b < All.Length; b++)
                data.Add(a, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Plan_reaches_the_desired_content_keeps_keys_and_a_second_plan_is_empty(int from, int to)
    {
        var current = Load(All[from]);
        var desired = Load(All[to]);
        var plan = NbPlanner.Plan(current, desired);
        Assert.Empty(NbPlanCheck.Verify(current, desired, plan));
        Assert.Equal(from == to, plan.IsEmpty);
        var result = plan.IsEmpty ? current : Run(current, plan);
        Assert.True(NbPlanCheck.SameContent(result, desired), "content differs after the plan:\n" + plan.Script);
        // Idempotent: planning again against the result finds nothing to do.
        var again = NbPlanner.Plan(result, desired);
        Assert.True(again.IsEmpty, "second plan is not empty:\n" + again.Script);
        Assert.Empty(again.Changes);
    }

    [Fact]
    public void Surviving_objects_keep_their_tunnel_keys_even_when_others_are_deleted_first()
    {
        // Keys: sw0=1 sw1=2 lr0=3 in the current database; in the file sw1 comes first (it would get key 1 there).
        var current = Load("ls-add sw0\nls-add sw1\nlr-add lr0\nlsp-add sw1 a\nlsp-add sw1 b\nlsp-add sw1 c");
        var desired = Load("ls-add sw1\nlr-add lr0\nls-add sw3\nlsp-add sw1 c\nlsp-add sw1 d");
        var result = Run(current, NbPlanner.Plan(current, desired));
        Assert.Equal(2u, result.Switches["sw1"].TunnelKey);
        Assert.Equal(3u, result.Routers["lr0"].TunnelKey);
        Assert.Equal(3u, result.Switches["sw1"].Ports["c"].TunnelKey);
        Assert.Equal(current.Switches["sw1"].Ports["c"].TunnelKey, result.Switches["sw1"].Ports["c"].TunnelKey);
        Assert.True(NbPlanCheck.SameContent(result, desired));
    }

    [Fact]
    public void Diff_has_one_line_per_object_with_what_changes()
    {
        var plan = NbPlanner.Plan(Load(TwoTier), Load(TwoTierChanged));
        var lines = plan.Changes.Select(c => c.ToString()).ToList();
        Assert.Contains("+ ls sw2", lines);
        Assert.Contains("+ lsp sw2-port1: on sw2", lines);
        Assert.Contains("~ lsp sw0-port1: addresses [\"50:54:00:00:00:01 10.0.0.3\"] -> [\"50:54:00:00:00:01 10.0.0.5\"], port_security [\"50:54:00:00:00:01 10.0.0.3\"] -> []", lines);
        Assert.Contains("~ lsp sw0-port2: moves from sw0 to sw1 (new tunnel key)", lines);
        Assert.Contains("~ lsp sw1-port1: disabled", lines);
        Assert.Contains("~ lrp lr0-sw0: mac 00:00:00:00:ff:01 -> 00:00:00:00:ff:11", lines);
        Assert.Contains(["set", "Logical_Router_Port", "lr0-sw0", "mac=\"00:00:00:00:ff:11\""], plan.Commands);
        Assert.Contains("~ lr lr0 route 30.0.0.0/24: via 20.0.0.50 -> via 20.0.0.60", lines);
        Assert.Contains("+ lr lr0 route 0.0.0.0/0: via 20.0.0.1", lines);
        Assert.Contains("~ address_set as_web: [\"10.0.0.3\", \"10.0.0.4\"] -> [\"10.0.0.5\"]", lines);
        Assert.Contains("+ address_set as_db: [\"20.0.0.3\"]", lines);
        Assert.Contains("~ pg pg_web: ports [\"sw0-port1\", \"sw0-port2\"] -> []", lines);
        Assert.Contains("- pg pg_web acl to-lport 1001 (outport == @pg_web && ip4): drop", lines);
        Assert.Contains("+ pg pg_web acl to-lport 1002 (outport == @pg_web && ip4 && tcp.dst == 80): allow", lines);
        Assert.Contains("+ ls sw1 acl from-lport 900 (ip4.src == $as_db): drop", lines);
        Assert.DoesNotContain(lines, l => l.Contains("sw1 acl from-lport 1000", StringComparison.Ordinal));
        Assert.Contains("- pg pg_web acl to-lport 1002 (outport == @pg_web && ip4 && tcp.dst == 80): allow-related", lines);
        Assert.StartsWith("6 to add, 7 to change, 2 to delete (", plan.Summary);
    }

    [Fact]
    public void Deleting_everything_uses_the_del_verbs()
    {
        var plan = NbPlanner.Plan(Load(TwoTier), NbDatabase.Empty);
        var verbs = plan.Commands.Select(c => c.First(w => !w.StartsWith("--", StringComparison.Ordinal))).ToHashSet();
        Assert.Equal(new HashSet<string> { "pg-del", "destroy", "lr-del", "ls-del" }, verbs);
        Assert.Equal(["- pg pg_web", "- address_set as_web", "- lr lr0: 2 ports", "- ls sw0: 3 ports", "- ls sw1: 2 ports"], plan.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Script_quotes_words_so_it_can_be_read_back()
    {
        var plan = NbPlanner.Plan(NbDatabase.Empty, Load(TwoTier));
        var back = NbScript.Load(plan.Script, "plan.nbctl");
        Assert.True(back.Ok, string.Join("\n", back.Diagnostics));
        Assert.True(NbPlanCheck.SameContent(back.Database!, Load(TwoTier)));
        Assert.Contains("lsp-set-addresses sw0-port1 '50:54:00:00:00:01 10.0.0.3'", plan.Script);
    }

    [Fact]
    public void Verify_catches_a_plan_that_does_not_reach_the_file()
    {
        var current = Load(Small);
        var desired = Load(TwoTier);
        var wrong = new NbPlan([], [["ls-add", "sw0"]]);
        Assert.Contains("the planned commands do not reach the file's content", NbPlanCheck.Verify(current, desired, wrong));
    }
}
